// PretrainedInit: weights from a checkpoint, read by the runner's checkpoint
// reader (local files, http(s) URLs) or a torch::save(module) archive.
#include <ATen/core/Tensor.h>
#include <torch/nn/module.h>
#include <torch/serialize/input-archive.h>

#include <optional>

#include "mmengine/model/init_info_impl.h"
#include "mmengine/model/weight_init.h"
#include "mmengine/runner/checkpoint.h"
#include "mmengine/runner/checkpoint/download.h"
#include "mmengine/utils/error.h"

namespace mmengine::model {

namespace {

using structures::Tree;

// Parameters and buffers of a torch::save(module) archive, by dotted name.
void flatten_archive(
    torch::serialize::InputArchive& archive,
    const std::string& prefix,
    Tree& out) {
  for (const std::string& key : archive.keys()) {
    torch::serialize::InputArchive child;
    at::Tensor tensor;
    if (archive.try_read(key, child)) {
      flatten_archive(child, prefix + key + ".", out);
    } else if (archive.try_read(key, tensor)) {
      out[prefix + key] = Tree(tensor);
    }
  }
}

// A torch::save(module) archive (TorchScript format) as a flat state dict,
// or nullopt when `path` is not one.
std::optional<Tree> read_archive(
    const std::string& path, const std::string& location) {
  try {
    torch::serialize::InputArchive archive;
    archive.load_from(path, c10::Device(location));
    Tree out = Tree::dict();
    flatten_archive(archive, "", out);
    return out;
  } catch (const c10::Error&) {
    return std::nullopt;
  }
}

// The checkpoint as `_load_checkpoint` reads it. Our reader refuses a
// torch::save(module) archive or reads it as a record of its TorchScript
// class (`__class__`): those are read as archives.
Tree read_checkpoint(const std::string& path, const std::string& location) {
  Tree ckpt;
  try {
    ckpt = runner::load_checkpoint_file(path, location);
  } catch (const FileError& e) {
    throw FileError(std::string("[Pretrained] ") + e.what());
  } catch (const CheckpointError& e) {
    std::optional<Tree> archive;
    if (!runner::checkpoint::is_http_url(path)) {
      archive = read_archive(path, location);
    }
    if (!archive) {
      throw CheckpointError(std::string("[Pretrained] ") + e.what());
    }
    return *archive;
  }
  if ((!ckpt.is_dict() || ckpt.contains("__class__")) &&
      !runner::checkpoint::is_http_url(path)) {
    if (auto archive = read_archive(path, location)) {
      return *archive;
    }
  }
  return ckpt;
}

// Mirrors `_load_checkpoint_with_prefix` on an already read checkpoint.
Tree with_prefix(
    const Tree& ckpt, std::string prefix, const std::string& path) {
  const Tree sd =
      ckpt.is_dict() && ckpt.contains("state_dict") ? ckpt["state_dict"] : ckpt;
  if (!prefix.ends_with('.')) {
    prefix += '.';
  }
  Tree out = Tree::dict();
  for (const auto& [k, v] : sd.items()) {
    const std::string key = k.to_string();
    if (key.starts_with(prefix)) {
      out[key.substr(prefix.size())] = v;
    }
  }
  MMENGINE_CHECK_T(
      CheckpointError,
      out.size() > 0,
      "[Pretrained] ",
      prefix,
      " is not in the pretrained model ",
      path);
  return out;
}

}  // namespace

PretrainedInit::PretrainedInit(registry::BuildArgs& args)
    : checkpoint_(args.take<std::string>("checkpoint")),
      prefix_(args.take<std::optional<std::string>>(
          "prefix", std::optional<std::string>())),
      map_location_(args.take<std::string>("map_location", "cpu")) {}

void PretrainedInit::operator()(torch::nn::Module& module) const {
  runner::LoadStateDictResult result;
  if (prefix_) {
    detail::log_init(
        "INFO", "load " + *prefix_ + " in model from: " + checkpoint_);
    const Tree ckpt = read_checkpoint(checkpoint_, map_location_);
    result = runner::load_state_dict(
        module,
        with_prefix(ckpt, *prefix_, checkpoint_),
        /*strict=*/false,
        /*log_report=*/false);
  } else {
    detail::log_init("INFO", "load model from: " + checkpoint_);
    const Tree ckpt = read_checkpoint(checkpoint_, map_location_);
    MMENGINE_CHECK_T(
        CheckpointError,
        ckpt.kind() == Tree::Kind::kDict,
        "No state_dict found in checkpoint file ",
        checkpoint_);
    result = runner::load_checkpoint_to_model(
        module,
        ckpt,
        /*strict=*/false,
        runner::default_revise_keys(),
        /*log_report=*/false);
  }
  if (!result.message.empty()) {
    detail::log_init("WARNING", result.message);
  }
  update_init_info(module, init_info());
}

std::string PretrainedInit::init_info() const {
  return "PretrainedInit: load from " + checkpoint_;
}

}  // namespace mmengine::model
