#include "mmengine/config/json_io.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mmengine/config/number_impl.h"
#include "mmengine/config/text_file_impl.h"
#include "mmengine/config/utf8_impl.h"
#include "mmengine/utils/error.h"

namespace mmengine::config {
namespace {

// Python's C scanner fails with RecursionError near this depth.
constexpr int kMaxDepth = 1000;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// A recursive-descent parser with the grammar and error messages of
// CPython's json.scanner / json.decoder.
class JsonParser {
 public:
  JsonParser(std::string_view text, std::string_view source)
      : text_(text), source_(source) {}

  Value parse_document() {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") {
      fail("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0);
    }
    skip_whitespace();
    Value v = parse_value(0);
    skip_whitespace();
    if (pos_ != text_.size()) {
      fail("Extra data", pos_);
    }
    return v;
  }

 private:
  [[noreturn]] void fail(std::string_view message, std::size_t at) const {
    throw ConfigError(fmt::format(
        "{}:{}: {}", source_, detail::line_col(text_, at), message));
  }

  bool at(char c) const {
    return pos_ < text_.size() && text_[pos_] == c;
  }

  bool consume(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) {
      return false;
    }
    pos_ += word.size();
    return true;
  }

  void skip_whitespace() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' ||
            text_[pos_] == '\r')) {
      ++pos_;
    }
  }

  Value parse_value(int depth) {
    if (depth > kMaxDepth) {
      fail("maximum nesting depth exceeded", pos_);
    }
    if (at('{')) {
      return parse_object(depth);
    }
    if (at('[')) {
      return parse_array(depth);
    }
    if (at('"')) {
      return Value(parse_string());
    }
    return parse_literal();
  }

  Value parse_literal() {
    if (consume("null")) {
      return {};
    }
    if (consume("true")) {
      return true;
    }
    if (consume("false")) {
      return false;
    }
    if (consume("NaN")) {
      return std::numeric_limits<double>::quiet_NaN();
    }
    if (consume("Infinity")) {
      return std::numeric_limits<double>::infinity();
    }
    if (consume("-Infinity")) {
      return -std::numeric_limits<double>::infinity();
    }
    return parse_number();
  }

  Value parse_number();

  std::size_t skip_digits(std::size_t p) const {
    while (p < text_.size() && is_digit(text_[p])) {
      ++p;
    }
    return p;
  }
  Value parse_object(int depth);
  Value parse_array(int depth);
  std::string parse_string();
  void parse_escape(std::string& out, std::size_t string_start);
  char32_t parse_hex4(std::size_t backslash);

  std::string_view text_;
  std::string_view source_;
  std::size_t pos_ = 0;
};

// Python's NUMBER_RE: -?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?
Value JsonParser::parse_number() {
  const std::size_t start = pos_;
  std::size_t p = pos_ + (at('-') ? 1 : 0);
  if (p >= text_.size() || !is_digit(text_[p])) {
    fail("Expecting value", start);
  }
  p = text_[p] == '0' ? p + 1 : skip_digits(p);
  const std::size_t int_end = p;
  if (p + 1 < text_.size() && text_[p] == '.' && is_digit(text_[p + 1])) {
    p = skip_digits(p + 1);
  }
  if (p < text_.size() && (text_[p] == 'e' || text_[p] == 'E')) {
    std::size_t q = p + 1;
    q += (q < text_.size() && (text_[q] == '+' || text_[q] == '-')) ? 1 : 0;
    p = q < text_.size() && is_digit(text_[q]) ? skip_digits(q) : p;
  }
  pos_ = p;
  const std::string_view token = text_.substr(start, p - start);
  if (p != int_end) {
    double d = 0;
    detail::parse_double(token, d);
    return d;
  }
  std::int64_t i = 0;
  if (std::from_chars(token.data(), token.data() + token.size(), i).ec !=
      std::errc()) {
    fail(
        fmt::format("integer {} is out of the supported int64 range", token),
        start);
  }
  return i;
}

Value JsonParser::parse_object(int depth) {
  ++pos_;
  std::vector<Value::Item> items;
  skip_whitespace();
  if (at('}')) {
    ++pos_;
    return Value::dict(std::move(items));
  }
  while (true) {
    if (!at('"')) {
      fail("Expecting property name enclosed in double quotes", pos_);
    }
    std::string key = parse_string();
    skip_whitespace();
    if (!at(':')) {
      fail("Expecting ':' delimiter", pos_);
    }
    ++pos_;
    skip_whitespace();
    items.emplace_back(std::move(key), parse_value(depth + 1));
    skip_whitespace();
    if (at('}')) {
      ++pos_;
      return Value::dict(std::move(items));
    }
    if (!at(',')) {
      fail("Expecting ',' delimiter", pos_);
    }
    ++pos_;
    skip_whitespace();
  }
}

Value JsonParser::parse_array(int depth) {
  ++pos_;
  std::vector<Value> items;
  skip_whitespace();
  if (at(']')) {
    ++pos_;
    return Value::list(std::move(items));
  }
  while (true) {
    items.push_back(parse_value(depth + 1));
    skip_whitespace();
    if (at(']')) {
      ++pos_;
      return Value::list(std::move(items));
    }
    if (!at(',')) {
      fail("Expecting ',' delimiter", pos_);
    }
    ++pos_;
    skip_whitespace();
  }
}

std::string JsonParser::parse_string() {
  const std::size_t start = pos_++;
  std::string out;
  while (true) {
    if (pos_ >= text_.size()) {
      fail("Unterminated string starting at", start);
    }
    const auto c = static_cast<unsigned char>(text_[pos_]);
    if (c == '"') {
      ++pos_;
      return out;
    }
    if (c == '\\') {
      parse_escape(out, start);
    } else if (c < 0x20) {
      fail("Invalid control character at", pos_);
    } else if (c < 0x80) {
      out += static_cast<char>(c);
      ++pos_;
    } else {
      detail::Utf8Decoder decoder(text_.substr(pos_));
      if (!decoder.next()) {
        fail(fmt::format("'utf-8' codec can't decode byte 0x{:02x}", c), pos_);
      }
      out += text_.substr(pos_, decoder.offset());
      pos_ += decoder.offset();
    }
  }
}

void JsonParser::parse_escape(std::string& out, std::size_t string_start) {
  const std::size_t backslash = pos_++;
  if (pos_ >= text_.size()) {
    fail("Unterminated string starting at", string_start);
  }
  const char e = text_[pos_++];
  constexpr std::string_view kEscapes = "\"\\/bfnrt";
  constexpr std::string_view kDecoded = "\"\\/\b\f\n\r\t";
  if (const auto i = kEscapes.find(e); i != std::string_view::npos) {
    out += kDecoded[i];
    return;
  }
  if (e != 'u') {
    fail("Invalid \\escape", backslash);
  }
  char32_t cp = parse_hex4(backslash);
  // A high surrogate followed by an escaped low one is one code point.
  if (cp >= 0xD800 && cp <= 0xDBFF && text_.substr(pos_, 2) == "\\u") {
    const std::size_t save = pos_;
    pos_ += 2;
    const char32_t low = parse_hex4(save);
    if (low >= 0xDC00 && low <= 0xDFFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    } else {
      pos_ = save;
    }
  }
  detail::append_utf8(out, cp);
}

char32_t JsonParser::parse_hex4(std::size_t backslash) {
  std::uint32_t cp = 0;
  const auto hex = text_.substr(pos_, 4);
  const auto res = std::from_chars(hex.data(), hex.data() + hex.size(), cp, 16);
  if (hex.size() != 4 || res.ptr != hex.data() + 4 || hex[0] == '+' ||
      hex[0] == '-') {
    fail("Invalid \\uXXXX escape", backslash);
  }
  pos_ += 4;
  return static_cast<char32_t>(cp);
}

}  // namespace

Value parse_json(std::string_view text, std::string_view source) {
  return JsonParser(text, source).parse_document();
}

Value load_json(const std::filesystem::path& file) {
  return parse_json(detail::read_text_file(file), file.string());
}

}  // namespace mmengine::config
