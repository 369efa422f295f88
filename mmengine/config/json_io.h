#pragma once

/// JSON <-> Value with Python `json` semantics, as MMEngine's JsonHandler
/// (`mmengine/fileio/handlers/json_handler.py`) reads and writes configs.
///
///   Value cfg = load_json("configs/a.json");      // json.load
///   std::string text = dump_json(cfg);             // json.dumps(cfg)
///   dump_json_file(cfg, "out.json", {.indent = 4});

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "mmengine/api.h"
#include "mmengine/config/value.h"

namespace mmengine::config {

/// Parses JSON text like `json.loads`: objects keep first-seen key order
/// and the last value of a repeated key, `-0.0`, `NaN`, `Infinity` and
/// `-Infinity` are accepted, `1E400` is inf. Throws ConfigError
/// "<source>:<line>:<col>: <Python's message>" on bad input. Differs in
/// ints beyond int64 (a ConfigError) and invalid UTF-8 (a ConfigError
/// where Python fails while decoding the file).
MMENGINE_API Value
parse_json(std::string_view text, std::string_view source = "<string>");

/// Reads and parses a JSON file (UTF-8). Throws FileError when it cannot be
/// read, ConfigError naming the file on bad content.
MMENGINE_API Value load_json(const std::filesystem::path& file);

/// Options of `json.dumps` that MMEngine's callers use.
struct JsonDumpOptions {
  /// None: one line with ", " and ": "; n: n spaces per level, "," and ": ".
  std::optional<int> indent = std::nullopt;
  /// Sort dict keys (TypeError when a dict mixes str and int keys).
  bool sort_keys = false;
  /// Escape every non-ASCII character as \uXXXX (Python's default).
  bool ensure_ascii = true;
};

/// `json.dumps(value, ...)`: tuples become arrays, int keys become
/// strings, floats use Python's repr (`NaN`, `Infinity` for non-finite).
MMENGINE_API std::string dump_json(
    const Value& value, const JsonDumpOptions& options = {});

/// `mmengine.dump(value, file)` for .json: writes dump_json(value, options)
/// without a trailing newline, via a temporary file renamed into place.
/// Throws FileError when the file cannot be written.
MMENGINE_API void dump_json_file(
    const Value& value,
    const std::filesystem::path& file,
    const JsonDumpOptions& options = {});

}  // namespace mmengine::config
