#include "mmengine/runner/checkpoint.h"

#include <torch/nn/module.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "mmengine/logging/logger.h"
#include "mmengine/runner/checkpoint/download.h"
#include "mmengine/runner/checkpoint/safetensors.h"
#include "mmengine/runner/checkpoint/torch_file.h"
#include "mmengine/utils/error.h"

namespace mmengine::runner {
namespace {

using structures::Tree;

std::string torch_size(at::IntArrayRef sizes) {
  return fmt::format("torch.Size([{}])", fmt::join(sizes, ", "));
}

std::string local_path(const std::string& filename) {
  std::string path = filename;
  if (path.rfind("file://", 0) == 0) {
    path = path.substr(7);
  }
  MMENGINE_CHECK_T(
      CheckpointError,
      path.rfind("http://", 0) != 0 && path.rfind("https://", 0) != 0 &&
          path.find("://") == std::string::npos,
      "[checkpoint] ",
      filename,
      ": only local files and file:// URLs are supported here (http(s) "
      "URLs can be loaded, not saved)");
  if (path.rfind("~", 0) == 0) {
    const char* home = std::getenv("HOME");
    path = std::string(home ? home : "") + path.substr(1);
  }
  return path;
}

bool is_safetensors(const std::string& path) {
  return path.ends_with(".safetensors");
}

Tree map_tensors(
    const Tree& t, const std::function<at::Tensor(const at::Tensor&)>& fn) {
  switch (t.kind()) {
    case Tree::Kind::kTensor:
      return Tree(fn(t.tensor()));
    case Tree::Kind::kList:
    case Tree::Kind::kTuple: {
      std::vector<Tree> items;
      for (const auto& e : t.elements())
        items.push_back(map_tensors(e, fn));
      return t.kind() == Tree::Kind::kList ? Tree::list(std::move(items))
                                           : Tree::tuple(std::move(items));
    }
    case Tree::Kind::kDict: {
      structures::TreeItems items;
      for (const auto& [k, v] : t.items())
        items.emplace_back(k, map_tensors(v, fn));
      return Tree::dict(std::move(items));
    }
    case Tree::Kind::kValue:
      return t;
  }
  return t;
}

/// Python `re.sub` replacement syntax (`\1`, `\g<1>`) to ECMAScript (`$1`).
std::string ecma_replacement(const std::string& r) {
  std::string out;
  for (std::size_t i = 0; i < r.size(); ++i) {
    if (r[i] == '\\' && i + 1 < r.size() && std::isdigit(r[i + 1])) {
      out += '$';
    } else if (r[i] == '$') {
      out += "$$";
    } else {
      out += r[i];
    }
  }
  return out;
}

// torch's state_dict order: per module its parameters, its buffers, then
// its children. Walks children directly, so the top module need not be
// owned by a shared_ptr (named_modules(include_self) requires it).
void state_entries(
    const torch::nn::Module& module,
    const std::string& prefix,
    std::vector<std::pair<std::string, at::Tensor>>& out) {
  for (const auto& p : module.named_parameters(/*recurse=*/false)) {
    out.emplace_back(prefix + p.key(), p.value());
  }
  for (const auto& b : module.named_buffers(/*recurse=*/false)) {
    out.emplace_back(prefix + b.key(), b.value());
  }
  for (const auto& c : module.named_children()) {
    state_entries(*c.value(), prefix + c.key() + ".", out);
  }
}

}  // namespace

const ReviseKeys& default_revise_keys() {
  static const ReviseKeys keys = {{R"(^module\.)", ""}};
  return keys;
}

Tree load_checkpoint_file(
    const std::string& filename, const std::string& map_location) {
  std::string path;
  if (checkpoint::is_http_url(filename)) {
    logging::print_log(
        "Loads checkpoint by http backend from path: " + filename);
    path = checkpoint::cached_download(filename);
  } else {
    path = local_path(filename);
    MMENGINE_CHECK_T(
        FileError,
        std::filesystem::is_regular_file(path),
        path,
        " can not be found.");
    logging::print_log("Loads checkpoint by local backend from path: " + path);
  }
  Tree ckpt;
  if (is_safetensors(path)) {
    ckpt = checkpoint::load_safetensors(path).tensors;
  } else {
    ckpt = checkpoint::load_torch_file(path);
  }
  if (map_location != "cpu" && !map_location.empty()) {
    const c10::Device device(map_location);
    ckpt = map_tensors(ckpt, [&](const at::Tensor& t) { return t.to(device); });
  }
  return ckpt;
}

Tree load_checkpoint_with_prefix(
    const std::string& prefix_in,
    const std::string& filename,
    const std::string& map_location) {
  auto ckpt = load_checkpoint_file(filename, map_location);
  const Tree sd =
      ckpt.is_dict() && ckpt.contains("state_dict") ? ckpt["state_dict"] : ckpt;
  std::string prefix = prefix_in;
  if (!prefix.ends_with('.'))
    prefix += '.';
  auto out = Tree::dict();
  for (const auto& [k, v] : sd.items()) {
    const auto key = k.to_string();
    if (key.starts_with(prefix))
      out[key.substr(prefix.size())] = v;
  }
  MMENGINE_CHECK_T(
      CheckpointError,
      out.size() > 0,
      prefix,
      " is not in the pretrained model");
  return out;
}

LoadStateDictResult load_state_dict(
    torch::nn::Module& module,
    const Tree& state_dict,
    bool strict,
    bool log_report) {
  LoadStateDictResult r;
  std::vector<std::pair<std::string, at::Tensor>> own;
  state_entries(module, "", own);
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < own.size(); ++i)
    index.emplace(own[i].first, i);
  std::vector<bool> seen(own.size(), false);
  at::NoGradGuard no_grad;
  for (const auto& [k, v] : state_dict.items()) {
    const auto key = k.to_string();
    auto it = index.find(key);
    if (it == index.end() || !v.is_tensor()) {
      r.unexpected_keys.push_back(key);
      continue;
    }
    seen[it->second] = true;
    auto& dst = own[it->second].second;
    const auto& src = v.tensor();
    if (dst.sizes() != src.sizes()) {
      r.shape_errors.push_back(fmt::format(
          "size mismatch for {}: copying a param with shape {} from "
          "checkpoint, the shape in current model is {}.",
          key,
          torch_size(src.sizes()),
          torch_size(dst.sizes())));
      continue;
    }
    dst.copy_(src);
  }
  for (std::size_t i = 0; i < own.size(); ++i) {
    if (!seen[i] &&
        own[i].first.find("num_batches_tracked") == std::string::npos) {
      r.missing_keys.push_back(own[i].first);
    }
  }
  std::vector<std::string> msgs = r.shape_errors;
  if (!r.unexpected_keys.empty()) {
    msgs.push_back(fmt::format(
        "unexpected key in source state_dict: {}\n",
        fmt::join(r.unexpected_keys, ", ")));
  }
  if (!r.missing_keys.empty()) {
    msgs.push_back(fmt::format(
        "missing keys in source state_dict: {}\n",
        fmt::join(r.missing_keys, ", ")));
  }
  if (msgs.empty())
    return r;
  msgs.insert(
      msgs.begin(), "The model and loaded state dict do not match exactly\n");
  r.message = fmt::format("{}", fmt::join(msgs, "\n"));
  if (strict)
    throw CheckpointError(r.message);
  if (log_report)
    logging::print_log(r.message, "current", logging::kWarning);
  return r;
}

Tree load_checkpoint(
    torch::nn::Module& model,
    const std::string& filename,
    const std::string& map_location,
    bool strict,
    const ReviseKeys& revise_keys) {
  Tree ckpt = load_checkpoint_file(filename, map_location);
  MMENGINE_CHECK_T(
      CheckpointError,
      ckpt.kind() == Tree::Kind::kDict,
      "No state_dict found in checkpoint file ",
      filename);
  load_checkpoint_to_model(model, ckpt, strict, revise_keys);
  return ckpt;
}

LoadStateDictResult load_checkpoint_to_model(
    torch::nn::Module& model,
    const Tree& ckpt,
    bool strict,
    const ReviseKeys& revise_keys,
    bool log_report) {
  MMENGINE_CHECK_T(
      CheckpointError,
      ckpt.kind() == Tree::Kind::kDict,
      "No state_dict found in the checkpoint");
  const Tree sd = ckpt.contains("state_dict") ? ckpt["state_dict"] : ckpt;
  std::vector<std::pair<std::regex, std::string>> rules;
  for (const auto& [p, r] : revise_keys) {
    try {
      rules.emplace_back(std::regex(p), ecma_replacement(r));
    } catch (const std::regex_error& e) {
      throw ValueError(fmt::format(
          "[load_checkpoint] bad revise_keys pattern '{}': {}", p, e.what()));
    }
  }
  auto revised = Tree::dict();
  for (const auto& [k, v] : sd.items()) {
    std::string key = k.to_string();
    for (const auto& [re, rep] : rules)
      key = std::regex_replace(key, re, rep);
    revised[key] = v;
  }
  return load_state_dict(model, revised, strict, log_report);
}

Tree get_state_dict(const torch::nn::Module& module) {
  std::vector<std::pair<std::string, at::Tensor>> entries;
  state_entries(module, "", entries);
  auto sd = Tree::dict();
  for (auto& [key, tensor] : entries) {
    sd[key] = Tree(tensor.detach());
  }
  return sd;
}

Tree weights_to_cpu(const Tree& tree) {
  return map_tensors(tree, [](const at::Tensor& t) { return t.cpu(); });
}

void save_checkpoint(const Tree& checkpoint, const std::string& filename) {
  const auto path = local_path(filename);
  if (is_safetensors(path)) {
    const Tree sd = checkpoint.is_dict() && checkpoint.contains("state_dict")
                        ? checkpoint["state_dict"]
                        : checkpoint;
    write_text_atomically(path, checkpoint::save_safetensors_bytes(sd));
    return;
  }
  write_file_atomically(path, [&](std::FILE* f, const std::string& where) {
    checkpoint::write_torch_zip(
        checkpoint, f, where, "archive", /*start_writeback=*/true);
  });
}

std::string find_latest_checkpoint(const std::string& path) {
  const std::filesystem::path file =
      std::filesystem::path(path) / "last_checkpoint";
  std::ifstream in(file);
  if (!in) {
    logging::print_log("Did not find last_checkpoint to be resumed.");
    return "";
  }
  std::stringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  const auto begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) {
    return "";
  }
  const auto end = s.find_last_not_of(" \t\r\n");
  return s.substr(begin, end - begin + 1);
}

void check_local_backend(
    const config::Value& file_client_args,
    const config::Value& backend_args,
    const std::string& where) {
  MMENGINE_CHECK(
      file_client_args.is_none() || backend_args.is_none(),
      where,
      ": \"file_client_args\" and \"backend_args\" cannot be set at the "
      "same time.");
  for (const auto* args : {&file_client_args, &backend_args}) {
    if (args->is_none()) {
      continue;
    }
    const char* name =
        args == &file_client_args ? "file_client_args" : "backend_args";
    MMENGINE_CHECK_TYPE(
        args->is_dict(),
        where,
        ".",
        name,
        " should be a dict or None, got ",
        args->repr());
    const config::Value backend = args->get<config::Value>("backend", "local");
    const bool local =
        backend.is_string() && (backend.as<std::string>() == "local" ||
                                backend.as<std::string>() == "disk");
    MMENGINE_CHECK(
        local && args->size() <= 1,
        where,
        ".",
        name,
        ": only local storage is supported (backend 'local' or 'disk' "
        "and no other options), got ",
        args->repr());
  }
}

void write_file_atomically(
    const std::string& path,
    const std::function<void(std::FILE*, const std::string&)>& write,
    const std::string& label,
    std::string temp) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  std::error_code ec;
  if (target.has_parent_path()) {
    fs::create_directories(target.parent_path(), ec);
  }
  if (temp.empty()) {
    temp = fmt::format("{}.tmp{}", path, ::getpid());
  }
  std::FILE* f = std::fopen(temp.c_str(), "wb");
  MMENGINE_CHECK_T(
      FileError,
      f != nullptr,
      label,
      " cannot write ",
      path,
      ": ",
      std::strerror(errno));
  try {
    write(f, path);
    MMENGINE_CHECK_T(
        FileError,
        std::fflush(f) == 0 && ::fsync(fileno(f)) == 0,
        label,
        " cannot flush ",
        path,
        ": ",
        std::strerror(errno));
  } catch (...) {
    std::fclose(f);
    std::remove(temp.c_str());
    throw;
  }
  const bool closed = std::fclose(f) == 0;
  if (!closed || std::rename(temp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    std::remove(temp.c_str());
    throw FileError(fmt::format("{} cannot write {}: {}", label, path, why));
  }
}

void write_text_atomically(
    const std::string& path,
    const std::string& text,
    const std::string& label) {
  write_file_atomically(
      path,
      [&](std::FILE* f, const std::string& where) {
        MMENGINE_CHECK_T(
            FileError,
            std::fwrite(text.data(), 1, text.size(), f) == text.size(),
            label,
            " cannot write ",
            where,
            ": ",
            std::strerror(errno));
      },
      label);
}

}  // namespace mmengine::runner
