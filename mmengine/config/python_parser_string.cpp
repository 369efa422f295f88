// String literals: prefixes, escapes, implicit concatenation and f-strings
// (CPython 3.11 rules: one token per literal, replacement fields parsed here).

#include <string>

#include <fmt/format.h>

#include "mmengine/config/python_parser_impl.h"
#include "mmengine/config/python_utf8_impl.h"

namespace mmengine::config::detail {

namespace {

void append_literal(JoinedStrExpr& out, std::string_view text) {
  if (text.empty()) {
    return;
  }
  if (!out.parts.empty() && !out.parts.back().value) {
    out.parts.back().literal += text;
    return;
  }
  FStringPart part;
  part.literal = std::string(text);
  out.parts.push_back(std::move(part));
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

char simple_escape(char e) {
  switch (e) {
    case '\\':
    case '\'':
    case '"':
      return e;
    case 'a':
      return '\a';
    case 'b':
      return '\b';
    case 'f':
      return '\f';
    case 'n':
      return '\n';
    case 'r':
      return '\r';
    case 't':
      return '\t';
    case 'v':
      return '\v';
    default:
      return 0;
  }
}

}  // namespace

ExprPtr Parser::strings() {
  const auto pos = peek().pos;
  auto joined = std::make_unique<JoinedStrExpr>(pos);
  bool any_f = false;
  while (peek().kind == TokenKind::kString) {
    const Token& t = next();
    const auto q = t.text.find_first_of("'\"");
    bool raw = false;
    bool f = false;
    for (char c : t.text.substr(0, q)) {
      raw = raw || c == 'r' || c == 'R';
      f = f || c == 'f' || c == 'F';
      if (c == 'b' || c == 'B') {
        unsupported(t.pos, "bytes literals");
      }
    }
    const char quote = t.text[q];
    const bool triple = t.text.size() >= q + 6 && t.text[q + 1] == quote &&
                        t.text[q + 2] == quote;
    const std::size_t ql = triple ? 3 : 1;
    const auto body = t.text.substr(q + ql, t.text.size() - q - 2 * ql);
    const auto body_pos = static_cast<std::uint32_t>(t.pos + q + ql);
    if (f) {
      any_f = true;
      fstring(body, 0, body_pos, raw, *joined, 0, false);
    } else {
      append_literal(*joined, decode_literal(body, body_pos, raw));
    }
  }
  if (!any_f) {
    std::string text;
    if (!joined->parts.empty()) {
      text = std::move(joined->parts.front().literal);
    }
    return std::make_unique<ConstantExpr>(pos, ConstValue{std::move(text)});
  }
  int depth = 0;
  for (const auto& part : joined->parts) {
    if (part.value) {
      depth = std::max<int>(depth, part.value->depth);
    }
    if (part.spec) {
      depth = std::max<int>(depth, part.spec->depth);
    }
  }
  store_depth(*joined, depth + 1);
  return joined;
}

std::string Parser::decode_literal(
    std::string_view body, std::uint32_t body_pos, bool raw) const {
  if (raw) {
    return std::string(body);
  }
  std::string out;
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\' || i + 1 >= body.size()) {
      out.push_back(body[i]);
      continue;
    }
    const auto at = static_cast<std::uint32_t>(body_pos + i);
    const char e = body[++i];
    if (e == '\n') {
      continue;
    }
    if (const char s = simple_escape(e)) {
      out.push_back(s);
      continue;
    }
    if ((e >= '0' && e <= '7') || e == 'x' || e == 'u' || e == 'U') {
      i = numeric_escape(body, i, at, out);
      continue;
    }
    if (e == 'N') {
      unsupported(at, "\\N{...} escapes");
    }
    out.push_back('\\');
    out.push_back(e);
  }
  return out;
}

std::size_t Parser::numeric_escape(
    std::string_view body,
    std::size_t i,
    std::uint32_t at,
    std::string& out) const {
  const char e = body[i];
  char32_t cp = 0;
  if (e >= '0' && e <= '7') {
    std::size_t n = 0;
    for (; n < 3 && i < body.size() && body[i] >= '0' && body[i] <= '7';
         ++n, ++i) {
      cp = cp * 8 + static_cast<char32_t>(body[i] - '0');
    }
    append_code_point(out, cp);
    return i - 1;
  }
  const std::size_t digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
  for (std::size_t k = 1; k <= digits; ++k) {
    const int h = i + k < body.size() ? hex_value(body[i + k]) : -1;
    if (h < 0) {
      fail(
          at,
          fmt::format(
              "(unicode error) 'unicodeescape' codec can't decode bytes: "
              "truncated \\{}{} escape",
              e,
              std::string(digits, 'X')));
    }
    cp = cp * 16 + static_cast<char32_t>(h);
  }
  if (!append_code_point(out, cp)) {
    fail(
        at,
        cp > 0x10FFFF ? "(unicode error) illegal Unicode character"
                      : "lone surrogates are not supported in config strings");
  }
  return i + digits;
}

std::size_t Parser::fstring(
    std::string_view body,
    std::size_t i,
    std::uint32_t body_pos,
    bool raw,
    JoinedStrExpr& out,
    int nesting,
    bool in_spec) {
  std::string segment;
  std::size_t segment_start = i;
  const auto flush = [&] {
    const auto at = static_cast<std::uint32_t>(body_pos + segment_start);
    append_literal(out, decode_literal(segment, at, raw));
    segment.clear();
  };
  while (i < body.size()) {
    const char c = body[i];
    const bool doubled = i + 1 < body.size() && body[i + 1] == c;
    if (c == '{' && !(doubled && !in_spec)) {
      flush();
      i = fstring_field(body, i, body_pos, raw, out, nesting);
      segment_start = i;
    } else if (c == '}' && in_spec) {
      break;
    } else if ((c == '{' || c == '}') && doubled) {
      segment.push_back(c);
      i += 2;
    } else if (c == '}') {
      fail(
          static_cast<std::uint32_t>(body_pos + i),
          "f-string: single '}' is not allowed");
    } else {
      segment.push_back(c);
      ++i;
    }
  }
  flush();
  return i;
}

std::size_t Parser::fstring_expression_end(
    std::string_view body,
    std::size_t start,
    std::uint32_t body_pos,
    bool& debug) const {
  int depth = 0;
  char quote = 0;
  std::size_t j = start;
  for (; j < body.size(); ++j) {
    const char ch = body[j];
    const char nx = j + 1 < body.size() ? body[j + 1] : '\0';
    const auto at = static_cast<std::uint32_t>(body_pos + j);
    if (quote != 0) {
      quote = ch == quote ? 0 : quote;
      continue;
    }
    if (ch == '\\') {
      fail(at, "f-string expression part cannot include a backslash");
    }
    if (ch == '#') {
      fail(at, "f-string expression part cannot include '#'");
    }
    if (ch == '\'' || ch == '"') {
      quote = ch;
    } else if (ch == '(' || ch == '[' || ch == '{') {
      ++depth;
    } else if (ch == ')' || ch == ']' || ch == '}') {
      if (depth == 0) {
        if (ch == '}') {
          return j;
        }
        fail(at, fmt::format("f-string: unmatched '{}'", ch));
      }
      --depth;
    } else if (
        depth == 0 && (ch == '=' || ch == '!' || ch == '<' || ch == '>') &&
        nx == '=') {
      ++j;
    } else if (depth == 0 && (ch == '!' || ch == ':')) {
      return j;
    } else if (depth == 0 && ch == '=') {
      debug = true;
      return j;
    }
  }
  if (quote != 0) {
    fail(
        static_cast<std::uint32_t>(body_pos + start),
        "f-string: unterminated string");
  }
  return j;
}

std::size_t Parser::fstring_field(
    std::string_view body,
    std::size_t i,
    std::uint32_t body_pos,
    bool raw,
    JoinedStrExpr& out,
    int nesting) {
  const auto open_pos = static_cast<std::uint32_t>(body_pos + i);
  if (nesting >= 2) {
    fail(open_pos, "f-string: expressions nested too deeply");
  }
  const std::size_t start = i + 1;
  bool debug = false;
  std::size_t j = fstring_expression_end(body, start, body_pos, debug);
  if (j >= body.size()) {
    fail(open_pos, "f-string: expecting '}'");
  }
  const auto text = body.substr(start, j - start);
  if (text.find_first_not_of(" \t\n\f") == std::string_view::npos) {
    fail(open_pos, "f-string: empty expression not allowed");
  }
  FStringPart part;
  auto tokens = tokenize_expression(
      src_,
      body_pos + static_cast<std::uint32_t>(start),
      body_pos + static_cast<std::uint32_t>(j));
  Parser sub(src_, std::move(tokens), depth_ + 1, true);
  part.value = sub.fstring_field_input();
  if (debug) {
    ++j;
    while (j < body.size() &&
           (body[j] == ' ' || body[j] == '\t' || body[j] == '\n')) {
      ++j;
    }
    append_literal(out, body.substr(start, j - start));
  }
  if (j < body.size() && body[j] == '!') {
    const char conv = j + 1 < body.size() ? body[j + 1] : '\0';
    if (conv != 's' && conv != 'r' && conv != 'a') {
      fail(
          static_cast<std::uint32_t>(body_pos + j),
          "f-string: invalid conversion character: expected 's', 'r', or 'a'");
    }
    part.conversion = conv;
    j += 2;
  }
  if (j < body.size() && body[j] == ':') {
    part.spec = std::make_unique<JoinedStrExpr>(
        static_cast<std::uint32_t>(body_pos + j + 1));
    j = fstring(body, j + 1, body_pos, raw, *part.spec, nesting + 1, true);
  }
  if (j >= body.size() || body[j] != '}') {
    fail(open_pos, "f-string: expecting '}'");
  }
  if (debug && part.conversion == 0 && !part.spec) {
    part.conversion = 'r';
  }
  out.parts.push_back(std::move(part));
  return j + 1;
}

}  // namespace mmengine::config::detail
