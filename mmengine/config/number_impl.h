#pragma once

// Private: locale-independent float parsing shared by the JSON and YAML
// readers.

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>

namespace mmengine::config::detail {

/// Decimal exponent of the first significant digit of a decimal number
/// ("123.4e2" -> 4, "0.05" -> -2); numbers without one give 0.
inline int decimal_magnitude(std::string_view text) {
  const std::size_t e = text.find_first_of("eE");
  const std::string_view mantissa = text.substr(0, e);
  const int exp = e == std::string_view::npos
                      ? 0
                      : std::atoi(std::string(text.substr(e + 1)).c_str());
  const std::size_t dot = std::min(mantissa.find('.'), mantissa.size());
  const std::size_t first = mantissa.find_first_of("123456789");
  if (first == std::string_view::npos) {
    return 0;
  }
  const auto shift = first < dot ? static_cast<int>(dot - first) - 1
                                 : -static_cast<int>(first - dot);
  return shift + exp;
}

/// Python's float() on a decimal literal without '+' ("-1.5e3", ".5",
/// "1.", "inf", "nan"): out-of-range values become +-inf or +-0.0 as
/// CPython's strtod gives. False when text is not entirely a number.
inline bool parse_double(std::string_view text, double& out) {
  const char* end = text.data() + text.size();
  const auto res = std::from_chars(text.data(), end, out);
  if (text.empty() || res.ptr != end) {
    return false;
  }
  if (res.ec == std::errc::result_out_of_range) {
    out = decimal_magnitude(text) >= 0 ? std::numeric_limits<double>::infinity()
                                       : 0.0;
    out = text.front() == '-' ? -out : out;
  }
  return true;
}

}  // namespace mmengine::config::detail
