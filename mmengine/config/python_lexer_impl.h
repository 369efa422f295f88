#pragma once

// Tokenizer for the Python subset of config files. It follows CPython 3.11's
// tokenizer: INDENT/DEDENT from leading whitespace, implicit line joining in
// brackets, backslash continuation, and one STRING token per literal
// (f-strings included; the parser splits their replacement fields).

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/python_source_impl.h"

namespace mmengine::config::detail {

/// Kind of a token.
enum class TokenKind : std::uint8_t {
  kName,     ///< identifier or keyword
  kNumber,   ///< int or float literal, validated, still text
  kString,   ///< one string literal with prefix and quotes
  kOp,       ///< operator or delimiter
  kNewline,  ///< end of a logical line
  kIndent,
  kDedent,
  kEnd,  ///< end of input
};

/// `a == b` for short token texts, inlined (no library call: the parser
/// compares every token against many operators and keywords).
inline bool same_text(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) {
      return false;
    }
  }
  return true;
}

/// One token: a view into the SourceFile's text and its byte offset.
struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string_view text;
  std::uint32_t pos = 0;
  bool keyword = false;  ///< a kName that is a keyword (is_keyword)

  bool is_op(std::string_view op) const {
    return kind == TokenKind::kOp && same_text(text, op);
  }
  bool is_name(std::string_view name) const {
    return kind == TokenKind::kName && same_text(text, name);
  }
};

/// Deepest bracket nesting the tokenizer accepts (CPython: 200).
inline constexpr int kMaxBracketDepth = 200;
/// Deepest indentation the tokenizer accepts (CPython: 100).
inline constexpr int kMaxIndentDepth = 100;

/// Tokenizes a whole file. Throws ConfigError (SyntaxError / IndentationError
/// with location) on bad input: invalid characters, unterminated strings,
/// mismatched brackets, bad indentation, NUL bytes, invalid UTF-8.
MMENGINE_API std::vector<Token> tokenize(const SourceFile& source);

/// Tokenizes text[begin, end) of `source` as one expression (the replacement
/// field of an f-string): newlines are ignored, no INDENT/NEWLINE tokens.
MMENGINE_API std::vector<Token> tokenize_expression(
    const SourceFile& source, std::uint32_t begin, std::uint32_t end);

/// True for the keywords of Python 3.11 (soft keywords excluded).
MMENGINE_API bool is_keyword(std::string_view name);

}  // namespace mmengine::config::detail
