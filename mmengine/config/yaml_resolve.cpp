// PyYAML's YAML 1.1 implicit resolver (yaml/resolver.py) as hand-written
// matchers, and the SafeConstructor scalar constructors.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "mmengine/config/number_impl.h"
#include "mmengine/config/yaml_impl.h"
#include "mmengine/config/yaml_io.h"
#include "mmengine/utils/error.h"

namespace mmengine::config::detail {
namespace {

constexpr std::string_view kDigits = "0123456789";
constexpr std::string_view kDigitsUs = "0123456789_";

// A cursor over a scalar for regex-like matching.
struct Scan {
  std::string_view s;
  std::size_t i = 0;

  bool end() const {
    return i >= s.size();
  }
  bool eat(char c) {
    if (!end() && s[i] == c) {
      ++i;
      return true;
    }
    return false;
  }
  bool eat_any(std::string_view set) {
    if (!end() && set.find(s[i]) != std::string_view::npos) {
      ++i;
      return true;
    }
    return false;
  }
  std::size_t eat_all(std::string_view set) {
    std::size_t n = 0;
    while (eat_any(set)) {
      ++n;
    }
    return n;
  }
  bool rest_is_one_of(std::initializer_list<std::string_view> words) const {
    const auto rest = s.substr(std::min(i, s.size()));
    return std::find(words.begin(), words.end(), rest) != words.end();
  }
};

// (?::[0-5]?[0-9])+
bool eat_sexagesimal_groups(Scan& c) {
  std::size_t groups = 0;
  while (c.eat(':')) {
    const std::size_t first = c.i;
    if (!c.eat_any(kDigits)) {
      return false;
    }
    if (c.s[first] <= '5' && !c.end() &&
        kDigits.find(c.s[c.i]) != std::string_view::npos) {
      ++c.i;
    }
    ++groups;
  }
  return groups > 0;
}

// (?:[eE][-+][0-9]+)?
bool eat_optional_exponent(Scan& c) {
  if (!c.eat_any("eE")) {
    return true;
  }
  return c.eat_any("-+") && c.eat_all(kDigits) > 0;
}

// [0-9][0-9_]*
bool eat_digit_run(Scan& c) {
  if (!c.eat_any(kDigits)) {
    return false;
  }
  c.eat_all(kDigitsUs);
  return true;
}

// [-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?
bool matches_decimal_float(std::string_view v) {
  Scan c{v};
  c.eat_any("-+");
  if (!eat_digit_run(c) || !c.eat('.')) {
    return false;
  }
  c.eat_all(kDigitsUs);
  return eat_optional_exponent(c) && c.end();
}

// \.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
bool matches_dot_float(std::string_view v) {
  Scan c{v};
  return c.eat('.') && eat_digit_run(c) && eat_optional_exponent(c) && c.end();
}

// [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
bool matches_sexagesimal_float(std::string_view v) {
  Scan c{v};
  c.eat_any("-+");
  if (!eat_digit_run(c) || !eat_sexagesimal_groups(c) || !c.eat('.')) {
    return false;
  }
  c.eat_all(kDigitsUs);
  return c.end();
}

// [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN)
bool matches_special_float(std::string_view v) {
  Scan c{v};
  c.eat_any("-+");
  if (c.eat('.') && c.rest_is_one_of({"inf", "Inf", "INF"})) {
    return true;
  }
  return v == ".nan" || v == ".NaN" || v == ".NAN";
}

bool matches_float(std::string_view v) {
  return matches_decimal_float(v) || matches_dot_float(v) ||
         matches_sexagesimal_float(v) || matches_special_float(v);
}

bool matches_int(std::string_view v) {
  Scan c{v};
  c.eat_any("-+");
  const std::size_t body = c.i;
  if (c.eat('0')) {
    Scan b = c;
    if (b.eat('b') && b.eat_all("01_") > 0 && b.end()) {
      return true;
    }
    b = c;
    if (b.eat('x') && b.eat_all("0123456789abcdefABCDEF_") > 0 && b.end()) {
      return true;
    }
    return c.end() || (c.eat_all("01234567_") > 0 && c.end());
  }
  c.i = body;
  if (!c.eat_any("123456789")) {
    return false;
  }
  c.eat_all(kDigitsUs);
  return c.end() || (eat_sexagesimal_groups(c) && c.end());
}

bool eat_digits(Scan& c, std::size_t min, std::size_t max) {
  std::size_t n = 0;
  while (n < max && c.eat_any(kDigits)) {
    ++n;
  }
  return n >= min;
}

bool matches_timestamp(std::string_view v) {
  Scan c{v};
  if (!(eat_digits(c, 4, 4) && c.eat('-') && eat_digits(c, 1, 2) &&
        c.eat('-') && eat_digits(c, 1, 2))) {
    return false;
  }
  if (c.end()) {  // the date form needs two-digit month and day
    return v.size() == 10;
  }
  if (!c.eat_any("Tt") && c.eat_all(" \t") == 0) {
    return false;
  }
  if (!(eat_digits(c, 1, 2) && c.eat(':') && eat_digits(c, 2, 2) &&
        c.eat(':') && eat_digits(c, 2, 2))) {
    return false;
  }
  if (c.eat('.')) {
    c.eat_all(kDigits);
  }
  c.eat_all(" \t");
  if (c.end() || c.eat('Z')) {
    return c.end();
  }
  if (!c.eat_any("-+") || !eat_digits(c, 1, 2)) {
    return false;
  }
  return c.end() || (c.eat(':') && eat_digits(c, 2, 2) && c.end());
}

std::string without_underscores(std::string_view text) {
  std::string out;
  std::copy_if(text.begin(), text.end(), std::back_inserter(out), [](char ch) {
    return ch != '_';
  });
  return out;
}

[[noreturn]] void fail(std::string_view where, std::string_view message) {
  throw ConfigError(fmt::format("{}{}", where, message));
}

// int(digits, base) within uint64; fails like Python on bad literals.
std::uint64_t parse_magnitude(
    std::string_view digits, int base, std::string_view where) {
  std::uint64_t out = 0;
  const auto res =
      std::from_chars(digits.data(), digits.data() + digits.size(), out, base);
  if (digits.empty() || res.ptr != digits.data() + digits.size()) {
    fail(
        where,
        fmt::format(
            "invalid literal for int() with base {}: '{}'", base, digits));
  }
  if (res.ec != std::errc()) {
    fail(
        where,
        fmt::format("integer {} is out of the supported int64 range", digits));
  }
  return out;
}

std::int64_t apply_sign(
    std::uint64_t magnitude, bool negative, std::string_view where) {
  constexpr auto kMax =
      static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (magnitude > kMax + (negative ? 1 : 0)) {
    fail(
        where,
        fmt::format(
            "integer {}{} is out of the supported int64 range",
            negative ? "-" : "",
            magnitude));
  }
  return negative ? static_cast<std::int64_t>(0 - magnitude)
                  : static_cast<std::int64_t>(magnitude);
}

std::vector<std::string_view> split_colons(std::string_view v) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t pos = v.find(':'); pos != std::string_view::npos;
       pos = v.find(':', start)) {
    parts.push_back(v.substr(start, pos - start));
    start = pos + 1;
  }
  parts.push_back(v.substr(start));
  return parts;
}

double parse_python_float(std::string_view text, std::string_view where) {
  double d = 0;
  if (!parse_double(text, d)) {
    fail(where, fmt::format("could not convert string to float: '{}'", text));
  }
  return d;
}

}  // namespace

YamlImplicit resolve_implicit(std::string_view v) {
  static constexpr std::string_view kBools[] = {
      "yes",
      "Yes",
      "YES",
      "no",
      "No",
      "NO",
      "true",
      "True",
      "TRUE",
      "false",
      "False",
      "FALSE",
      "on",
      "On",
      "ON",
      "off",
      "Off",
      "OFF"};
  if (v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL") {
    return YamlImplicit::kNull;
  }
  if (std::find(std::begin(kBools), std::end(kBools), v) != std::end(kBools)) {
    return YamlImplicit::kBool;
  }
  if (matches_float(v)) {
    return YamlImplicit::kFloat;
  }
  if (matches_int(v)) {
    return YamlImplicit::kInt;
  }
  if (matches_timestamp(v)) {
    return YamlImplicit::kTimestamp;
  }
  if (v == "<<") {
    return YamlImplicit::kMerge;
  }
  return v == "=" ? YamlImplicit::kValue : YamlImplicit::kStr;
}

Value construct_yaml_int(std::string_view text, std::string_view where) {
  std::string v = without_underscores(text);
  if (v.empty()) {
    fail(where, "invalid literal for int() with base 10: ''");
  }
  const bool negative = v[0] == '-';
  std::string_view body(v);
  body.remove_prefix(v[0] == '-' || v[0] == '+' ? 1 : 0);
  if (body == "0") {
    return 0;
  }
  if (body.starts_with("0b") || body.starts_with("0x")) {
    const int base = body[1] == 'b' ? 2 : 16;
    return apply_sign(
        parse_magnitude(body.substr(2), base, where), negative, where);
  }
  if (body.starts_with("0")) {
    return apply_sign(parse_magnitude(body, 8, where), negative, where);
  }
  if (body.find(':') == std::string_view::npos) {
    return apply_sign(parse_magnitude(body, 10, where), negative, where);
  }
  std::uint64_t total = 0;
  for (const auto part : split_colons(body)) {
    const std::uint64_t digit = parse_magnitude(part, 10, where);
    if (__builtin_mul_overflow(total, 60U, &total) ||
        __builtin_add_overflow(total, digit, &total)) {
      fail(
          where,
          fmt::format("integer {} is out of the supported int64 range", text));
    }
  }
  return apply_sign(total, negative, where);
}

Value construct_yaml_float(std::string_view text, std::string_view where) {
  std::string v = without_underscores(text);
  std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  if (v.empty()) {
    fail(where, "could not convert string to float: ''");
  }
  const double sign = v[0] == '-' ? -1.0 : 1.0;
  std::string_view body(v);
  body.remove_prefix(v[0] == '-' || v[0] == '+' ? 1 : 0);
  if (body == ".inf") {
    return sign * std::numeric_limits<double>::infinity();
  }
  if (body == ".nan") {
    return std::numeric_limits<double>::quiet_NaN();
  }
  if (body.find(':') == std::string_view::npos) {
    return sign * parse_python_float(body, where);
  }
  double total = 0.0;
  for (const auto part : split_colons(body)) {
    total = total * 60.0 + parse_python_float(part, where);
  }
  return sign * total;
}

Value construct_yaml_bool(std::string_view text, std::string_view where) {
  std::string v(text);
  std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  if (v == "yes" || v == "true" || v == "on") {
    return true;
  }
  if (v == "no" || v == "false" || v == "off") {
    return false;
  }
  fail(where, fmt::format("could not convert '{}' to bool", text));
}

Value resolve_plain(std::string_view plain, std::string_view where) {
  switch (resolve_implicit(plain)) {
    case YamlImplicit::kNull:
      return {};
    case YamlImplicit::kBool:
      return construct_yaml_bool(plain, where);
    case YamlImplicit::kInt:
      return construct_yaml_int(plain, where);
    case YamlImplicit::kFloat:
      return construct_yaml_float(plain, where);
    case YamlImplicit::kMerge:
    case YamlImplicit::kValue:
      fail(
          where,
          fmt::format(
              "could not determine a constructor for the tag "
              "'tag:yaml.org,2002:{}'",
              plain == "<<" ? "merge" : "value"));
    case YamlImplicit::kStr:
    case YamlImplicit::kTimestamp:
      break;
  }
  return Value(plain);
}

}  // namespace mmengine::config::detail

namespace mmengine::config {

Value resolve_yaml_scalar(std::string_view plain) {
  return detail::resolve_plain(plain, "");
}

}  // namespace mmengine::config
