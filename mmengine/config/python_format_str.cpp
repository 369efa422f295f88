// printf-style `%` formatting, str.format and ascii().

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include <fmt/format.h>

#include "mmengine/config/python_format_impl.h"
#include "mmengine/config/python_ops_impl.h"
#include "mmengine/config/python_utf8_impl.h"

namespace mmengine::config::detail {

namespace {

struct PercentFlags {
  bool left = false;
  bool plus = false;
  bool space = false;
  bool alt = false;
  bool zero = false;
  int width = -1;
  int precision = -1;
};

std::string pad(std::string prefix, std::string body, const PercentFlags& f) {
  const auto len = utf8_length(prefix) + utf8_length(body);
  if (f.width < 0 || len >= static_cast<std::size_t>(f.width)) {
    return prefix + body;
  }
  const auto n = static_cast<std::size_t>(f.width) - len;
  if (f.left) {
    return prefix + body + std::string(n, ' ');
  }
  if (f.zero) {
    return prefix + std::string(n, '0') + body;
  }
  return std::string(n, ' ') + prefix + body;
}

std::string percent_int(const Obj& v, char conv, const PercentFlags& f) {
  std::int64_t i = 0;
  if (v.is_integer()) {
    i = v.as_int();
  } else if (
      v.is(ObjKind::kFloat) && (conv == 'd' || conv == 'i' || conv == 'u')) {
    const double d = std::trunc(v.as_float());
    if (!std::isfinite(d) || std::fabs(d) >= 9.2e18) {
      py_raise("OverflowError", "cannot convert float to a 64-bit integer");
    }
    i = static_cast<std::int64_t>(d);
  } else if (conv == 'd' || conv == 'i' || conv == 'u') {
    py_raise(
        "TypeError",
        fmt::format(
            "%{} format: a real number is required, not {}",
            conv,
            type_name(v)));
  } else {
    py_raise(
        "TypeError",
        fmt::format(
            "%{} format: an integer is required, not {}", conv, type_name(v)));
  }
  const auto mag =
      i < 0 ? 0 - static_cast<std::uint64_t>(i) : static_cast<std::uint64_t>(i);
  std::string digits = conv == 'x'   ? fmt::format("{:x}", mag)
                       : conv == 'X' ? fmt::format("{:X}", mag)
                       : conv == 'o' ? fmt::format("{:o}", mag)
                                     : std::to_string(mag);
  if (f.precision > static_cast<int>(digits.size())) {
    digits.insert(
        0, static_cast<std::size_t>(f.precision) - digits.size(), '0');
  }
  std::string prefix = i < 0 ? "-" : f.plus ? "+" : f.space ? " " : "";
  if (f.alt && (conv == 'x' || conv == 'X' || conv == 'o')) {
    prefix += conv == 'o' ? "0o" : conv == 'x' ? "0x" : "0X";
  }
  return pad(prefix, digits, f);
}

std::string percent_float(const Obj& v, char conv, const PercentFlags& f) {
  if (!v.is_number()) {
    py_raise(
        "TypeError", fmt::format("must be real number, not {}", type_name(v)));
  }
  std::string format = "%";
  format += f.left ? "-" : "";
  format += f.plus ? "+" : "";
  format += f.space ? " " : "";
  format += f.alt ? "#" : "";
  format += f.zero ? "0" : "";
  format += "*.*";
  format += conv;
  const int width = std::max(f.width, 0);
  const int precision = f.precision < 0 ? 6 : f.precision;
  const double x = v.as_float();
  const int n = std::snprintf(nullptr, 0, format.c_str(), width, precision, x);
  std::string out(static_cast<std::size_t>(n), '\0');
  std::snprintf(
      out.data(), out.size() + 1, format.c_str(), width, precision, x);
  return out;
}

std::string percent_text(const Obj& v, char conv, const PercentFlags& f) {
  std::string text = conv == 'r'   ? py_repr(v)
                     : conv == 'a' ? py_ascii(v)
                                   : py_str(v);
  if (f.precision >= 0) {
    const auto offsets = utf8_offsets(text);
    text.resize(offsets[std::min<std::size_t>(
        static_cast<std::size_t>(f.precision), offsets.size() - 1)]);
  }
  return pad("", text, f);
}

std::string percent_char(const Obj& v, const PercentFlags& f) {
  if (v.is(ObjKind::kStr) && utf8_length(v.as_str()) == 1) {
    return pad("", v.as_str(), f);
  }
  std::string ch;
  if (!v.is_integer() || v.as_int() < 0 ||
      !append_code_point(ch, static_cast<char32_t>(v.as_int()))) {
    py_raise("TypeError", "%c requires int or char");
  }
  return pad("", ch, f);
}

class PercentFormatter {
 public:
  PercentFormatter(
      const std::string& format, const Obj& args, const Budget& budget)
      : format_(format), budget_(budget) {
    if (args.is(ObjKind::kTuple)) {
      positional_ = args.get<TupleObj*>()->items;
    } else {
      positional_.push_back(args);
      if (args.is(ObjKind::kDict)) {
        mapping_ = args.get<DictObj*>();
      }
    }
  }

  std::string run() {
    std::string out;
    while (i_ < format_.size()) {
      const char c = format_[i_++];
      if (c != '%') {
        out.push_back(c);
        continue;
      }
      out += directive();
      budget_.check_size(out.size());
    }
    if (mapping_ == nullptr && next_ < positional_.size()) {
      py_raise(
          "TypeError", "not all arguments converted during string formatting");
    }
    return out;
  }

 private:
  const Obj& next_arg() {
    if (next_ >= positional_.size()) {
      py_raise("TypeError", "not enough arguments for format string");
    }
    return positional_[next_++];
  }

  int star() {
    const Obj& v = next_arg();
    if (!v.is_integer()) {
      py_raise("TypeError", "* wants int");
    }
    const auto n = v.as_int();
    return n < 0 ? -check_format_width(n == INT64_MIN ? INT64_MAX : -n)
                 : check_format_width(n);
  }

  int number() {
    if (i_ < format_.size() && format_[i_] == '*') {
      ++i_;
      return star();
    }
    int v = 0;
    while (i_ < format_.size() && format_[i_] >= '0' && format_[i_] <= '9') {
      v = std::min(v * 10 + (format_[i_++] - '0'), kMaxFormatWidth + 1);
    }
    return check_format_width(v);
  }

  std::optional<Obj> mapping_key() {
    if (i_ >= format_.size() || format_[i_] != '(') {
      return std::nullopt;
    }
    if (mapping_ == nullptr) {
      py_raise("TypeError", "format requires a mapping");
    }
    int depth = 1;
    const auto start = ++i_;
    while (i_ < format_.size() && depth > 0) {
      depth += format_[i_] == '(' ? 1 : format_[i_] == ')' ? -1 : 0;
      ++i_;
    }
    if (depth > 0) {
      py_raise("ValueError", "incomplete format key");
    }
    const Obj key = Obj::str(format_.substr(start, i_ - start - 1));
    const Obj* value = mapping_->table().find(key);
    if (value == nullptr) {
      py_raise("KeyError", py_repr(key));
    }
    return *value;
  }

  std::string directive() {
    const auto keyed = mapping_key();
    PercentFlags f;
    for (; i_ < format_.size(); ++i_) {
      const char c = format_[i_];
      if (c == '-') {
        f.left = true;
      } else if (c == '+') {
        f.plus = true;
      } else if (c == ' ') {
        f.space = true;
      } else if (c == '#') {
        f.alt = true;
      } else if (c == '0') {
        f.zero = true;
      } else {
        break;
      }
    }
    if (i_ < format_.size() &&
        (format_[i_] == '*' ||
         std::isdigit(static_cast<unsigned char>(format_[i_])))) {
      f.width = number();
      if (f.width < 0) {
        f.left = true;
        f.width = -f.width;
      }
    }
    if (i_ < format_.size() && format_[i_] == '.') {
      ++i_;
      f.precision = std::max(number(), 0);
    }
    while (i_ < format_.size() &&
           (format_[i_] == 'h' || format_[i_] == 'l' || format_[i_] == 'L')) {
      ++i_;
    }
    if (i_ >= format_.size()) {
      py_raise("ValueError", "incomplete format");
    }
    const char conv = format_[i_++];
    if (conv == '%') {
      return "%";
    }
    if (std::string_view("sradiuxXoeEfFgGc").find(conv) ==
        std::string_view::npos) {
      py_raise(
          "ValueError",
          fmt::format(
              "unsupported format character '{}' (0x{:x}) at index {}",
              conv,
              static_cast<unsigned char>(conv),
              i_ - 1));
    }
    const Obj& v = keyed ? *keyed : next_arg();
    if (conv == 's' || conv == 'r' || conv == 'a') {
      return percent_text(v, conv, f);
    }
    if (conv == 'c') {
      return percent_char(v, f);
    }
    if (std::string_view("diuxXo").find(conv) != std::string_view::npos) {
      return percent_int(v, conv, f);
    }
    return percent_float(v, conv, f);
  }

  const std::string& format_;
  const Budget& budget_;
  std::vector<Obj> positional_;
  const DictObj* mapping_ = nullptr;
  std::size_t i_ = 0;
  std::size_t next_ = 0;
};

}  // namespace

std::string percent_format(
    const std::string& format, const Obj& args, const Budget& budget) {
  return PercentFormatter(format, args, budget).run();
}

std::string py_ascii(const Obj& v) {
  const std::string repr = py_repr(v);
  if (is_ascii(repr)) {
    return repr;
  }
  std::string out;
  for (std::size_t i = 0; i < repr.size();) {
    const auto ch = decode_utf8_at(repr, i);
    i += ch.length;
    const auto cp = static_cast<std::uint32_t>(ch.code_point);
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x100) {
      out += fmt::format("\\x{:02x}", cp);
    } else if (cp < 0x10000) {
      out += fmt::format("\\u{:04x}", cp);
    } else {
      out += fmt::format("\\U{:08x}", cp);
    }
  }
  return out;
}

}  // namespace mmengine::config::detail
