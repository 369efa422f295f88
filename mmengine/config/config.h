#pragma once

/// A whole config: the resolved dict plus where it came from.
///
///   auto cfg = mmengine::config::Config::fromfile("configs/digits.py");
///   cfg.merge_from_dict(mmengine::config::parse_options({"optim.lr=0.1"}));
///   double lr = cfg["optim_wrapper"]["optimizer"]["lr"].as<double>();
///   std::cout << cfg.pretty_text();
///
/// Mirrors `mmengine.config.Config`; differs in that `.py` files are parsed
/// by a safe interpreter instead of being executed, so a config can never
/// run code (see docs/config.md).

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/value.h"

namespace mmengine::config {

/// `fromfile` switches, as MMEngine's keyword arguments.
struct LoadOptions {
  /// Replace `{{ fileDirname }}` and friends.
  bool use_predefined_variables = true;
  /// Replace `{{$NAME:default}}`.
  bool use_environment_variables = true;
  /// Load a `.py` file as a lazy-import ("pure Python style") config:
  /// nullopt detects it as MMEngine does, false never (the whole chain),
  /// true always (the file itself).
  std::optional<bool> lazy_import;
};

/// A loaded config. Cheap to copy (the dict is copy-on-write).
class MMENGINE_API Config {
 public:
  /// Keys a config file may not define at top level.
  static const std::vector<std::string>& reserved_keys();

  /// An empty config.
  Config();
  /// Wraps a dict. Throws TypeError when cfg_dict is not a dict and KeyError
  /// "<key> is reserved for config file" for reserved top-level keys.
  explicit Config(
      Value cfg_dict,
      std::string text = {},
      std::string filename = {},
      std::vector<std::pair<std::string, std::string>> env_variables = {});

  /// Loads .py/.json/.yaml/.yml with `_base_` inheritance, variables and
  /// merging exactly as `Config.fromfile`. Errors name the file and line.
  static Config fromfile(const std::string& filename, LoadOptions options = {});
  /// Loads config text of the given format (".py", ".json", ".yaml",
  /// ".yml") through a temporary file, as MMEngine does: relative `_base_`
  /// paths resolve against the temporary directory, so use absolute ones.
  static Config fromstring(const std::string& text, std::string_view format);

  /// The resolved dict.
  const Value& dict() const noexcept {
    return cfg_dict_;
  }
  Value& dict() noexcept {
    return cfg_dict_;
  }
  /// `cfg[key]`, `cfg.at("a.b")`: see Value.
  ConstRef operator[](const Key& key) const {
    return cfg_dict_[key];
  }
  Ref operator[](const Key& key) {
    return cfg_dict_[key];
  }
  ConstRef at(std::string_view path) const {
    return cfg_dict_.at(path);
  }
  bool contains(const Key& key) const {
    return cfg_dict_.contains(key);
  }

  /// Absolute path of the file it was loaded from ("" when built in code).
  const std::string& filename() const noexcept {
    return filename_;
  }
  /// Every file's path and original text, bases first (MMEngine's layout).
  const std::string& text() const noexcept {
    return text_;
  }
  /// Environment variables used by `{{$NAME:default}}`, in first-use order.
  const std::vector<std::pair<std::string, std::string>>& env_variables()
      const noexcept {
    return env_variables_;
  }

  /// Python source that rebuilds the dict, byte-identical to MMEngine's
  /// `pretty_text`: stage 1 (format_config_dict) laid out as MMEngine's yapf
  /// call does. format_python_code=false gives stage 1 only, as MMEngine's
  /// `Config(..., format_python_code=False)`. Throws ConfigError ("Failed
  /// to format the config file ...") where MMEngine raises SyntaxError.
  std::string pretty_text(bool format_python_code = true) const;
  /// The dict in a format: "py" (pretty_text), "json" or "yaml"/"yml".
  std::string dump_string(std::string_view format) const;
  /// Writes the dict to `file` in the format of its extension; atomic
  /// (written to a temporary name, then renamed).
  void dump(const std::string& file) const;

  /// Applies `--cfg-options`: each dotted key becomes nested dicts merged
  /// into this config (`pipeline.0.x` indexes lists when allow_list_keys).
  /// Mirrors `Config.merge_from_dict`.
  void merge_from_dict(const Value& options, bool allow_list_keys = true);

  /// `Config (path: <filename>): <repr of the dict>`.
  std::string repr() const;

 private:
  Value cfg_dict_;
  std::string text_;
  std::string filename_;
  std::vector<std::pair<std::string, std::string>> env_variables_;
};

/// Merges dict `a` into a copy of `b` with MMEngine's rules: dicts merge
/// recursively, everything else replaces, `_delete_=True` replaces a dict,
/// and with allow_list_keys digit keys index lists of `b`.
/// Mirrors `Config._merge_a_into_b`; `path` prefixes error messages. Pass
/// `b` by std::move when it is not needed after (no copy-on-write clone).
MMENGINE_API Value merge_a_into_b(
    const Value& a,
    Value b,
    bool allow_list_keys = false,
    const std::string& path = {});

/// Stage 1 of `pretty_text`: exactly MMEngine's `format_python_code=False`
/// text for a dict.
MMENGINE_API std::string format_config_dict(const Value& dict);

}  // namespace mmengine::config
