// Type constructors (dict, list, tuple, set, str, int, float, bool, range)
// and round().

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include <fmt/format.h>

#include "mmengine/config/python_interp_impl.h"
#include "mmengine/config/python_ops_impl.h"

namespace mmengine::config::detail {

namespace {

std::string_view strip_spaces(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\n\r\f\v");
  if (b == std::string_view::npos) {
    return {};
  }
  return s.substr(b, s.find_last_not_of(" \t\n\r\f\v") - b + 1);
}

// Drops single underscores between digits; nullopt when one is misplaced.
std::optional<std::string> without_underscores(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '_') {
      out.push_back(s[i]);
      continue;
    }
    if (i == 0 || i + 1 >= s.size() ||
        !std::isxdigit(static_cast<unsigned char>(s[i - 1])) ||
        !std::isxdigit(static_cast<unsigned char>(s[i + 1]))) {
      return std::nullopt;
    }
  }
  return out;
}

Obj parse_int(const std::string& text, std::int64_t base) {
  const auto fail = [&]() -> Obj {
    py_raise(
        "ValueError",
        fmt::format(
            "invalid literal for int() with base {}: {}",
            base,
            py_repr(Obj::str(text))));
  };
  if (base != 0 && (base < 2 || base > 36)) {
    py_raise("ValueError", "int() base must be >= 2 and <= 36, or 0");
  }
  auto s = strip_spaces(text);
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  int radix = static_cast<int>(base);
  if (s.size() > 1 && s[0] == '0' &&
      (base == 0 || base == 16 || base == 8 || base == 2)) {
    const char p = static_cast<char>(s[1] | 0x20);
    const int prefixed = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 0;
    if (prefixed != 0 && (base == 0 || base == prefixed)) {
      radix = prefixed;
      s.remove_prefix(s.size() > 2 && s[2] == '_' ? 3 : 2);
    }
  }
  if (radix == 0) {
    radix = 10;
    if (s.size() > 1 && s[0] == '0' &&
        s.find_first_not_of("0_") != std::string_view::npos) {
      fail();
    }
  }
  const auto digits = without_underscores(s);
  if (!digits || digits->empty()) {
    fail();
  }
  std::uint64_t mag = 0;
  const auto* end = digits->data() + digits->size();
  const auto res = std::from_chars(digits->data(), end, mag, radix);
  if (res.ec == std::errc::result_out_of_range ||
      mag > (negative ? 9223372036854775808ULL : 9223372036854775807ULL)) {
    py_raise("OverflowError", "int too large (config ints are 64-bit)");
  }
  if (res.ec != std::errc() || res.ptr != end) {
    fail();
  }
  return Obj(
      negative ? static_cast<std::int64_t>(0 - mag)
               : static_cast<std::int64_t>(mag));
}

Obj parse_float(const std::string& text) {
  const auto fail = [&]() -> Obj {
    py_raise(
        "ValueError",
        fmt::format(
            "could not convert string to float: {}", py_repr(Obj::str(text))));
  };
  auto s = strip_spaces(text);
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  std::string low;
  for (char c : s) {
    low.push_back(
        static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  double value = 0;
  if (low == "inf" || low == "infinity") {
    value = INFINITY;
  } else if (low == "nan") {
    value = NAN;
  } else {
    const auto digits = without_underscores(s);
    if (!digits || digits->empty() ||
        digits->find_first_of("xXpP") != std::string::npos) {
      fail();
    }
    const auto* end = digits->data() + digits->size();
    const auto res = std::from_chars(digits->data(), end, value);
    if (res.ptr != end) {
      fail();
    }
    if (res.ec == std::errc::result_out_of_range) {
      value = std::strtod(digits->c_str(), nullptr);
    } else if (res.ec != std::errc()) {
      fail();
    }
  }
  return Obj(negative ? -value : value);
}

std::int64_t float_to_int(double d) {
  if (std::isnan(d)) {
    py_raise("ValueError", "cannot convert float NaN to integer");
  }
  if (std::isinf(d)) {
    py_raise("OverflowError", "cannot convert float infinity to integer");
  }
  const double t = std::trunc(d);
  if (t >= 9223372036854775808.0 || t < -9223372036854775808.0) {
    py_raise("OverflowError", "int too large (config ints are 64-bit)");
  }
  return static_cast<std::int64_t>(t);
}

// Rounds the decimal digit string `digits` (an integer) to a multiple of
// 10^k, half to even; `sticky` says discarded fractional digits were
// non-zero.
std::string round_decimal_digits(
    std::string digits, std::size_t k, bool sticky) {
  if (k > digits.size()) {
    digits.insert(0, k - digits.size() + 1, '0');
  }
  const auto keep = digits.size() - k;
  const std::string dropped = digits.substr(keep);
  std::string head = digits.substr(0, keep);
  const char first = dropped.empty() ? '0' : dropped[0];
  const bool rest_nonzero =
      sticky || dropped.find_first_not_of('0', 1) != std::string::npos;
  const bool odd = !head.empty() && (head.back() - '0') % 2 == 1;
  if (first > '5' || (first == '5' && (rest_nonzero || odd))) {
    int i = static_cast<int>(head.size()) - 1;
    for (; i >= 0 && head[static_cast<std::size_t>(i)] == '9'; --i) {
      head[static_cast<std::size_t>(i)] = '0';
    }
    if (i < 0) {
      head.insert(0, 1, '1');
    } else {
      ++head[static_cast<std::size_t>(i)];
    }
  }
  return head + std::string(k, '0');
}

double round_float(double x, std::int64_t n) {
  if (!std::isfinite(x) || n > 400) {
    return x;
  }
  if (n >= 0) {
    char buf[512];
    std::snprintf(buf, sizeof(buf), "%.*f", static_cast<int>(n), x);
    return std::strtod(buf, nullptr);
  }
  if (n < -400) {
    return std::copysign(0.0, x);
  }
  const double whole = std::trunc(std::fabs(x));
  char buf[512];
  std::snprintf(buf, sizeof(buf), "%.0f", whole);
  const auto rounded = round_decimal_digits(
      buf, static_cast<std::size_t>(-n), std::fabs(x) != whole);
  return std::copysign(std::strtod(rounded.c_str(), nullptr), x);
}

std::int64_t round_int(std::int64_t x, std::int64_t n) {
  if (n >= 0) {
    return x;
  }
  if (n < -18) {
    return 0;
  }
  std::int64_t p = 1;
  for (std::int64_t i = 0; i < -n; ++i) {
    p *= 10;
  }
  const std::int64_t q = floor_div(x, p);
  const std::int64_t r = x - q * p;
  const bool up = 2 * r > p || (2 * r == p && q % 2 != 0);
  return checked_mul(up ? q + 1 : q, p);
}

Obj builtin_int(const std::vector<Obj>& args, const std::optional<Obj>& base) {
  if (args.empty()) {
    return Obj(std::int64_t{0});
  }
  const Obj& v = args[0];
  if (v.is(ObjKind::kStr)) {
    return parse_int(v.as_str(), base ? expect_int(*base, "int()") : 10);
  }
  if (base) {
    py_raise("TypeError", "int() can't convert non-string with explicit base");
  }
  if (v.is_integer()) {
    return Obj(v.as_int());
  }
  if (v.is(ObjKind::kFloat)) {
    return Obj(float_to_int(v.as_float()));
  }
  py_raise(
      "TypeError",
      fmt::format(
          "int() argument must be a string, a bytes-like object or a real "
          "number, not '{}'",
          type_name(v)));
}

Obj builtin_float(const Obj& v) {
  if (v.is(ObjKind::kStr)) {
    return parse_float(v.as_str());
  }
  if (v.is_number()) {
    return Obj(v.as_float());
  }
  py_raise(
      "TypeError",
      fmt::format(
          "float() argument must be a string or a real number, not '{}'",
          type_name(v)));
}

Obj builtin_range(Heap& heap, const std::vector<Obj>& args) {
  auto* r = heap.make<RangeObj>();
  r->stop = expect_int(args.size() == 1 ? args[0] : args[1], "range()");
  r->start = args.size() == 1 ? 0 : expect_int(args[0], "range()");
  r->step = args.size() == 3 ? expect_int(args[2], "range()") : 1;
  if (r->step == 0) {
    py_raise("ValueError", "range() arg 3 must not be zero");
  }
  return Obj(r);
}

Obj make_set(Heap& heap, const std::vector<Obj>& items) {
  Obj set = heap.set();
  for (const auto& item : items) {
    set.get<SetObj*>()->table.set(item, Obj());
  }
  heap.budget().check_size(set.get<SetObj*>()->table.size());
  return set;
}

}  // namespace

Obj Interpreter::builtin_round(std::vector<Obj>& args, KwArgs& kwargs) {
  auto ndigits = take_kwarg(kwargs, "ndigits");
  check_args("round", args, kwargs, 1, 2);
  if (args.size() == 2) {
    ndigits = args[1];
  }
  const Obj& x = args[0];
  if (!x.is_number()) {
    py_raise(
        "TypeError",
        fmt::format("type {} doesn't define __round__ method", type_name(x)));
  }
  if (!ndigits || ndigits->is_none()) {
    if (x.is_integer()) {
      return Obj(x.as_int());
    }
    return Obj(float_to_int(std::nearbyint(x.as_float())));
  }
  const auto n = expect_int(*ndigits, "round()");
  if (x.is_integer()) {
    return Obj(round_int(x.as_int(), n));
  }
  return Obj(round_float(x.as_float(), n));
}

Obj Interpreter::call_type(
    BuiltinId id, std::vector<Obj>& args, KwArgs& kwargs) {
  const char* name = builtin_display_name(id);
  switch (id) {
    case BuiltinId::kDict:
      return builtin_dict(args, kwargs);
    case BuiltinId::kList:
    case BuiltinId::kTuple:
    case BuiltinId::kSet: {
      check_args(name, args, kwargs, 0, 1);
      auto items = args.empty() ? std::vector<Obj>() : materialize(args[0]);
      return id == BuiltinId::kList    ? heap_.list(std::move(items))
             : id == BuiltinId::kTuple ? heap_.tuple(std::move(items))
                                       : make_set(heap_, items);
    }
    case BuiltinId::kStr:
      check_args(name, args, kwargs, 0, 1);
      return Obj::str(args.empty() ? "" : py_str(args[0]));
    case BuiltinId::kBool:
      check_args(name, args, kwargs, 0, 1);
      return Obj(!args.empty() && truthy(args[0]));
    case BuiltinId::kInt: {
      auto base = take_kwarg(kwargs, "base");
      check_args(name, args, kwargs, 0, 2);
      return builtin_int(args, args.size() == 2 ? args[1] : base);
    }
    case BuiltinId::kFloat:
      check_args(name, args, kwargs, 0, 1);
      return args.empty() ? Obj(0.0) : builtin_float(args[0]);
    case BuiltinId::kRangeType:
      check_args(name, args, kwargs, 1, 3);
      return builtin_range(heap_, args);
    default:
      py_raise("TypeError", fmt::format("cannot create '{}' instances", name));
  }
}

Obj Interpreter::builtin_dict(std::vector<Obj>& args, KwArgs& kwargs) {
  if (args.size() > 1) {
    py_raise(
        "TypeError",
        fmt::format("dict expected at most 1 argument, got {}", args.size()));
  }
  Obj dict = heap_.dict();
  auto& table = dict.get<DictObj*>()->table();
  if (!args.empty() && args[0].is(ObjKind::kDict)) {
    const auto entries = args[0].get<DictObj*>()->table().entries();
    budget_.charge(static_cast<std::int64_t>(entries.size()));
    for (const auto& [key, value] : entries) {
      table.set(key, value);
    }
  } else if (!args.empty()) {
    std::size_t index = 0;
    iterate(args[0], [&](const Obj& item) {
      if (!item.is(ObjKind::kList) && !item.is(ObjKind::kTuple) &&
          !item.is(ObjKind::kStr)) {
        py_raise(
            "TypeError",
            fmt::format(
                "cannot convert dictionary update sequence element #{} to a "
                "sequence",
                index));
      }
      const auto pair = materialize(item);
      if (pair.size() != 2) {
        py_raise(
            "ValueError",
            fmt::format(
                "dictionary update sequence element #{} has length {}; 2 is "
                "required",
                index,
                pair.size()));
      }
      table.set(pair[0], pair[1]);
      ++index;
      return true;
    });
  }
  for (auto& [key, value] : kwargs) {
    // Keyword names are distinct: only a positional argument can clash.
    if (args.empty()) {
      table.append_new(Obj::str(std::move(key)), std::move(value));
    } else {
      table.set(Obj::str(std::move(key)), std::move(value));
    }
  }
  budget_.check_size(table.size());
  return dict;
}

}  // namespace mmengine::config::detail
