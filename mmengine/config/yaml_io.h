#pragma once

/// YAML <-> Value as MMEngine reads and writes .yaml/.yml configs:
/// `yaml.load(f, Loader=yaml.CLoader)` and `yaml.dump(obj, Dumper=CDumper)`
/// (`mmengine/fileio/handlers/yaml_handler.py`), i.e. YAML 1.1 plain
/// scalars as PyYAML resolves them and `!!python/tuple` for tuples.
///
///   Value cfg = load_yaml("configs/a.yaml");
///   cfg["lr"];                       // `lr: 1e-4` is the str '1e-4'
///   std::string text = dump_yaml(cfg);

#include <filesystem>
#include <string>
#include <string_view>

#include "mmengine/api.h"
#include "mmengine/config/value.h"

namespace mmengine::config {

/// Parses one YAML document like PyYAML's full loader: plain scalars are
/// resolved with YAML 1.1 rules (`yes`/`off` bool, `010` octal, `1:30`
/// sexagesimal, `1e-4` str, `1.0e-4` float, `~` None), quoted and block
/// scalars are str, `<<` merge keys, anchors and aliases, and the tags
/// !!str/int/float/bool/null/seq/map and !!python/{tuple,list,dict,str,
/// int,float,bool,none} work. An empty stream is None. Throws ConfigError
/// "<source>:<line>:<col>: <message>" on bad syntax, several documents,
/// unknown tags, or keys that are not str/int. Differs in: timestamps stay
/// str, ints beyond int64 are a ConfigError, syntax messages are yaml-cpp's.
MMENGINE_API Value
parse_yaml(std::string_view text, std::string_view source = "<string>");

/// Reads and parses a YAML file. FileError when it cannot be read.
MMENGINE_API Value load_yaml(const std::filesystem::path& file);

/// PyYAML's implicit resolution + construction of one plain scalar:
/// "yes" -> True, "0x1F" -> 31, "1.5" -> 1.5, "~" -> None, "abc" -> 'abc'.
/// Throws ConfigError for `=` and `<<` (no constructor in PyYAML) and for
/// ints beyond int64.
MMENGINE_API Value resolve_yaml_scalar(std::string_view plain);

/// Options of `yaml.dump` that MMEngine's callers use.
struct YamlDumpOptions {
  /// Sort dict keys (PyYAML's default); dicts mixing str and int keys stay
  /// in insertion order, as PyYAML's sort falls back on TypeError.
  bool sort_keys = true;
  /// Write non-ASCII characters as is instead of "\xE9"-style escapes.
  bool allow_unicode = false;
  /// Spaces per indentation level (PyYAML: 2).
  int indent = 2;
  /// Preferred line width for folding long scalars (PyYAML: 80).
  int width = 80;
};

/// `yaml.dump(value, Dumper=CDumper)` with block style: tuples tagged
/// `!!python/tuple`, strs quoted where YAML 1.1 would read them as
/// something else, floats as `1.0e-05`/`.inf`/`.nan`. Differs in writing no
/// anchors/aliases (Python emits them for objects shared by identity).
MMENGINE_API std::string dump_yaml(
    const Value& value, const YamlDumpOptions& options = {});

/// `mmengine.dump(value, file)` for .yaml/.yml, via a temporary file
/// renamed into place. Throws FileError when it cannot be written.
MMENGINE_API void dump_yaml_file(
    const Value& value,
    const std::filesystem::path& file,
    const YamlDumpOptions& options = {});

}  // namespace mmengine::config
