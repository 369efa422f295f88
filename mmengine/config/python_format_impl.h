#pragma once

// String formatting: format() specs, printf-style `%` and str.format, with
// CPython's output and error texts.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mmengine/config/python_object_impl.h"

namespace mmengine::config::detail {

/// Largest width or precision a format spec may ask for (a result of that
/// size is past any config's needs); larger ones raise a ConfigError.
inline constexpr int kMaxFormatWidth = 1'000'000;

/// Throws ConfigError when a format width or precision exceeds
/// kMaxFormatWidth.
int check_format_width(std::int64_t width);

/// A parsed format spec: [[fill]align][sign][#][0][width][,|_][.precision]
/// [type].
struct FormatSpec {
  std::string fill = " ";
  char align = 0;
  char sign = 0;
  bool alt = false;
  bool zero = false;
  int width = 0;
  char grouping = 0;
  int precision = -1;
  char type = 0;
};

/// Parses `spec` for a value `v` (named in errors).
FormatSpec parse_format_spec(std::string_view spec, const Obj& v);
/// Pads prefix + body to spec's width with its fill and alignment.
std::string pad_formatted(
    const std::string& prefix,
    const std::string& body,
    const FormatSpec& spec,
    bool numeric);
/// format(int, spec) and format(float, spec); `v` is named in errors.
std::string format_int(std::int64_t i, const FormatSpec& spec, const Obj& v);
std::string format_float(double x, const FormatSpec& spec, const Obj& v);
/// Python `format(v, spec)`.
std::string format_value(const Obj& v, std::string_view spec);
/// Python `ascii(v)`: repr with non-ASCII characters escaped.
std::string py_ascii(const Obj& v);

/// Python `format % args` (printf-style); the result is size-checked
/// against the budget as it grows.
std::string percent_format(
    const std::string& format, const Obj& args, const Budget& budget);

/// Keyword arguments in call order.
using KwArgs = std::vector<std::pair<std::string, Obj>>;

/// Python `format.format(*args, **kwargs)`.
std::string str_format(
    Heap& heap,
    const std::string& format,
    const std::vector<Obj>& args,
    const KwArgs& kwargs);

}  // namespace mmengine::config::detail
