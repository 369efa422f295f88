// Python repr()/str()/== of values: the exact text the config printer and
// error messages show.

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

#include "mmengine/config/utf8_impl.h"
#include "mmengine/config/value.h"
#include "mmengine/utils/error.h"

namespace mmengine::config {
namespace {

// Approximates CPython's str.isprintable() for one code point: false for
// the control, format, separator (except ' '), surrogate and private-use
// ranges (unassigned code points are not known here).
bool is_printable(char32_t cp) {
  if (cp < 0x20 || (cp >= 0x7F && cp <= 0xA0) || cp == 0xAD) {
    return false;
  }
  if (cp < 0x0600) {
    return true;
  }
  return !(
      (cp >= 0x0600 && cp <= 0x0605) || cp == 0x061C || cp == 0x06DD ||
      cp == 0x070F || cp == 0x180E || cp == 0x1680 ||
      (cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202F) ||
      (cp >= 0x205F && cp <= 0x206F) || cp == 0x3000 ||
      (cp >= 0xD800 && cp <= 0xF8FF) || cp == 0xFEFF ||
      (cp >= 0xFFF9 && cp <= 0xFFFB) || (cp >= 0xFFFE && cp <= 0xFFFF) ||
      (cp >= 0xE0000 && cp <= 0xE007F) || cp >= 0xF0000);
}

void append_escape(std::string& out, char32_t cp) {
  if (cp < 0x100) {
    fmt::format_to(std::back_inserter(out), "\\x{:02x}", static_cast<int>(cp));
  } else if (cp < 0x10000) {
    fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<int>(cp));
  } else {
    fmt::format_to(std::back_inserter(out), "\\U{:08x}", static_cast<int>(cp));
  }
}

// Exact comparison of an int with a float, as Python does.
bool int_equals_float(std::int64_t i, double d) {
  constexpr double kTwo63 = 9223372036854775808.0;
  if (!std::isfinite(d) || d != std::trunc(d) || d < -kTwo63 || d >= kTwo63) {
    return false;
  }
  return static_cast<std::int64_t>(d) == i;
}

// bool and int as an int, for numeric comparison.
std::int64_t int_of(const Value& v) {
  return v.is_bool() ? static_cast<std::int64_t>(v.as<bool>())
                     : v.as<std::int64_t>();
}

bool numbers_equal(const Value& a, const Value& b) {
  if (a.is_float() && b.is_float()) {
    return a.as<double>() == b.as<double>();
  }
  if (a.is_float()) {
    return int_equals_float(int_of(b), a.as<double>());
  }
  if (b.is_float()) {
    return int_equals_float(int_of(a), b.as<double>());
  }
  return int_of(a) == int_of(b);
}

bool is_numeric(const Value& v) {
  return v.is_bool() || v.is_int() || v.is_float();
}

bool dicts_equal(const Value& a, const Value& b) {
  if (a.items().size() != b.items().size()) {
    return false;
  }
  for (const auto& [key, value] : a.items()) {
    const Value* other = b.find(key);
    if (other == nullptr || !(*other == value)) {
      return false;
    }
  }
  return true;
}

std::string join_reprs(const std::vector<Value>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    out += (i == 0 ? "" : ", ") + items[i].repr();
  }
  return out;
}

// The shortest digits that round-trip |value| and the decimal exponent of
// the first one (1e-05 -> {"1", -5}).
std::pair<std::string, int> shortest_digits(double value) {
  char buf[64];
  const auto res = std::to_chars(
      buf, buf + sizeof(buf), std::fabs(value), std::chars_format::scientific);
  const std::string_view sci(buf, static_cast<std::size_t>(res.ptr - buf));
  const std::size_t e = sci.find('e');
  std::string digits;
  for (const char c : sci.substr(0, e)) {
    if (c != '.') {
      digits += c;
    }
  }
  return {digits, std::atoi(std::string(sci.substr(e + 1)).c_str())};
}

}  // namespace

std::string float_repr(double value) {
  if (std::isnan(value)) {
    return "nan";
  }
  if (std::isinf(value)) {
    return value > 0 ? "inf" : "-inf";
  }
  const auto [digits, exponent] = shortest_digits(value);
  // CPython's float_repr_style 'short': exponent form when the decimal
  // point would sit more than 4 places left or 16 right of the first digit.
  const int decpt = exponent + 1;
  const auto ndigits = static_cast<int>(digits.size());
  std::string out = std::signbit(value) ? "-" : "";
  if (decpt <= -4 || decpt > 16) {
    out += digits.front();
    if (ndigits > 1) {
      out.append(".").append(digits, 1);
    }
    return out + fmt::format(
                     "e{}{:02d}", exponent < 0 ? '-' : '+', std::abs(exponent));
  }
  if (decpt <= 0) {
    out.append("0.").append(static_cast<std::size_t>(-decpt), '0');
    return out.append(digits);
  }
  if (decpt >= ndigits) {
    out.append(digits).append(static_cast<std::size_t>(decpt - ndigits), '0');
    return out.append(".0");
  }
  out.append(digits, 0, static_cast<std::size_t>(decpt)).append(".");
  return out.append(digits, static_cast<std::size_t>(decpt));
}

std::string string_repr(std::string_view utf8) {
  const bool has_single = utf8.find('\'') != std::string_view::npos;
  const bool has_double = utf8.find('"') != std::string_view::npos;
  const char quote = has_single && !has_double ? '"' : '\'';
  std::string out(1, quote);
  detail::Utf8Decoder decoder(utf8);
  while (!decoder.done()) {
    const std::size_t start = decoder.offset();
    const auto cp = decoder.next();
    if (!cp) {
      append_escape(out, static_cast<unsigned char>(utf8[start]));
    } else if (*cp == static_cast<char32_t>(quote) || *cp == U'\\') {
      out += '\\';
      out += static_cast<char>(*cp);
    } else if (*cp == U'\n' || *cp == U'\r' || *cp == U'\t') {
      out += *cp == U'\n' ? "\\n" : (*cp == U'\r' ? "\\r" : "\\t");
    } else if (is_printable(*cp)) {
      out += utf8.substr(start, decoder.offset() - start);
    } else {
      append_escape(out, *cp);
    }
  }
  out += quote;
  return out;
}

std::string Value::repr() const {
  switch (type_) {
    case Type::kNone:
      return "None";
    case Type::kBool:
      return std::get<bool>(data_) ? "True" : "False";
    case Type::kInt:
      return std::to_string(std::get<std::int64_t>(data_));
    case Type::kFloat:
      return float_repr(std::get<double>(data_));
    case Type::kString:
      return string_repr(std::get<std::string>(data_));
    case Type::kList:
      return fmt::format("[{}]", join_reprs(elements()));
    case Type::kTuple:
      return fmt::format(
          "({}{})", join_reprs(elements()), elements().size() == 1 ? "," : "");
    case Type::kDict:
      break;
  }
  std::string out = "{";
  for (const auto& [key, value] : items()) {
    out += (out.size() == 1 ? "" : ", ") + key.repr() + ": " + value.repr();
  }
  return out + "}";
}

std::string Value::str() const {
  return is_string() ? std::get<std::string>(data_) : repr();
}

bool operator==(const Value& a, const Value& b) {
  if (is_numeric(a) || is_numeric(b)) {
    return is_numeric(a) && is_numeric(b) && numbers_equal(a, b);
  }
  if (a.type() != b.type()) {
    return false;
  }
  if (a.shares_node_with(b)) {
    return true;
  }
  switch (a.type()) {
    case Value::Type::kNone:
      return true;
    case Value::Type::kString:
      return a.as<std::string_view>() == b.as<std::string_view>();
    case Value::Type::kList:
    case Value::Type::kTuple:
      return a.elements() == b.elements();
    case Value::Type::kDict:
      return dicts_equal(a, b);
    default:
      return false;
  }
}

std::ostream& operator<<(std::ostream& os, const Value& v) {
  return os << v.repr();
}

}  // namespace mmengine::config
