// PretrainedInit, initialize() with `override`, and the registration of the
// built-in initialisers.
#include <ATen/core/ivalue.h>
#include <c10/core/Device.h>
#include <fmt/format.h>
#include <torch/csrc/jit/serialization/pickle.h>
#include <torch/nn/module.h>
#include <torch/serialize/input-archive.h>

#include <fstream>
#include <iterator>
#include <map>
#include <set>

#include "mmengine/model/init_info_impl.h"
#include "mmengine/model/weight_init.h"
#include "mmengine/registry/root.h"
#include "mmengine/utils/error.h"

namespace mmengine::model {

namespace {

using config::Value;
using StateDict = std::vector<std::pair<std::string, at::Tensor>>;

std::string torch_size(const at::Tensor& t) {
  return fmt::format("torch.Size([{}])", fmt::join(t.sizes(), ", "));
}

// A dict of tensors (or {'state_dict': {...}, ...}) from torch::pickle_save
// or Python's torch.save; non-tensor entries are skipped.
StateDict from_pickled(const c10::IValue& value, const std::string& path) {
  MMENGINE_CHECK_T(
      CheckpointError,
      value.isGenericDict(),
      "[Pretrained] ",
      path,
      ": expected a dict in the checkpoint, got ",
      value.tagKind());
  c10::Dict<c10::IValue, c10::IValue> dict = value.toGenericDict();
  auto inner = dict.find(c10::IValue("state_dict"));
  if (inner != dict.end() && inner->value().isGenericDict()) {
    dict = inner->value().toGenericDict();
  }
  StateDict out;
  for (const auto& entry : dict) {
    if (entry.key().isString() && entry.value().isTensor()) {
      out.emplace_back(entry.key().toStringRef(), entry.value().toTensor());
    }
  }
  return out;
}

// Parameters and buffers of a torch::save(module) archive, by dotted name.
void flatten_archive(
    torch::serialize::InputArchive& archive,
    const std::string& prefix,
    StateDict& out) {
  for (const std::string& key : archive.keys()) {
    torch::serialize::InputArchive child;
    at::Tensor tensor;
    if (archive.try_read(key, child)) {
      flatten_archive(child, prefix + key + ".", out);
    } else if (archive.try_read(key, tensor)) {
      out.emplace_back(prefix + key, tensor);
    }
  }
}

StateDict read_state_dict(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  MMENGINE_CHECK_T(
      FileError, in.good(), "[Pretrained] cannot open checkpoint ", path);
  std::vector<char> bytes(
      (std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string pickle_error;
  try {
    return from_pickled(torch::jit::pickle_load(bytes), path);
  } catch (const c10::Error& e) {
    // Not a pickled dict: try the torch::save(module) archive format.
    pickle_error = e.what_without_backtrace();
  }
  try {
    torch::serialize::InputArchive archive;
    archive.load_from(path);
    StateDict out;
    flatten_archive(archive, "", out);
    return out;
  } catch (const c10::Error& e) {
    throw CheckpointError(fmt::format(
        "[Pretrained] {}: not a checkpoint written by torch::pickle_save, "
        "torch.save or torch::save(module) (as a pickle: {}; as an archive: "
        "{})",
        path,
        pickle_error,
        e.what_without_backtrace()));
  }
}

// Rewrites keys: drops `module.` (MMEngine's default revise_keys) or keeps
// only `prefix.`-keys without the prefix.
StateDict select_keys(
    StateDict dict,
    const std::optional<std::string>& prefix,
    const std::string& path) {
  StateDict out;
  std::string p = prefix.value_or("module.");
  if (!p.ends_with('.')) {
    p += '.';
  }
  for (auto& [key, tensor] : dict) {
    if (key.starts_with(p)) {
      out.emplace_back(key.substr(p.size()), std::move(tensor));
    } else if (!prefix) {
      out.emplace_back(std::move(key), std::move(tensor));
    }
  }
  MMENGINE_CHECK_T(
      CheckpointError,
      !prefix || !out.empty(),
      "[Pretrained] ",
      p,
      " is not in the pretrained model ",
      path);
  return out;
}

// Non-strict load with MMEngine's mismatch report (logged as a warning).
void load_state_dict(
    torch::nn::Module& module, const StateDict& dict, c10::Device device) {
  std::map<std::string, at::Tensor> own;
  std::vector<std::string> order;
  for (const auto& items :
       {module.named_parameters(), module.named_buffers()}) {
    for (const auto& item : items) {
      own.emplace(item.key(), item.value());
      order.push_back(item.key());
    }
  }
  std::vector<std::string> msgs;
  std::vector<std::string> unexpected;
  std::set<std::string> seen;
  torch::NoGradGuard no_grad;
  for (const auto& [key, value] : dict) {
    auto it = own.find(key);
    if (it == own.end()) {
      unexpected.push_back(key);
      continue;
    }
    seen.insert(key);
    if (it->second.sizes() != value.sizes()) {
      msgs.push_back(fmt::format(
          "size mismatch for {}: copying a param with shape {} from "
          "checkpoint, the shape in current model is {}.",
          key,
          torch_size(value),
          torch_size(it->second)));
      continue;
    }
    it->second.copy_(value.to(device));
  }
  std::vector<std::string> missing;
  for (const auto& key : order) {
    if (seen.count(key) == 0 &&
        key.find("num_batches_tracked") == std::string::npos) {
      missing.push_back(key);
    }
  }
  if (!unexpected.empty()) {
    msgs.push_back(fmt::format(
        "unexpected key in source state_dict: {}\n",
        fmt::join(unexpected, ", ")));
  }
  if (!missing.empty()) {
    msgs.push_back(fmt::format(
        "missing keys in source state_dict: {}\n", fmt::join(missing, ", ")));
  }
  if (!msgs.empty()) {
    msgs.insert(
        msgs.begin(), "The model and loaded state dict do not match exactly\n");
    detail::log_init("WARNING", fmt::format("{}", fmt::join(msgs, "\n")));
  }
}

}  // namespace

PretrainedInit::PretrainedInit(registry::BuildArgs& args)
    : checkpoint_(args.take<std::string>("checkpoint")),
      prefix_(args.take<std::optional<std::string>>(
          "prefix", std::optional<std::string>())),
      map_location_(args.take<std::string>("map_location", "cpu")) {}

void PretrainedInit::operator()(torch::nn::Module& module) const {
  if (prefix_) {
    detail::log_init(
        "INFO", "load " + *prefix_ + " in model from: " + checkpoint_);
  } else {
    detail::log_init("INFO", "load model from: " + checkpoint_);
  }
  const c10::Device device(map_location_);
  StateDict dict =
      select_keys(read_state_dict(checkpoint_), prefix_, checkpoint_);
  load_state_dict(module, dict, device);
  update_init_info(module, init_info());
}

std::string PretrainedInit::init_info() const {
  return "PretrainedInit: load from " + checkpoint_;
}

}  // namespace mmengine::model
