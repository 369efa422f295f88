#pragma once

/// Checkpoint I/O: load and save `torch.save`-compatible checkpoints and
/// apply state dicts to modules with MMEngine's key handling.
///
///   auto ckpt = runner::load_checkpoint(*model, "epoch_3.pth");
///   ckpt["meta"]["epoch"].as<int>();
///   runner::save_checkpoint(ckpt, "work_dirs/copy.pth");   // atomic
///
/// Mirrors `mmengine.runner.checkpoint`; differs in supporting local files
/// (`~` expanded, `file://`), `http(s)://` URLs (loading, cached like
/// torch.hub) and `.safetensors` files only (no pavi, s3 or model-zoo
/// schemes).

#include <cstdio>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/structures/tree.h"

namespace torch::nn {
class Module;
}  // namespace torch::nn

namespace mmengine::runner {

/// (regex pattern, replacement) pairs applied to every key, in order.
using ReviseKeys = std::vector<std::pair<std::string, std::string>>;

/// MMEngine's default `revise_keys`: strip a leading `module.`.
MMENGINE_API const ReviseKeys& default_revise_keys();

/// Mirrors `_load_checkpoint(filename, map_location)`: reads a `.pth`
/// (zip or legacy) or `.safetensors` file, local or downloaded from an
/// `http(s)://` URL into `$TORCH_HOME/hub/checkpoints` (once); prints
/// `Loads checkpoint by local|http backend from path: <f>`. map_location:
/// "cpu" (default) or a device string tensors are moved to. FileError
/// `<f> can not be found.`, or naming the URL and HTTP status.
MMENGINE_API structures::Tree load_checkpoint_file(
    const std::string& filename, const std::string& map_location = "cpu");

/// Mirrors `_load_checkpoint_with_prefix`: keys starting with `prefix.`
/// with the prefix removed; CheckpointError `<prefix>. is not in the
/// pretrained model` when none does.
MMENGINE_API structures::Tree load_checkpoint_with_prefix(
    const std::string& prefix,
    const std::string& filename,
    const std::string& map_location = "cpu");

/// What load_state_dict() found; `message` is MMEngine's report (empty
/// when everything matched).
struct LoadStateDictResult {
  std::vector<std::string> missing_keys;
  std::vector<std::string> unexpected_keys;
  std::vector<std::string> shape_errors;
  std::string message;
};

/// Mirrors `load_state_dict(module, state_dict, strict)`: copies matching
/// tensors into parameters and buffers; mismatches are reported in
/// MMEngine's wording — CheckpointError when strict, else a WARNING
/// through the current logger (only returned when `log_report` is false).
MMENGINE_API LoadStateDictResult load_state_dict(
    torch::nn::Module& module,
    const structures::Tree& state_dict,
    bool strict = false,
    bool log_report = true);

/// Mirrors `load_checkpoint(model, filename, map_location, strict,
/// revise_keys)`: takes `ckpt['state_dict']` (or the whole checkpoint),
/// rewrites keys with revise_keys, loads it and returns the checkpoint.
/// CheckpointError `No state_dict found in checkpoint file <f>`.
MMENGINE_API structures::Tree load_checkpoint(
    torch::nn::Module& model,
    const std::string& filename,
    const std::string& map_location = "cpu",
    bool strict = false,
    const ReviseKeys& revise_keys = default_revise_keys());

/// Mirrors `_load_checkpoint_to_model`: the checkpoint's `state_dict` (or
/// the checkpoint itself) with `revise_keys` applied, loaded into `model`
/// as load_state_dict() does.
MMENGINE_API LoadStateDictResult load_checkpoint_to_model(
    torch::nn::Module& model,
    const structures::Tree& checkpoint,
    bool strict = false,
    const ReviseKeys& revise_keys = default_revise_keys(),
    bool log_report = true);

/// Mirrors `get_state_dict(module)`: parameters and buffers by name.
MMENGINE_API structures::Tree get_state_dict(const torch::nn::Module& module);

/// Mirrors `weights_to_cpu`: the same tree with every tensor on the CPU.
MMENGINE_API structures::Tree weights_to_cpu(const structures::Tree& tree);

/// Mirrors `save_checkpoint(checkpoint, filename)`: writes PyTorch's zip
/// format (or safetensors for a `.safetensors` name: flat tensor dicts or
/// the `state_dict` entry) atomically: temp file, flush, fsync, rename;
/// parent folders are created. On failure any previous file is intact and
/// FileError/CheckpointError names the path.
MMENGINE_API void save_checkpoint(
    const structures::Tree& checkpoint, const std::string& filename);

/// Mirrors `find_latest_checkpoint(path)`: the text of
/// `<path>/last_checkpoint` (stripped), or "" after printing `Did not find
/// last_checkpoint to be resumed.`
MMENGINE_API std::string find_latest_checkpoint(const std::string& path);

/// Checks that `file_client_args` / `backend_args` (None or a dict) name
/// local storage (no `backend`, or backend 'local'/'disk'); ValueError
/// `<where>: only local storage is supported ...` otherwise, and when both
/// are set (MMEngine's message).
MMENGINE_API void check_local_backend(
    const config::Value& file_client_args,
    const config::Value& backend_args,
    const std::string& where);

/// Writes `path` through a temporary file beside it (`temp`, by default
/// `<path>.tmp<pid>`): `write(file, path)` fills it, then it is flushed,
/// fsynced and renamed over `path`, whose parent folders are created. On any
/// failure the temporary file is removed, an existing `path` is left as it
/// was, and a FileError "<label> cannot write <path>: <reason>" is thrown.
/// Checkpoints, `last_checkpoint`, downloads and dumped results are written
/// this way.
MMENGINE_API void write_file_atomically(
    const std::string& path,
    const std::function<void(std::FILE*, const std::string&)>& write,
    const std::string& label = "[save_checkpoint]",
    std::string temp = "");

/// Writes `text` (any bytes) to `path` with write_file_atomically, as the
/// `last_checkpoint` file is written.
MMENGINE_API void write_text_atomically(
    const std::string& path,
    const std::string& text,
    const std::string& label = "[save_checkpoint]");

}  // namespace mmengine::runner
