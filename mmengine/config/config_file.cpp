// Config.fromfile: MMEngine's `_file2dict` pipeline, step for step.
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <set>
#include <utility>

#include "mmengine/config/config.h"
#include "mmengine/config/config_lazy_impl.h"
#include "mmengine/config/config_python_impl.h"
#include "mmengine/config/config_substitute_impl.h"
#include "mmengine/config/json_io.h"
#include "mmengine/config/python_eval.h"
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
  bool lazy = false;  ///< a lazy-import config
};

// A file parsed once: a `.py` program, or the data of a JSON/YAML file.
struct ParsedFile {
  std::optional<PythonProgram> program;
  Value data;
};

struct Loader {
  LoadOptions options;
  std::vector<std::string> stack;  // files being loaded, for cycles

  FileResult load(const std::string& filename, const std::string& parent);

 private:
  void check_file(const std::string& filename, const std::string& parent) const;
  FileResult load_classic(
      const std::string& filename,
      const std::string& original,
      std::optional<PythonProgram> raw);
  static ParsedFile parse(const std::string& text, const std::string& filename);
  static std::vector<std::string> base_files(
      const ParsedFile& parsed, const std::string& filename);
  Value merge_bases(
      const std::vector<std::string>& bases,
      const std::string& filename,
      std::vector<std::string>& texts,
      EnvVars& env);
  static Value evaluate(
      const ParsedFile& parsed, const std::string& filename, Value& base);
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

void drop_dunder_keys(Value& dict) {
  std::vector<Key> dunder;
  for (const auto& [k, v] : std::as_const(dict).items()) {
    if (k.is_string() && k.str().starts_with("__")) {
      dunder.push_back(k);
    }
  }
  for (const auto& k : dunder) {
    dict.erase(k);
  }
}

std::string set_repr(const std::vector<std::string>& keys) {
  std::string out = "{";
  for (size_t i = 0; i < keys.size(); ++i) {
    out += (i ? ", " : "") + Value(keys[i]).repr();
  }
  return out + "}";
}

}  // namespace

ParsedFile Loader::parse(const std::string& text, const std::string& filename) {
  ParsedFile parsed;
  if (extension_of(filename) == ".py") {
    parsed.program.emplace(text, filename);
  } else {
    parsed.data = parse_data_file(text, filename);
  }
  return parsed;
}

std::vector<std::string> Loader::base_files(
    const ParsedFile& parsed, const std::string& filename) {
  Value bases;
  if (parsed.program) {
    bases = detail::python_base_files(*parsed.program);
  } else if (
      const Value* b = parsed.data.is_dict()
                           ? parsed.data.find(Key(std::string(kBaseKey)))
                           : nullptr) {
    bases = *b;
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
    for (const auto& [k, v] : std::as_const(r.dict).items()) {
      if (merged.contains(k)) {
        duplicates.push_back(k.to_string());
      }
    }
    MMENGINE_CHECK_KEY(
        duplicates.empty(),
        filename,
        ": Duplicate key is not allowed among bases. Duplicate keys: ",
        set_repr(duplicates));
    if (merged.empty()) {
      merged = std::move(r.dict);  // the same as updating an empty dict
    } else {
      merged.update(r.dict);
    }
  }
  return merged;
}

Value Loader::evaluate(
    const ParsedFile& parsed, const std::string& filename, Value& base) {
  if (parsed.program) {
    auto result = detail::run_python_config(*parsed.program, base);
    base = std::move(result.base);
    return std::move(result.globals);
  }
  Value data = parsed.data;
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

void Loader::check_file(
    const std::string& filename, const std::string& parent) const {
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
}

FileResult Loader::load(
    const std::string& filename_in, const std::string& parent) {
  const std::string filename = abspath(filename_in);
  check_file(filename, parent);
  std::string original = detail::read_text_file(filename);
  // MMEngine's `lazy_import` switch: detection reads the file as it is.
  std::optional<PythonProgram> raw;
  const bool is_py = extension_of(filename) == ".py";
  if (is_py && options.lazy_import != false) {
    raw.emplace(original, filename);
  }
  const bool lazy = options.lazy_import.has_value()
                        ? parent.empty() && *options.lazy_import && is_py
                        : raw && detail::is_lazy_import(*raw);
  if (lazy && !parent.empty()) {
    detail::raise_lazy_in_classic_chain(filename);
  }
  if (lazy) {
    FileResult result;
    result.dict = detail::load_lazy_config(filename_in, *raw);
    result.text = std::move(original);
    result.lazy = true;
    return result;
  }
  stack.push_back(filename);
  FileResult result = load_classic(filename, original, std::move(raw));
  stack.pop_back();
  return result;
}

FileResult Loader::load_classic(
    const std::string& filename,
    const std::string& original,
    std::optional<PythonProgram> raw) {
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

  // Nothing was substituted in most files: reuse the detection's parse.
  const ParsedFile parsed = raw && text == original
                                ? ParsedFile{std::move(raw), Value()}
                                : parse(text, filename);
  std::vector<std::string> texts;
  Value base =
      merge_bases(base_files(parsed, filename), filename, texts, result.env);
  Value dict = evaluate(parsed, filename, base);
  dict.erase(Key("_deprecation_"));
  if (!placeholders.empty()) {
    dict = substitute_base_vars(dict, placeholders, base, filename);
  }
  dict.erase(Key(std::string(kBaseKey)));
  try {
    dict = merge_a_into_b(dict, std::move(base));
  } catch (const TypeError& e) {
    throw TypeError(filename + ": " + e.what());
  }
  drop_dunder_keys(dict);
  texts.push_back(filename + "\n" + original);
  for (size_t i = 0; i < texts.size(); ++i) {
    result.text += i ? "\n" : "";
    result.text += texts[i];
  }
  result.dict = std::move(dict);
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
  if (!r.lazy && imports != nullptr && imports->truthy()) {
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
  std::string ext(format);
  if (!ext.starts_with('.')) {
    ext.insert(0, 1, '.');
  }
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
