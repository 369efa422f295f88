#pragma once

// Source text of a Python config and the error format shared by the lexer,
// parser and evaluator: "file:line:col: Kind: message", the source line and
// a caret under the column, as Python's SyntaxError display does.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mmengine/api.h"

namespace mmengine::config::detail {

/// Line and column of a byte offset, both 1-based; the column counts code
/// points, as Python's error offsets do.
struct SourceLoc {
  int line = 1;
  int col = 1;
};

/// A config file's text (newlines normalised to '\n') and its name.
class MMENGINE_API SourceFile {
 public:
  /// Copies `text`, turning "\r\n" and lone '\r' into '\n'.
  SourceFile(std::string_view text, std::string_view filename);

  const std::string& text() const {
    return text_;
  }
  const std::string& filename() const {
    return filename_;
  }
  /// Line/column of byte offset `pos` (clamped to the text).
  SourceLoc loc(std::uint32_t pos) const;
  /// Text of 1-based line `line`, without its newline.
  std::string_view line_text(int line) const;

  /// Formats "file:line:col: kind: message\n    <line>\n    <caret>".
  std::string format_error(
      std::uint32_t pos, std::string_view kind, std::string_view message) const;
  /// Throws mmengine::ConfigError with format_error's message.
  [[noreturn]] void raise(
      std::uint32_t pos, std::string_view kind, std::string_view message) const;

 private:
  std::string text_;
  std::string filename_;
  std::vector<std::uint32_t> line_starts_;
};

}  // namespace mmengine::config::detail
