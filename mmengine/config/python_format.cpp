// format(value, spec): Python's format-spec mini-language for int, float,
// bool and str ([[fill]align][sign][#][0][width][,|_][.precision][type]).

#include <cmath>
#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "mmengine/config/python_format_impl.h"
#include "mmengine/config/python_utf8_impl.h"
#include "mmengine/config/value.h"

namespace mmengine::config::detail {

namespace {

const std::string kZero = "0";

bool is_align(char c) {
  return c == '<' || c == '>' || c == '^' || c == '=';
}

int parse_int(std::string_view s, std::size_t& i) {
  std::int64_t v = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    v = std::min<std::int64_t>(v * 10 + (s[i] - '0'), kMaxFormatWidth + 1);
    ++i;
  }
  return check_format_width(v);
}

[[noreturn]] void invalid_spec(std::string_view spec, const Obj& v) {
  py_raise(
      "ValueError",
      fmt::format(
          "Invalid format specifier '{}' for object of type '{}'",
          spec,
          type_name(v)));
}

[[noreturn]] void unknown_code(char type, const Obj& v) {
  py_raise(
      "ValueError",
      fmt::format(
          "Unknown format code '{}' for object of type '{}'",
          type,
          type_name(v)));
}

// Inserts `sep` every `every` digits of the leading digit run of `body`.
std::string group_digits(
    const std::string& body, char sep, int every, bool hex) {
  std::size_t end = 0;
  const auto digit = [hex](char c) {
    return hex ? std::isxdigit(static_cast<unsigned char>(c)) != 0
               : (c >= '0' && c <= '9');
  };
  while (end < body.size() && digit(body[end])) {
    ++end;
  }
  std::string out;
  for (std::size_t i = 0; i < end; ++i) {
    if (i > 0 && (end - i) % static_cast<std::size_t>(every) == 0) {
      out.push_back(sep);
    }
    out.push_back(body[i]);
  }
  return out + body.substr(end);
}

std::string c_format(char conv, int precision, double x) {
  const char format[] = {'%', '.', '*', conv, '\0'};
  const int n = std::snprintf(nullptr, 0, format, precision, x);
  std::string out(static_cast<std::size_t>(n), '\0');
  std::snprintf(out.data(), out.size() + 1, format, precision, x);
  return out;
}

// Python's 'g' (and the no-type form with a precision, add_dot_0) for a
// finite non-negative x.
std::string general_format(
    double x, int precision, bool alt, bool add_dot_0, bool upper) {
  const int p = std::max(precision, 1);
  const std::string sci = c_format('e', p - 1, x);
  const int exp = std::atoi(sci.c_str() + sci.find('e') + 1);
  const bool use_exp = exp < -4 || exp >= (add_dot_0 ? p - 1 : p);
  std::string out = use_exp ? sci : c_format('f', std::max(p - 1 - exp, 0), x);
  if (!alt) {
    const auto e = out.find('e');
    std::string mantissa = out.substr(0, e);
    const std::string tail = e == std::string::npos ? "" : out.substr(e);
    if (mantissa.find('.') != std::string::npos) {
      mantissa.erase(mantissa.find_last_not_of('0') + 1);
      if (mantissa.back() == '.') {
        mantissa.pop_back();
      }
    }
    if (add_dot_0 && tail.empty() && mantissa.find('.') == std::string::npos) {
      mantissa += ".0";
    }
    out = mantissa + tail;
  }
  if (upper) {
    for (auto& c : out) {
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

std::string float_body(double x, const FormatSpec& spec) {
  const char type = spec.type;
  const bool upper = type == 'E' || type == 'F' || type == 'G';
  if (!std::isfinite(x)) {
    std::string s = std::isnan(x) ? "nan" : "inf";
    if (upper) {
      s = std::isnan(x) ? "NAN" : "INF";
    }
    return type == '%' ? s + "%" : s;
  }
  const int prec = spec.precision;
  switch (type) {
    case 'f':
    case 'F':
      return c_format('f', prec < 0 ? 6 : prec, x);
    case 'e':
    case 'E':
      return c_format(type, prec < 0 ? 6 : prec, x);
    case '%':
      return c_format('f', prec < 0 ? 6 : prec, x * 100) + "%";
    case 'g':
    case 'G':
    case 'n':
      return general_format(x, prec < 0 ? 6 : prec, spec.alt, false, upper);
    default:
      if (prec < 0) {
        return float_repr(x);
      }
      return general_format(x, prec, spec.alt, true, false);
  }
}

std::string int_body(std::uint64_t magnitude, char type, bool alt) {
  switch (type) {
    case 'b':
      return (alt ? "0b" : "") + fmt::format("{:b}", magnitude);
    case 'o':
      return (alt ? "0o" : "") + fmt::format("{:o}", magnitude);
    case 'x':
      return (alt ? "0x" : "") + fmt::format("{:x}", magnitude);
    case 'X':
      return (alt ? "0X" : "") + fmt::format("{:X}", magnitude);
    default:
      return std::to_string(magnitude);
  }
}

std::string sign_of(bool negative, char sign) {
  if (negative) {
    return "-";
  }
  return sign == '+' ? "+" : sign == ' ' ? " " : "";
}

}  // namespace

int check_format_width(std::int64_t width) {
  if (width > kMaxFormatWidth) {
    py_raise(
        "ConfigError",
        fmt::format(
            "result too large: a format width or precision above {} is not "
            "supported",
            kMaxFormatWidth));
  }
  return static_cast<int>(width);
}

FormatSpec parse_format_spec(std::string_view s, const Obj& v) {
  FormatSpec spec;
  std::size_t i = 0;
  if (!s.empty()) {
    const auto first = decode_utf8_at(s, 0);
    if (first.length < s.size() && is_align(s[first.length])) {
      spec.fill = std::string(s.substr(0, first.length));
      spec.align = s[first.length];
      i = first.length + 1;
    } else if (is_align(s[0])) {
      spec.align = s[0];
      i = 1;
    }
  }
  if (i < s.size() && (s[i] == '+' || s[i] == '-' || s[i] == ' ')) {
    spec.sign = s[i++];
  }
  if (i < s.size() && s[i] == '#') {
    spec.alt = true;
    ++i;
  }
  if (i < s.size() && s[i] == '0') {
    spec.zero = true;
    ++i;
  }
  spec.width = parse_int(s, i);
  if (i < s.size() && (s[i] == ',' || s[i] == '_')) {
    spec.grouping = s[i++];
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (i >= s.size() || s[i] < '0' || s[i] > '9') {
      py_raise("ValueError", "Format specifier missing precision");
    }
    spec.precision = parse_int(s, i);
  }
  if (i < s.size()) {
    spec.type = s[i++];
  }
  if (i != s.size()) {
    invalid_spec(s, v);
  }
  return spec;
}

std::string pad_formatted(
    const std::string& prefix,
    const std::string& body,
    const FormatSpec& spec,
    bool numeric) {
  const auto len = utf8_length(prefix) + utf8_length(body);
  char align = spec.align;
  const bool zero_pad = align == 0 && spec.zero && numeric;
  const std::string& fill = zero_pad ? kZero : spec.fill;
  if (zero_pad) {
    align = '=';
  }
  if (align == 0) {
    align = numeric ? '>' : '<';
  }
  const auto width = static_cast<std::size_t>(std::max(spec.width, 0));
  if (len >= width) {
    return prefix + body;
  }
  const auto n = width - len;
  const auto repeat = [&fill](std::size_t k) {
    std::string out;
    for (std::size_t j = 0; j < k; ++j) {
      out += fill;
    }
    return out;
  };
  switch (align) {
    case '<':
      return prefix + body + repeat(n);
    case '^':
      return repeat(n / 2) + prefix + body + repeat(n - n / 2);
    case '=':
      return prefix + repeat(n) + body;
    default:
      return repeat(n) + prefix + body;
  }
}

std::string format_float(double x, const FormatSpec& spec, const Obj& v) {
  if (std::string_view("eEfFgGn%").find(spec.type) == std::string_view::npos &&
      spec.type != 0) {
    unknown_code(spec.type, v);
  }
  std::string body = float_body(std::fabs(x), spec);
  if (spec.grouping != 0) {
    body = group_digits(body, spec.grouping, 3, false);
  }
  return pad_formatted(
      sign_of(std::signbit(x) && !std::isnan(x), spec.sign), body, spec, true);
}

std::string format_int(std::int64_t i, const FormatSpec& spec, const Obj& v) {
  if (std::string_view("eEfFgG%").find(spec.type) != std::string_view::npos &&
      spec.type != 0) {
    return format_float(static_cast<double>(i), spec, v);
  }
  if (std::string_view("bcdoxXn").find(spec.type) == std::string_view::npos &&
      spec.type != 0) {
    unknown_code(spec.type, v);
  }
  if (spec.precision >= 0) {
    py_raise("ValueError", "Precision not allowed in integer format specifier");
  }
  if (spec.type == 'c') {
    std::string ch;
    if (i < 0 || !append_code_point(ch, static_cast<char32_t>(i))) {
      py_raise("OverflowError", "%c arg not in range(0x110000)");
    }
    return pad_formatted("", ch, spec, true);
  }
  const auto magnitude =
      i < 0 ? 0 - static_cast<std::uint64_t>(i) : static_cast<std::uint64_t>(i);
  std::string body = int_body(magnitude, spec.type, false);
  if (spec.grouping != 0) {
    const bool pow2 = spec.type == 'b' || spec.type == 'o' ||
                      spec.type == 'x' || spec.type == 'X';
    if (pow2 && spec.grouping == ',') {
      py_raise(
          "ValueError",
          fmt::format("Cannot specify ',' with '{}'.", spec.type));
    }
    body = group_digits(body, spec.grouping, pow2 ? 4 : 3, pow2);
  }
  std::string prefix = sign_of(i < 0, spec.sign);
  if (spec.alt && spec.type != 0 && spec.type != 'd' && spec.type != 'n') {
    prefix += int_body(0, spec.type, true).substr(0, 2);
  }
  return pad_formatted(prefix, body, spec, true);
}

std::string format_value(const Obj& v, std::string_view spec_text) {
  if (spec_text.empty()) {
    return py_str(v);
  }
  const auto spec = parse_format_spec(spec_text, v);
  switch (v.kind()) {
    case ObjKind::kBool:
    case ObjKind::kInt:
      return format_int(v.as_int(), spec, v);
    case ObjKind::kFloat:
      return format_float(v.as_float(), spec, v);
    case ObjKind::kStr: {
      if (spec.type != 0 && spec.type != 's') {
        unknown_code(spec.type, v);
      }
      if (spec.sign != 0) {
        py_raise("ValueError", "Sign not allowed in string format specifier");
      }
      std::string body = v.as_str();
      if (spec.precision >= 0) {
        const auto offsets = utf8_offsets(body);
        const auto keep = std::min<std::size_t>(
            static_cast<std::size_t>(spec.precision), offsets.size() - 1);
        body.resize(offsets[keep]);
      }
      return pad_formatted("", body, spec, false);
    }
    default:
      py_raise(
          "TypeError",
          fmt::format(
              "unsupported format string passed to {}.__format__",
              type_name(v)));
  }
}

}  // namespace mmengine::config::detail
