#include "mmengine/config/config.h"

#include <algorithm>
#include <filesystem>

#include "mmengine/config/config_yapf_impl.h"
#include "mmengine/config/json_io.h"
#include "mmengine/config/text_file_impl.h"
#include "mmengine/config/yaml_io.h"
#include "mmengine/utils/error.h"

namespace mmengine::config {

const std::vector<std::string>& Config::reserved_keys() {
  static const std::vector<std::string> keys = {
      "filename", "text", "pretty_text", "env_variables"};
  return keys;
}

Config::Config() : cfg_dict_(Value::dict()) {}

Config::Config(
    Value cfg_dict,
    std::string text,
    std::string filename,
    std::vector<std::pair<std::string, std::string>> env_variables)
    : cfg_dict_(std::move(cfg_dict)),
      text_(std::move(text)),
      filename_(std::move(filename)),
      env_variables_(std::move(env_variables)) {
  MMENGINE_CHECK_TYPE(
      cfg_dict_.is_dict(),
      "cfg_dict must be a dict, but got ",
      cfg_dict_.type_name());
  for (const auto& key : reserved_keys()) {
    MMENGINE_CHECK_KEY(
        !cfg_dict_.contains(Key(key)),
        filename_.empty() ? "" : filename_ + ": ",
        key,
        " is reserved for config file");
  }
}

void Config::merge_from_dict(const Value& options, bool allow_list_keys) {
  MMENGINE_CHECK_TYPE(
      options.is_dict(),
      "merge_from_dict: options must be a dict, got ",
      options.type_name());
  // "a.b.c": v  ->  {a: {b: {c: v}}}, sharing prefixes between options.
  Value tree = Value::dict();
  for (const auto& [full_key, v] : options.items()) {
    const std::string& text = full_key.to_string();
    Value* node = &tree;
    size_t begin = 0;
    for (size_t dot = text.find('.'); dot != std::string::npos;
         dot = text.find('.', begin)) {
      const Key part(text.substr(begin, dot - begin));
      if (!node->contains(part) || !node->find(part)->is_dict()) {
        node->set(part, Value::dict());
      }
      node = node->find(part);
      begin = dot + 1;
    }
    node->set(Key(text.substr(begin)), v);
  }
  cfg_dict_ = merge_a_into_b(tree, cfg_dict_, allow_list_keys);
}

std::string Config::pretty_text(bool format_python_code) const {
  std::string text = format_config_dict(cfg_dict_);
  return format_python_code ? detail::yapf_format(text) : text;
}

std::string Config::dump_string(std::string_view format) const {
  if (format == "py" || format == ".py") {
    return pretty_text();
  }
  if (format == "json" || format == ".json") {
    return dump_json(cfg_dict_);
  }
  if (format == "yaml" || format == ".yaml" || format == "yml" ||
      format == ".yml") {
    return dump_yaml(cfg_dict_);
  }
  throw ValueError(fmt::format(
      "Config.dump: unsupported format '{}' (expected py, json or yaml)",
      format));
}

void Config::dump(const std::string& file) const {
  const auto ext = std::filesystem::path(file).extension().string();
  detail::write_text_file(file, dump_string(ext));
}

std::string Config::repr() const {
  return fmt::format(
      "Config (path: {}): {}",
      filename_.empty() ? "None" : filename_,
      cfg_dict_.repr());
}

}  // namespace mmengine::config
