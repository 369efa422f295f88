// String algorithms behind the str methods (python_str_ops_impl.h).

#include "mmengine/config/python_str_ops_impl.h"

#include <algorithm>

#include <fmt/format.h>

#include "mmengine/config/python_utf8_impl.h"

namespace mmengine::config::detail {

namespace {

// Calls f(out, code point) for each code point of s.
template <typename F>
std::string map_code_points(const std::string& s, F f) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto ch = decode_utf8_at(s, i);
    f(out, ch.code_point);
    i += ch.length;
  }
  return out;
}

std::string title_case(const std::string& s, bool only_first) {
  bool prev_cased = false;
  bool first = true;
  return map_code_points(s, [&](std::string& out, char32_t cp) {
    const bool upper = only_first ? first : !prev_cased;
    (upper ? append_upper : append_lower)(out, cp);
    prev_cased = is_upper_code_point(cp) || is_lower_code_point(cp);
    first = false;
  });
}

std::vector<char32_t> code_points(const std::string& s) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto ch = decode_utf8_at(s, i);
    out.push_back(ch.code_point);
    i += ch.length;
  }
  return out;
}

// Strips code points in `chars` (whitespace when null) from either end.
std::string strip(
    const std::string& s, const std::string* chars, bool left, bool right) {
  const auto offsets = utf8_offsets(s);
  const auto strip_it = [&](std::size_t k) {
    const auto ch =
        std::string_view(s).substr(offsets[k], offsets[k + 1] - offsets[k]);
    return chars == nullptr
               ? is_space_code_point(decode_utf8_at(ch, 0).code_point)
               : chars->find(ch) != std::string::npos;
  };
  std::size_t b = 0;
  std::size_t e = offsets.size() - 1;
  while (left && b < e && strip_it(b)) {
    ++b;
  }
  while (right && e > b && strip_it(e - 1)) {
    --e;
  }
  return s.substr(offsets[b], offsets[e] - offsets[b]);
}

std::vector<std::string> split_whitespace(
    const std::string& s, std::int64_t maxsplit, bool from_right) {
  const auto offsets = utf8_offsets(s);
  const auto n = offsets.size() - 1;
  const auto space = [&](std::size_t k) {
    return is_space_code_point(decode_utf8_at(s, offsets[k]).code_point);
  };
  const auto text = [&](std::size_t b, std::size_t e) {
    return s.substr(offsets[b], offsets[e] - offsets[b]);
  };
  std::vector<std::string> words;
  if (!from_right) {
    for (std::size_t b = 0;;) {
      while (b < n && space(b)) {
        ++b;
      }
      if (b >= n) {
        return words;
      }
      if (maxsplit >= 0 &&
          static_cast<std::int64_t>(words.size()) == maxsplit) {
        words.push_back(strip(text(b, n), nullptr, false, true));
        return words;
      }
      std::size_t e = b;
      while (e < n && !space(e)) {
        ++e;
      }
      words.push_back(text(b, e));
      b = e;
    }
  }
  for (std::size_t e = n;;) {
    while (e > 0 && space(e - 1)) {
      --e;
    }
    if (e == 0) {
      break;
    }
    if (maxsplit >= 0 && static_cast<std::int64_t>(words.size()) == maxsplit) {
      words.push_back(strip(text(0, e), nullptr, true, false));
      break;
    }
    std::size_t b = e;
    while (b > 0 && !space(b - 1)) {
      --b;
    }
    words.push_back(text(b, e));
    e = b;
  }
  std::reverse(words.begin(), words.end());
  return words;
}

std::vector<std::string> split_on(
    const std::string& s,
    const std::string& sep,
    std::int64_t maxsplit,
    bool from_right) {
  if (sep.empty()) {
    py_raise("ValueError", "empty separator");
  }
  std::vector<std::string> parts;
  if (!from_right) {
    std::size_t b = 0;
    while (maxsplit < 0 || static_cast<std::int64_t>(parts.size()) < maxsplit) {
      const auto at = s.find(sep, b);
      if (at == std::string::npos) {
        break;
      }
      parts.push_back(s.substr(b, at - b));
      b = at + sep.size();
    }
    parts.push_back(s.substr(b));
    return parts;
  }
  std::size_t e = s.size();
  while (maxsplit < 0 || static_cast<std::int64_t>(parts.size()) < maxsplit) {
    if (e < sep.size()) {
      break;
    }
    const auto at = s.rfind(sep, e - sep.size());
    if (at == std::string::npos) {
      break;
    }
    parts.push_back(s.substr(at + sep.size(), e - at - sep.size()));
    e = at;
  }
  parts.push_back(s.substr(0, e));
  std::reverse(parts.begin(), parts.end());
  return parts;
}

std::string replace_all(
    const std::string& s,
    const std::string& old,
    const std::string& with,
    std::int64_t count) {
  std::string out;
  if (old.empty()) {
    const auto offsets = utf8_offsets(s);
    std::int64_t done = 0;
    for (std::size_t k = 0; k + 1 <= offsets.size(); ++k) {
      if (count < 0 || done < count) {
        out += with;
        ++done;
      }
      if (k + 1 < offsets.size()) {
        out.append(s, offsets[k], offsets[k + 1] - offsets[k]);
      }
    }
    return out;
  }
  std::size_t b = 0;
  std::int64_t done = 0;
  while (count < 0 || done < count) {
    const auto at = s.find(old, b);
    if (at == std::string::npos) {
      break;
    }
    out.append(s, b, at - b);
    out += with;
    b = at + old.size();
    ++done;
  }
  return out + s.substr(b);
}

std::string pad_to(
    const std::string& s,
    std::int64_t width,
    const std::string& fill,
    char align) {
  const auto len = static_cast<std::int64_t>(utf8_length(s));
  if (width <= len) {
    return s;
  }
  const auto n = static_cast<std::size_t>(width - len);
  // CPython's str.center puts the odd space left when width is odd.
  const auto odd =
      static_cast<std::size_t>(n & static_cast<std::size_t>(width) & 1U);
  const std::size_t left = align == '<' ? 0 : align == '>' ? n : n / 2 + odd;
  std::string out;
  for (std::size_t i = 0; i < left; ++i) {
    out += fill;
  }
  out += s;
  for (std::size_t i = left; i < n; ++i) {
    out += fill;
  }
  return out;
}

bool all_code_points(const std::string& s, bool (*pred)(char32_t)) {
  const auto cps = code_points(s);
  return !cps.empty() && std::all_of(cps.begin(), cps.end(), pred);
}

bool is_digit_code_point(char32_t cp) {
  return cp >= '0' && cp <= '9';
}

bool is_alnum_code_point(char32_t cp) {
  return is_digit_code_point(cp) || is_alpha_code_point(cp);
}

// Byte range [lo, hi) of s that the code-point slice `range` selects, and
// the code-point index of lo.
struct Window {
  std::size_t lo = 0;
  std::size_t hi = 0;
  std::int64_t first = 0;
};

Window window_of(const std::string& s, const SliceSpec& range) {
  const auto offsets = utf8_offsets(s);
  const auto b = slice_bounds(
      {range.start, range.stop, std::nullopt},
      static_cast<std::int64_t>(offsets.size() - 1));
  return {
      offsets[static_cast<std::size_t>(b.start)],
      offsets[static_cast<std::size_t>(b.start + b.length)],
      b.start};
}

}  // namespace

Obj str_case_method(const std::string& s, std::string_view name) {
  if (name == "upper") {
    return Obj::str(map_code_points(s, append_upper));
  }
  if (name == "lower" || name == "casefold") {
    return Obj::str(map_code_points(s, append_lower));
  }
  if (name == "swapcase") {
    return Obj::str(map_code_points(s, [](std::string& out, char32_t cp) {
      (is_upper_code_point(cp) ? append_lower : append_upper)(out, cp);
    }));
  }
  if (name == "title" || name == "capitalize") {
    return Obj::str(title_case(s, name == "capitalize"));
  }
  if (name == "isdigit" || name == "isdecimal" || name == "isnumeric") {
    return Obj(all_code_points(s, is_digit_code_point));
  }
  if (name == "isalpha") {
    return Obj(all_code_points(s, is_alpha_code_point));
  }
  if (name == "isalnum") {
    return Obj(all_code_points(s, is_alnum_code_point));
  }
  if (name == "isspace") {
    return Obj(all_code_points(s, is_space_code_point));
  }
  const auto cps = code_points(s);
  const bool upper = std::any_of(cps.begin(), cps.end(), is_upper_code_point);
  const bool lower = std::any_of(cps.begin(), cps.end(), is_lower_code_point);
  if (name == "isupper" || name == "islower") {
    return Obj(name == "isupper" ? upper && !lower : lower && !upper);
  }
  py_raise(
      "AttributeError",
      fmt::format("'str' object has no attribute '{}'", name));
}

std::string str_strip(
    const std::string& s, const std::string* chars, bool left, bool right) {
  return strip(s, chars, left, right);
}

std::vector<std::string> str_split(
    const std::string& s,
    const std::string* sep,
    std::int64_t maxsplit,
    bool from_right) {
  return sep == nullptr ? split_whitespace(s, maxsplit, from_right)
                        : split_on(s, *sep, maxsplit, from_right);
}

std::string str_replace(
    const std::string& s,
    const std::string& old,
    const std::string& with,
    std::int64_t count) {
  return replace_all(s, old, with, count);
}

std::string str_pad(
    const std::string& s,
    std::int64_t width,
    const std::string& fill,
    char align) {
  return pad_to(s, width, fill, align);
}

std::string str_zfill(const std::string& s, std::int64_t width) {
  const auto len = static_cast<std::int64_t>(utf8_length(s));
  if (width <= len) {
    return s;
  }
  const bool sign = !s.empty() && (s[0] == '+' || s[0] == '-');
  std::string out = sign ? s.substr(0, 1) : std::string();
  out.append(static_cast<std::size_t>(width - len), '0');
  return out.append(s, sign ? 1 : 0);
}

std::int64_t str_find(
    const std::string& s,
    const std::string& sub,
    const SliceSpec& range,
    bool reverse) {
  const auto w = window_of(s, range);
  const auto window = std::string_view(s).substr(w.lo, w.hi - w.lo);
  const auto at = reverse ? window.rfind(sub) : window.find(sub);
  if (at == std::string_view::npos) {
    return -1;
  }
  return w.first + static_cast<std::int64_t>(utf8_length(window.substr(0, at)));
}

std::int64_t str_count(
    const std::string& s, const std::string& sub, const SliceSpec& range) {
  const auto w = window_of(s, range);
  const auto window = std::string_view(s).substr(w.lo, w.hi - w.lo);
  if (sub.empty()) {
    return static_cast<std::int64_t>(utf8_length(window) + 1);
  }
  std::int64_t n = 0;
  for (auto at = window.find(sub); at != std::string_view::npos;
       at = window.find(sub, at + sub.size())) {
    ++n;
  }
  return n;
}

std::vector<std::string> str_splitlines(const std::string& s, bool keepends) {
  std::vector<std::string> lines;
  std::size_t b = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\n' && s[i] != '\r') {
      continue;
    }
    const bool crlf = s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n';
    const std::size_t end = crlf ? i + 2 : i + 1;
    lines.push_back(s.substr(b, (keepends ? end : i) - b));
    b = end;
    i = end - 1;
  }
  if (b < s.size()) {
    lines.push_back(s.substr(b));
  }
  return lines;
}

}  // namespace mmengine::config::detail
