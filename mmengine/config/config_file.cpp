// Config.fromfile: MMEngine's `_file2dict` pipeline, step for step.
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "mmengine/config/config.h"
#include "mmengine/config/config_python_impl.h"
#include "mmengine/config/config_substitute_impl.h"
#include "mmengine/config/json_io.h"
#include "mmengine/config/text_file_impl.h"
#include "mmengine/config/yaml_io.h"
#include "mmengine/utils/error.h"
#include "mmengine/utils/plugin.h"

namespace mmengine::config {

namespace {

namespace fs = std::filesystem;
using EnvVars = std::vector<std::pair<std::string, std::string>>;

constexpr std::string_view kBaseKey = "_base_";
constexpr int kMaxBaseDepth = 64;

struct FileResult {
  Value dict;
  std::string text;
  EnvVars env;
};

struct Loader {
  LoadOptions options;
  std::vector<std::string> stack;  // files being loaded, for cycles

  FileResult load(const std::string& filename, const std::string& parent);

 private:
  std::vector<std::string> base_files(
      const std::string& text, const std::string& filename);
  Value merge_bases(
      const std::vector<std::string>& bases,
      const std::string& filename,
      std::vector<std::string>& texts,
      EnvVars& env);
  Value evaluate(
      const std::string& text, const std::string& filename, Value& base);
};

std::string expand_user(const std::string& path) {
  if (path.empty() || path[0] != '~') {
    return path;
  }
  const char* home = std::getenv("HOME");
  return home == nullptr ? path : std::string(home) + path.substr(1);
}

// os.path.abspath: absolute and lexically normalised (no symlinks resolved).
std::string abspath(const std::string& path) {
  return fs::absolute(fs::path(expand_user(path))).lexically_normal().string();
}

std::string extension_of(const std::string& filename) {
  return fs::path(filename).extension().string();
}

Value parse_data_file(const std::string& text, const std::string& filename) {
  const std::string ext = extension_of(filename);
  return ext == ".json" ? parse_json(text, filename)
                        : parse_yaml(text, filename);
}

// Deep lookup of "a.b.c" in the merged bases (MMEngine's
// _substitute_base_vars); KeyError names the reference.
Value lookup_base_var(
    const Value& base, const std::string& path, const std::string& filename) {
  const Value* node = &base;
  size_t begin = 0;
  while (true) {
    const size_t dot = path.find('.', begin);
    const std::string part = path.substr(begin, dot - begin);
    MMENGINE_CHECK_KEY(
        node->is_dict() && node->contains(Key(part)),
        filename,
        ": {{_base_.",
        path,
        "}}: '",
        part,
        "' is not defined in the base configs");
    node = node->find(Key(part));
    if (dot == std::string::npos) {
      return *node;
    }
    begin = dot + 1;
  }
}

Value substitute_base_vars(
    const Value& v,
    const std::map<std::string, std::string>& placeholders,
    const Value& base,
    const std::string& filename) {
  if (v.is_string()) {
    auto it = placeholders.find(v.as<std::string>());
    return it == placeholders.end()
               ? v
               : lookup_base_var(base, it->second, filename);
  }
  if (v.is_sequence()) {
    std::vector<Value> items;
    for (const auto& e : v.elements()) {
      items.push_back(substitute_base_vars(e, placeholders, base, filename));
    }
    return v.is_list() ? Value::list(std::move(items))
                       : Value::tuple(std::move(items));
  }
  if (v.is_dict()) {
    Value out = Value::dict();
    for (const auto& [k, e] : v.items()) {
      out.set(k, substitute_base_vars(e, placeholders, base, filename));
    }
    return out;
  }
  return v;
}

std::string set_repr(const std::vector<std::string>& keys) {
  std::string out = "{";
  for (size_t i = 0; i < keys.size(); ++i) {
    out += (i ? ", " : "") + Value(keys[i]).repr();
  }
  return out + "}";
}

}  // namespace

std::vector<std::string> Loader::base_files(
    const std::string& text, const std::string& filename) {
  Value bases;
  if (extension_of(filename) == ".py") {
    bases = detail::python_base_files(text, filename);
  } else {
    const Value data = parse_data_file(text, filename);
    if (data.is_dict() && data.contains(Key(std::string(kBaseKey)))) {
      bases = *data.find(Key(std::string(kBaseKey)));
    }
  }
  if (bases.is_none()) {
    return {};
  }
  if (bases.is_string()) {
    return {bases.as<std::string>()};
  }
  MMENGINE_CHECK_T(
      ConfigError,
      bases.is_list(),
      filename,
      ": _base_ must be a str or a list of str, got ",
      bases.type_name());
  std::vector<std::string> out;
  for (const auto& b : bases.elements()) {
    MMENGINE_CHECK_T(
        ConfigError,
        b.is_string(),
        filename,
        ": every _base_ entry must be a str, got ",
        b.repr());
    out.push_back(b.as<std::string>());
  }
  return out;
}

Value Loader::merge_bases(
    const std::vector<std::string>& bases,
    const std::string& filename,
    std::vector<std::string>& texts,
    EnvVars& env) {
  Value merged = Value::dict();
  for (const auto& base : bases) {
    MMENGINE_CHECK_T(
        ConfigError,
        base.find("::") == std::string::npos,
        filename,
        ": _base_ '",
        base,
        "' refers to a config of an installed Python package; copy the file "
        "and refer to it by path instead");
    const std::string path =
        (fs::path(filename).parent_path() / fs::path(base)).string();
    FileResult r = load(path, filename);
    texts.push_back(std::move(r.text));
    env.insert(env.end(), r.env.begin(), r.env.end());
    std::vector<std::string> duplicates;
    for (const auto& [k, v] : r.dict.items()) {
      if (merged.contains(k)) {
        duplicates.push_back(k.to_string());
      }
    }
    MMENGINE_CHECK_KEY(
        duplicates.empty(),
        filename,
        ": Duplicate key is not allowed among bases. Duplicate keys: ",
        set_repr(duplicates));
    merged.update(r.dict);
  }
  return merged;
}

Value Loader::evaluate(
    const std::string& text, const std::string& filename, Value& base) {
  if (extension_of(filename) == ".py") {
    auto result = detail::run_python_config(text, filename, base);
    base = std::move(result.base);
    return std::move(result.globals);
  }
  Value data = parse_data_file(text, filename);
  if (data.is_none()) {
    data = Value::dict();  // an empty YAML file
  }
  MMENGINE_CHECK_T(
      ConfigError,
      data.is_dict(),
      filename,
      ": a config file must hold a mapping at top level, got ",
      data.type_name());
  return data;
}

FileResult Loader::load(
    const std::string& filename_in, const std::string& parent) {
  const std::string filename = abspath(filename_in);
  const std::string referenced =
      parent.empty() ? "" : " (a _base_ of " + parent + ")";
  MMENGINE_CHECK_T(
      FileError,
      fs::is_regular_file(filename),
      "file \"",
      filename,
      "\" does not exist",
      referenced);
  const std::string ext = extension_of(filename);
  MMENGINE_CHECK_T(
      ConfigError,
      ext == ".py" || ext == ".json" || ext == ".yaml" || ext == ".yml",
      filename,
      ": Only py/yml/yaml/json type are supported now!");
  MMENGINE_CHECK_T(
      ConfigError,
      std::find(stack.begin(), stack.end(), filename) == stack.end() &&
          stack.size() < kMaxBaseDepth,
      filename,
      ": circular or too deep _base_ inheritance",
      referenced);
  stack.push_back(filename);

  const std::string original = detail::read_text_file(filename);
  std::string text = original;
  if (options.use_predefined_variables) {
    text = detail::substitute_predefined_vars(text, filename);
  }
  FileResult result;
  if (options.use_environment_variables) {
    text = detail::substitute_env_vars(
        text, detail::process_env, result.env, filename);
  }
  std::map<std::string, std::string> placeholders;
  text = detail::pre_substitute_base_vars(text, placeholders);

  std::vector<std::string> texts;
  Value base =
      merge_bases(base_files(text, filename), filename, texts, result.env);
  Value dict = evaluate(text, filename, base);
  dict.erase(Key("_deprecation_"));
  dict = substitute_base_vars(dict, placeholders, base, filename);
  dict.erase(Key(std::string(kBaseKey)));
  try {
    dict = merge_a_into_b(dict, base);
  } catch (const TypeError& e) {
    throw TypeError(filename + ": " + e.what());
  }
  std::vector<Key> dunder;
  for (const auto& [k, v] : dict.items()) {
    if (k.is_string() && k.str().starts_with("__")) {
      dunder.push_back(k);
    }
  }
  for (const auto& k : dunder) {
    dict.erase(k);
  }
  texts.push_back(filename + "\n" + original);
  for (size_t i = 0; i < texts.size(); ++i) {
    result.text += (i ? "\n" : "") + texts[i];
  }
  result.dict = std::move(dict);
  stack.pop_back();
  return result;
}

Config Config::fromfile(const std::string& filename, LoadOptions options) {
  Loader loader{options, {}};
  FileResult r = loader.load(filename, "");
  Config cfg(
      std::move(r.dict),
      std::move(r.text),
      abspath(filename),
      std::move(r.env));
  const Value* imports = cfg.dict().find(Key("custom_imports"));
  if (imports != nullptr && imports->truthy()) {
    const auto dir = fs::path(cfg.filename()).parent_path().string();
    const ConstRef ref = cfg["custom_imports"];
    std::vector<std::string> libs;
    const Value list = ref["imports"].value();
    if (list.is_string()) {
      libs.push_back(list.as<std::string>());
    } else {
      libs = ref["imports"].as<std::vector<std::string>>();
    }
    utils::import_modules_from_strings(
        libs, ref.get<bool>("allow_failed_imports", false), dir);
  }
  return cfg;
}

Config Config::fromstring(const std::string& text, std::string_view format) {
  const std::string ext =
      format.starts_with('.') ? std::string(format) : "." + std::string(format);
  MMENGINE_CHECK_T(
      ConfigError,
      ext == ".py" || ext == ".json" || ext == ".yaml" || ext == ".yml",
      "Config.fromstring: Only py/yml/yaml/json type are supported now!");
  // Like MMEngine: through a temporary file, so bases resolve as for files.
  const fs::path dir = fs::temp_directory_path();
  static std::atomic<unsigned> counter{0};
  const fs::path file =
      dir / fmt::format("mmengine_cfg_{}_{}{}", ::getpid(), counter++, ext);
  detail::write_text_file(file, text);
  try {
    Config cfg = fromfile(file.string());
    fs::remove(file);
    return cfg;
  } catch (...) {
    std::error_code ec;
    fs::remove(file, ec);
    throw;
  }
}

}  // namespace mmengine::config
