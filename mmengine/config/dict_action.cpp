#include "mmengine/config/dict_action.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "mmengine/utils/error.h"

namespace mmengine::config {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  return out;
}

// Python int(): optional sign, digits with single '_' between digits.
std::optional<std::int64_t> parse_python_int(std::string_view s) {
  std::string digits;
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    negative = s[i] == '-';
    ++i;
  }
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits.push_back(c);
    } else if (
        c == '_' && !digits.empty() && i + 1 < s.size() &&
        std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
      continue;
    } else {
      return std::nullopt;
    }
  }
  if (digits.empty()) {
    return std::nullopt;
  }
  std::int64_t value = 0;
  const auto [end, ec] =
      std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size()) {
    return std::nullopt;  // beyond int64: kept as a string, not wrapped
  }
  return negative ? -value : value;
}

// Python float(): decimal/scientific with '_' between digits, inf, nan.
std::optional<double> parse_python_float(std::string_view s) {
  std::string text;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_') {
      const bool between = i > 0 && i + 1 < s.size() &&
                           std::isdigit(static_cast<unsigned char>(s[i - 1])) &&
                           std::isdigit(static_cast<unsigned char>(s[i + 1]));
      if (!between) {
        return std::nullopt;
      }
      continue;
    }
    text.push_back(s[i]);
  }
  const std::string body = lower(
      text.empty() || (text[0] != '+' && text[0] != '-') ? text
                                                         : text.substr(1));
  const double sign = !text.empty() && text[0] == '-' ? -1.0 : 1.0;
  if (body == "inf" || body == "infinity") {
    return sign * std::numeric_limits<double>::infinity();
  }
  if (body == "nan") {
    return std::numeric_limits<double>::quiet_NaN();
  }
  // strtod also takes hex floats and "infinity" spellings Python rejects.
  const bool plain =
      !body.empty() && std::all_of(body.begin(), body.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) || c == '.' ||
               c == 'e' || c == '+' || c == '-';
      });
  if (!plain) {
    return std::nullopt;
  }
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) {
    return std::nullopt;
  }
  return value;
}

Value parse_scalar(std::string_view s) {
  if (auto i = parse_python_int(s)) {
    return Value(*i);
  }
  if (auto f = parse_python_float(s)) {
    return Value(*f);
  }
  const std::string low = lower(s);
  if (low == "true" || low == "false") {
    return Value(low == "true");
  }
  if (s == "None") {
    return Value();
  }
  return Value(std::string(s));
}

// Index of the first ',' outside brackets, or s.size().
size_t find_next_comma(std::string_view s) {
  const auto count = [&](char c) { return std::count(s.begin(), s.end(), c); };
  MMENGINE_CHECK(
      count('(') == count(')') && count('[') == count(']'),
      "Imbalanced brackets exist in ",
      s);
  int round = 0;
  int square = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    switch (s[i]) {
      case '(':
        ++round;
        break;
      case ')':
        --round;
        break;
      case '[':
        ++square;
        break;
      case ']':
        --square;
        break;
      case ',':
        if (round == 0 && square == 0) {
          return i;
        }
        break;
      default:
        break;
    }
  }
  return s.size();
}

Value parse_iterable(std::string_view raw) {
  size_t b = 0;
  size_t e = raw.size();
  while (b < e && (raw[b] == '\'' || raw[b] == '"')) {
    ++b;
  }
  while (e > b && (raw[e - 1] == '\'' || raw[e - 1] == '"')) {
    --e;
  }
  std::string val;
  for (char c : raw.substr(b, e - b)) {
    if (c != ' ') {
      val.push_back(c);
    }
  }
  bool is_tuple = false;
  std::string_view rest(val);
  if (rest.size() >= 2 && rest.front() == '(' && rest.back() == ')') {
    is_tuple = true;
    rest = rest.substr(1, rest.size() - 2);
  } else if (rest.size() >= 2 && rest.front() == '[' && rest.back() == ']') {
    rest = rest.substr(1, rest.size() - 2);
  } else if (rest.find(',') == std::string_view::npos) {
    return parse_scalar(rest);
  }
  std::vector<Value> values;
  while (!rest.empty()) {
    const size_t comma = find_next_comma(rest);
    values.push_back(parse_iterable(rest.substr(0, comma)));
    rest = comma >= rest.size() ? std::string_view() : rest.substr(comma + 1);
  }
  return is_tuple ? Value::tuple(std::move(values))
                  : Value::list(std::move(values));
}

}  // namespace

Value parse_option_value(std::string_view text) {
  return parse_iterable(text);
}

std::pair<std::string, Value> parse_option(std::string_view token) {
  const size_t eq = token.find('=');
  MMENGINE_CHECK(
      eq != std::string_view::npos,
      "--cfg-options: '",
      token,
      "' is not of the form KEY=VALUE (not enough values to unpack "
      "(expected 2, got 1))");
  return {
      std::string(token.substr(0, eq)),
      parse_option_value(token.substr(eq + 1))};
}

Value parse_options(const std::vector<std::string>& tokens) {
  Value options = Value::dict();
  for (const auto& token : tokens) {
    auto [key, value] = parse_option(token);
    options.set(Key(std::move(key)), std::move(value));
  }
  return options;
}

}  // namespace mmengine::config
