#include "mmengine/config/python_lexer_impl.h"

#include <array>
#include <string>

#include <fmt/format.h>

#include "mmengine/config/python_utf8_impl.h"

namespace mmengine::config::detail {

namespace {

constexpr std::array<std::string_view, 35> kKeywords = {
    "False",  "None",   "True",    "and",      "as",       "assert", "async",
    "await",  "break",  "class",   "continue", "def",      "del",    "elif",
    "else",   "except", "finally", "for",      "from",     "global", "if",
    "import", "in",     "is",      "lambda",   "nonlocal", "not",    "or",
    "pass",   "raise",  "return",  "try",      "while",    "with",   "yield"};

constexpr std::array<std::string_view, 5> kOps3 = {
    "**=", "//=", ">>=", "<<=", "..."};
constexpr std::array<std::string_view, 19> kOps2 = {
    "!=",
    "%=",
    "&=",
    "**",
    "*=",
    "+=",
    "-=",
    "->",
    "//",
    "/=",
    ":=",
    "<<",
    "<=",
    "==",
    ">=",
    ">>",
    "@=",
    "^=",
    "|="};
constexpr std::string_view kOps1 = "%&()*+,-./:;<=>@[]^{|}~";

bool is_ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_ident_char(char c) {
  return is_ident_start(c) || (c >= '0' && c <= '9');
}
bool is_dec(char c) {
  return c >= '0' && c <= '9';
}
bool is_hex(char c) {
  return is_dec(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Letters allowed before a quote: r, u, f, b and the pairs rb/br/rf/fr.
bool is_string_prefix(std::string_view p) {
  std::string low;
  for (char c : p) {
    low.push_back(static_cast<char>(c | 0x20));
  }
  return low == "r" || low == "u" || low == "f" || low == "b" || low == "rb" ||
         low == "br" || low == "rf" || low == "fr";
}

// Keywords by first character: kKeywords is sorted, so each character's
// keywords are one range.
struct KeywordRange {
  std::uint8_t begin = 0;
  std::uint8_t end = 0;
};
constexpr auto kKeywordIndex = [] {
  std::array<KeywordRange, 128> index{};
  for (std::size_t i = 0; i < kKeywords.size(); ++i) {
    auto& range = index[static_cast<unsigned char>(kKeywords[i][0])];
    if (range.end == 0) {
      range.begin = static_cast<std::uint8_t>(i);
    }
    range.end = static_cast<std::uint8_t>(i + 1);
  }
  return index;
}();

// Length of the longest operator that `rest` starts with; 0 for none.
std::size_t op_length(std::string_view rest) {
  // Every operator of two or three characters has one of these second.
  if (rest.size() < 2 ||
      std::string_view("=*/<>.").find(rest[1]) == std::string_view::npos) {
    return kOps1.find(rest[0]) != std::string_view::npos ? 1 : 0;
  }
  const auto starts_with = [rest](std::string_view op) {
    return rest.size() >= op.size() && same_text(rest.substr(0, op.size()), op);
  };
  for (const auto op3 : kOps3) {
    if (starts_with(op3)) {
      return 3;
    }
  }
  for (const auto op2 : kOps2) {
    if (starts_with(op2)) {
      return 2;
    }
  }
  return kOps1.find(rest[0]) != std::string_view::npos ? 1 : 0;
}

class Lexer {
 public:
  Lexer(
      const SourceFile& src, std::uint32_t begin, std::uint32_t end, bool expr)
      : src_(src), text_(src.text()), pos_(begin), end_(end), expr_(expr) {}

  std::vector<Token> run() {
    out_.reserve((end_ - pos_) / 3 + 16);  // configs: ~1 token per 3 bytes
    while (true) {
      if (at_line_start_ && !expr_ && parens_.empty()) {
        at_line_start_ = false;
        if (!indentation()) {
          continue;
        }
      }
      skip_blanks();
      if (pos_ >= end_) {
        finish();
        return std::move(out_);
      }
      next_token();
    }
  }

 private:
  [[noreturn]] void fail(std::uint32_t pos, std::string_view msg) const {
    src_.raise(pos, "SyntaxError", msg);
  }
  char peek(std::uint32_t ahead = 0) const {
    return pos_ + ahead < end_ ? text_[pos_ + ahead] : '\0';
  }
  void emit(TokenKind kind, std::uint32_t start) {
    out_.push_back(
        {kind, std::string_view(text_).substr(start, pos_ - start), start});
  }

  // Handles the start of a line; returns false when the line was blank (it
  // has been consumed) so the caller starts over on the next line.
  bool indentation() {
    int col = 0;
    while (pos_ < end_) {
      const char c = text_[pos_];
      if (c == ' ') {
        ++col;
      } else if (c == '\t') {
        col = (col / 8 + 1) * 8;
      } else if (c == '\f') {
        col = 0;
      } else {
        break;
      }
      ++pos_;
    }
    if (pos_ >= end_) {
      return true;
    }
    if (peek() == '#' || peek() == '\n') {
      while (pos_ < end_ && text_[pos_] != '\n') {
        ++pos_;
      }
      if (pos_ < end_) {
        ++pos_;
      }
      at_line_start_ = true;
      return false;
    }
    apply_indent(col);
    return true;
  }

  void apply_indent(int col) {
    if (col > indents_.back()) {
      if (static_cast<int>(indents_.size()) > kMaxIndentDepth) {
        fail(pos_, "too many levels of indentation");
      }
      indents_.push_back(col);
      out_.push_back({TokenKind::kIndent, {}, pos_});
      return;
    }
    while (col < indents_.back()) {
      indents_.pop_back();
      out_.push_back({TokenKind::kDedent, {}, pos_});
    }
    if (col != indents_.back()) {
      src_.raise(
          pos_,
          "IndentationError",
          "unindent does not match any outer indentation level");
    }
  }

  void skip_blanks() {
    while (pos_ < end_) {
      const char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\f') {
        ++pos_;
      } else if (c == '#') {
        while (pos_ < end_ && text_[pos_] != '\n') {
          ++pos_;
        }
      } else if (c == '\\') {
        if (pos_ + 1 >= end_) {
          fail(pos_, "unexpected EOF while parsing");
        }
        if (text_[pos_ + 1] != '\n') {
          fail(
              pos_ + 1,
              "unexpected character after line continuation character");
        }
        pos_ += 2;
      } else {
        return;
      }
    }
  }

  void next_token() {
    const char c = text_[pos_];
    if (c == '\n') {
      newline();
    } else if (is_ident_start(c)) {
      name_or_string();
    } else if (is_dec(c) || (c == '.' && is_dec(peek(1)))) {
      number();
    } else if (c == '\'' || c == '"') {
      string(pos_);
    } else {
      op();
    }
  }

  void newline() {
    const auto start = pos_++;
    if (expr_ || !parens_.empty()) {
      return;
    }
    if (!out_.empty() && out_.back().kind != TokenKind::kNewline) {
      emit(TokenKind::kNewline, start);
    }
    at_line_start_ = true;
  }

  void name_or_string() {
    const auto start = pos_;
    while (pos_ < end_ && is_ident_char(text_[pos_])) {
      ++pos_;
    }
    const char next = peek();
    if ((next == '\'' || next == '"') && pos_ - start <= 2 &&
        is_string_prefix(std::string_view(text_).substr(start, pos_ - start))) {
      string(start);
      return;
    }
    if (static_cast<unsigned char>(next) >= 0x80) {
      invalid_character(pos_);
    }
    emit(TokenKind::kName, start);
    out_.back().keyword = is_keyword(out_.back().text);
  }

  [[noreturn]] void invalid_character(std::uint32_t at) const {
    const auto cp = decode_utf8_at(text_, at);
    fail(
        at,
        fmt::format(
            "invalid character '{}' (U+{:04X})",
            std::string_view(text_).substr(at, cp.length),
            static_cast<std::uint32_t>(cp.code_point)));
  }

  // Consumes digit ('_'? digit)*; false when an underscore is misplaced.
  bool digits(bool (*is_digit)(char)) {
    if (!is_digit(peek())) {
      return false;
    }
    while (true) {
      while (is_digit(peek())) {
        ++pos_;
      }
      if (peek() != '_') {
        return true;
      }
      if (!is_digit(peek(1))) {
        return false;
      }
      ++pos_;
    }
  }

  void number() {
    const auto start = pos_;
    if (peek() == '0' && peek(1) != '\0' &&
        std::string_view("xXoObB").find(peek(1)) != std::string_view::npos) {
      radix_number(start);
      return;
    }
    if (peek() != '.' && !digits(is_dec)) {
      fail(start, "invalid decimal literal");
    }
    const bool leading_zero =
        text_[start] == '0' &&
        std::string_view(text_)
                .substr(start, pos_ - start)
                .find_first_not_of("0_") != std::string_view::npos;
    bool is_float = false;
    if (peek() == '.') {
      ++pos_;
      is_float = true;
      if (is_dec(peek()) && !digits(is_dec)) {
        fail(start, "invalid decimal literal");
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      exponent(start);
      is_float = true;
    }
    if (peek() == 'j' || peek() == 'J') {
      fail(start, "complex numbers are not supported in config files");
    }
    if (is_ident_char(peek())) {
      fail(start, "invalid decimal literal");
    }
    if (leading_zero && !is_float) {
      fail(
          start,
          "leading zeros in decimal integer literals are not permitted; use "
          "an 0o prefix for octal integers");
    }
    emit(TokenKind::kNumber, start);
  }

  void exponent(std::uint32_t start) {
    const auto mark = pos_;
    ++pos_;
    if (peek() == '+' || peek() == '-') {
      ++pos_;
    }
    if (!is_dec(peek())) {
      pos_ = mark;
      fail(start, "invalid decimal literal");
    }
    if (!digits(is_dec)) {
      fail(start, "invalid decimal literal");
    }
  }

  void radix_number(std::uint32_t start) {
    const char base = static_cast<char>(text_[start + 1] | 0x20);
    pos_ += 2;
    const auto* name = base == 'x'   ? "hexadecimal"
                       : base == 'o' ? "octal"
                                     : "binary";
    const auto valid = [base](char c) {
      return base == 'x'   ? is_hex(c)
             : base == 'o' ? (c >= '0' && c <= '7')
                           : (c == '0' || c == '1');
    };
    if (peek() == '_') {
      ++pos_;
    }
    if (!valid(peek())) {
      if (is_dec(peek())) {
        fail(
            pos_,
            fmt::format("invalid digit '{}' in {} literal", peek(), name));
      }
      fail(start, fmt::format("invalid {} literal", name));
    }
    while (valid(peek()) || (peek() == '_' && valid(peek(1)))) {
      ++pos_;
    }
    if (is_dec(peek())) {
      fail(pos_, fmt::format("invalid digit '{}' in {} literal", peek(), name));
    }
    if (is_ident_char(peek())) {
      fail(start, fmt::format("invalid {} literal", name));
    }
    emit(TokenKind::kNumber, start);
  }

  void string(std::uint32_t start) {
    while (text_[pos_] != '\'' && text_[pos_] != '"') {
      ++pos_;
    }
    const char quote = text_[pos_];
    const bool triple = peek(1) == quote && peek(2) == quote;
    pos_ += triple ? 3 : 1;
    while (true) {
      if (pos_ >= end_) {
        unterminated(start, triple);
      }
      const char c = text_[pos_];
      if (c == '\\') {
        pos_ += 2;
        continue;
      }
      if (c == '\n' && !triple) {
        unterminated(start, triple);
      }
      if (c == quote && (!triple || (peek(1) == quote && peek(2) == quote))) {
        pos_ += triple ? 3 : 1;
        emit(TokenKind::kString, start);
        return;
      }
      ++pos_;
    }
  }

  [[noreturn]] void unterminated(std::uint32_t start, bool triple) const {
    // A triple-quoted literal runs to the end: CPython names the line of
    // the last character there.
    const auto at = triple ? std::max(end_, 1u) - 1 : std::min(pos_, end_);
    const int line = src_.loc(at).line;
    fail(
        start,
        fmt::format(
            "unterminated {}string literal (detected at line {})",
            triple ? "triple-quoted " : "",
            line));
  }

  void op() {
    const auto start = pos_;
    const auto rest = std::string_view(text_).substr(pos_, end_ - pos_);
    const std::size_t len = op_length(rest);
    if (len == 0) {
      if (static_cast<unsigned char>(rest[0]) >= 0x80 || rest[0] == '$' ||
          rest[0] == '?' || rest[0] == '`') {
        invalid_character(pos_);
      }
      fail(pos_, "invalid syntax");
    }
    pos_ += static_cast<std::uint32_t>(len);
    track_bracket(rest[0], start);
    emit(TokenKind::kOp, start);
  }

  void track_bracket(char c, std::uint32_t at) {
    if (c == '(' || c == '[' || c == '{') {
      if (static_cast<int>(parens_.size()) >= kMaxBracketDepth) {
        fail(at, "too many nested parentheses");
      }
      parens_.push_back(at);
      return;
    }
    if (c != ')' && c != ']' && c != '}') {
      return;
    }
    if (parens_.empty()) {
      fail(at, fmt::format("unmatched '{}'", c));
    }
    const char open = text_[parens_.back()];
    const char expected = open == '(' ? ')' : open == '[' ? ']' : '}';
    if (c != expected) {
      fail(
          at,
          fmt::format(
              "closing parenthesis '{}' does not match opening parenthesis "
              "'{}'",
              c,
              open));
    }
    parens_.pop_back();
  }

  void finish() {
    if (!parens_.empty()) {
      fail(
          parens_.back(),
          fmt::format("'{}' was never closed", text_[parens_.back()]));
    }
    pos_ = end_;
    if (!expr_) {
      if (!out_.empty() && out_.back().kind != TokenKind::kNewline) {
        out_.push_back({TokenKind::kNewline, {}, pos_});
      }
      while (indents_.size() > 1) {
        indents_.pop_back();
        out_.push_back({TokenKind::kDedent, {}, pos_});
      }
    }
    out_.push_back({TokenKind::kEnd, {}, pos_});
  }

  const SourceFile& src_;
  const std::string& text_;
  std::uint32_t pos_;
  std::uint32_t end_;
  bool expr_;
  bool at_line_start_ = true;
  std::vector<Token> out_;
  std::vector<int> indents_{0};
  std::vector<std::uint32_t> parens_;
};

void check_encoding(const SourceFile& source) {
  const auto& text = source.text();
  const auto nul = text.find('\0');
  if (nul != std::string::npos) {
    source.raise(
        static_cast<std::uint32_t>(nul),
        "SyntaxError",
        "source code cannot contain null bytes");
  }
  const auto bad = find_invalid_utf8(text);
  if (bad != std::string::npos) {
    source.raise(
        static_cast<std::uint32_t>(bad),
        "SyntaxError",
        fmt::format(
            "invalid UTF-8 byte 0x{:02x}",
            static_cast<unsigned char>(text[bad])));
  }
}

}  // namespace

std::vector<Token> tokenize(const SourceFile& source) {
  check_encoding(source);
  std::uint32_t begin = 0;
  if (source.text().starts_with("\xEF\xBB\xBF")) {
    begin = 3;
  }
  const auto end = static_cast<std::uint32_t>(source.text().size());
  return Lexer(source, begin, end, false).run();
}

std::vector<Token> tokenize_expression(
    const SourceFile& source, std::uint32_t begin, std::uint32_t end) {
  return Lexer(source, begin, end, true).run();
}

bool is_keyword(std::string_view name) {
  const auto first = name.empty() ? 0u : static_cast<unsigned char>(name[0]);
  if (first >= kKeywordIndex.size()) {
    return false;
  }
  const auto range = kKeywordIndex[first];
  for (auto i = range.begin; i < range.end; ++i) {
    if (same_text(kKeywords[i], name)) {
      return true;
    }
  }
  return false;
}

}  // namespace mmengine::config::detail
