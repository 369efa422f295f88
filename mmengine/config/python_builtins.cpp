// Builtin functions: len, min/max, sum, sorted, zip, enumerate, any/all,
// isinstance, ... (type constructors are in python_builtins_types.cpp).

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "mmengine/config/python_interp_impl.h"
#include "mmengine/config/python_ops_impl.h"
#include "mmengine/config/python_utf8_impl.h"

namespace mmengine::config::detail {

namespace {

constexpr std::array<std::pair<std::string_view, BuiltinId>, 41> kBuiltins = {{
    {"dict", BuiltinId::kDict},
    {"list", BuiltinId::kList},
    {"tuple", BuiltinId::kTuple},
    {"set", BuiltinId::kSet},
    {"str", BuiltinId::kStr},
    {"int", BuiltinId::kInt},
    {"float", BuiltinId::kFloat},
    {"bool", BuiltinId::kBool},
    {"range", BuiltinId::kRangeType},
    {"len", BuiltinId::kLen},
    {"min", BuiltinId::kMin},
    {"max", BuiltinId::kMax},
    {"sum", BuiltinId::kSum},
    {"abs", BuiltinId::kAbs},
    {"round", BuiltinId::kRound},
    {"zip", BuiltinId::kZip},
    {"enumerate", BuiltinId::kEnumerate},
    {"sorted", BuiltinId::kSorted},
    {"reversed", BuiltinId::kReversed},
    {"any", BuiltinId::kAny},
    {"all", BuiltinId::kAll},
    {"divmod", BuiltinId::kDivmod},
    {"isinstance", BuiltinId::kIsinstance},
    {"print", BuiltinId::kPrint},
    {"map", BuiltinId::kMap},
    {"filter", BuiltinId::kFilter},
    {"repr", BuiltinId::kRepr},
    {"type", BuiltinId::kType},
    {"hasattr", BuiltinId::kHasattr},
    {"getattr", BuiltinId::kGetattr},
    {"pow", BuiltinId::kPow},
    {"chr", BuiltinId::kChr},
    {"ord", BuiltinId::kOrd},
    {"hex", BuiltinId::kHex},
    {"oct", BuiltinId::kOct},
    {"bin", BuiltinId::kBin},
    {"iter", BuiltinId::kIter},
    {"next", BuiltinId::kNext},
    {"ascii", BuiltinId::kAscii},
    {"format", BuiltinId::kFormat},
    {"callable", BuiltinId::kCallable},
}};

// Python builtins a config cannot use: naming them gives a clear error
// instead of a NameError.
constexpr std::array<std::string_view, 45> kUnsupportedBuiltins = {
    "__import__",
    "breakpoint",
    "bytearray",
    "bytes",
    "classmethod",
    "compile",
    "complex",
    "copyright",
    "credits",
    "delattr",
    "dir",
    "eval",
    "exec",
    "exit",
    "frozenset",
    "globals",
    "hash",
    "help",
    "id",
    "input",
    "issubclass",
    "license",
    "locals",
    "memoryview",
    "object",
    "open",
    "property",
    "quit",
    "setattr",
    "slice",
    "staticmethod",
    "super",
    "vars",
    "Exception",
    "BaseException",
    "ValueError",
    "TypeError",
    "KeyError",
    "IndexError",
    "RuntimeError",
    "NotImplementedError",
    "AttributeError",
    "ImportError",
    "NotImplemented",
    "Ellipsis"};

std::size_t length_of(const Obj& v) {
  switch (v.kind()) {
    case ObjKind::kStr:
      return utf8_length(v.as_str());
    case ObjKind::kList:
      return v.get<ListObj*>()->items.size();
    case ObjKind::kTuple:
      return v.get<TupleObj*>()->items.size();
    case ObjKind::kDict:
      return v.get<DictObj*>()->table().size();
    case ObjKind::kSet:
      return v.get<SetObj*>()->table.size();
    case ObjKind::kRange:
      return static_cast<std::size_t>(v.get<RangeObj*>()->length());
    case ObjKind::kView:
      return v.get<ViewObj*>()->dict->table().size();
    default:
      py_raise(
          "TypeError",
          fmt::format("object of type '{}' has no len()", type_name(v)));
  }
}

// isinstance(v, t) for one type object t.
bool instance_of(const Obj& v, BuiltinId t) {
  switch (t) {
    case BuiltinId::kInt:
      return v.is_integer();
    case BuiltinId::kDict:
      return v.is(ObjKind::kDict);
    case BuiltinId::kList:
      return v.is(ObjKind::kList);
    case BuiltinId::kTuple:
      return v.is(ObjKind::kTuple);
    case BuiltinId::kSet:
      return v.is(ObjKind::kSet);
    case BuiltinId::kStr:
      return v.is(ObjKind::kStr);
    case BuiltinId::kFloat:
      return v.is(ObjKind::kFloat);
    case BuiltinId::kBool:
      return v.is(ObjKind::kBool);
    case BuiltinId::kRangeType:
      return v.is(ObjKind::kRange);
    default:
      return v.is_none();
  }
}

bool isinstance(const Obj& v, const Obj& types, int depth = 0) {
  if (types.is(ObjKind::kTuple)) {
    if (depth > 100) {
      py_raise(
          "RecursionError", "maximum recursion depth exceeded in isinstance");
    }
    const auto& items = types.get<TupleObj*>()->items;
    return std::any_of(items.begin(), items.end(), [&](const Obj& t) {
      return isinstance(v, t, depth + 1);
    });
  }
  if (!types.is(ObjKind::kBuiltin) ||
      types.get<BuiltinId>() > BuiltinId::kLastType) {
    py_raise(
        "TypeError",
        "isinstance() arg 2 must be a type, a tuple of types, or a union");
  }
  return instance_of(v, types.get<BuiltinId>());
}

Obj type_of(const Obj& v) {
  switch (v.kind()) {
    case ObjKind::kNone:
      return Obj(BuiltinId::kNoneType);
    case ObjKind::kBool:
      return Obj(BuiltinId::kBool);
    case ObjKind::kInt:
      return Obj(BuiltinId::kInt);
    case ObjKind::kFloat:
      return Obj(BuiltinId::kFloat);
    case ObjKind::kStr:
      return Obj(BuiltinId::kStr);
    case ObjKind::kList:
      return Obj(BuiltinId::kList);
    case ObjKind::kTuple:
      return Obj(BuiltinId::kTuple);
    case ObjKind::kDict:
      return Obj(BuiltinId::kDict);
    case ObjKind::kSet:
      return Obj(BuiltinId::kSet);
    case ObjKind::kRange:
      return Obj(BuiltinId::kRangeType);
    default:
      py_raise(
          "ConfigError",
          fmt::format(
              "type() of a {} object is not supported in config files",
              type_name(v)));
  }
}

std::string radix_text(std::int64_t i, int radix) {
  const auto mag =
      i < 0 ? 0 - static_cast<std::uint64_t>(i) : static_cast<std::uint64_t>(i);
  const std::string digits = radix == 16  ? fmt::format("0x{:x}", mag)
                             : radix == 8 ? fmt::format("0o{:o}", mag)
                                          : fmt::format("0b{:b}", mag);
  return (i < 0 ? "-" : "") + digits;
}

Obj char_builtin(BuiltinId id, const Obj& v) {
  if (id == BuiltinId::kChr) {
    std::string out;
    const auto i = expect_int(v, "chr()");
    if (i < 0 || !append_code_point(out, static_cast<char32_t>(i))) {
      py_raise("ValueError", "chr() arg not in range(0x110000)");
    }
    return Obj::str(std::move(out));
  }
  if (id == BuiltinId::kOrd) {
    const auto& s = expect_str(v, "ord()");
    const auto n = utf8_length(s);
    if (n != 1) {
      py_raise(
          "TypeError",
          fmt::format(
              "ord() expected a character, but string of length {} found", n));
    }
    return Obj(static_cast<std::int64_t>(decode_utf8_at(s, 0).code_point));
  }
  const int radix = id == BuiltinId::kHex ? 16 : id == BuiltinId::kOct ? 8 : 2;
  return Obj::str(radix_text(expect_int(v, builtin_display_name(id)), radix));
}

Obj builtin_abs(const Obj& v) {
  if (v.is(ObjKind::kFloat)) {
    return Obj(std::fabs(v.as_float()));
  }
  if (!v.is_integer()) {
    py_raise(
        "TypeError",
        fmt::format("bad operand type for abs(): '{}'", type_name(v)));
  }
  return v.as_int() < 0 ? unary_op(UnaryOp::kNeg, v) : Obj(v.as_int());
}

void check_numbers(const char* name, const Obj& a, const Obj& b) {
  if (!a.is_number() || !b.is_number()) {
    py_raise(
        "TypeError",
        fmt::format(
            "unsupported operand type(s) for {}(): '{}' and '{}'",
            name,
            type_name(a),
            type_name(b)));
  }
}

Obj builtin_divmod(Heap& heap, const Obj& a, const Obj& b) {
  check_numbers("divmod", a, b);
  if (a.is_integer() && b.is_integer()) {
    return heap.tuple(
        {Obj(floor_div(a.as_int(), b.as_int())),
         Obj(floor_mod(a.as_int(), b.as_int()))});
  }
  if (b.as_float() == 0.0) {
    py_raise("ZeroDivisionError", "float divmod()");
  }
  double q = 0;
  double r = 0;
  float_divmod(a.as_float(), b.as_float(), q, r);
  return heap.tuple({Obj(q), Obj(r)});
}

// Builtins that take only positional arguments, with their arity.
struct Arity {
  BuiltinId id;
  std::size_t lo;
  std::size_t hi;
};
constexpr Arity kSimpleBuiltins[] = {
    {BuiltinId::kLen, 1, 1},
    {BuiltinId::kAbs, 1, 1},
    {BuiltinId::kDivmod, 2, 2},
    {BuiltinId::kIsinstance, 2, 2},
    {BuiltinId::kRepr, 1, 1},
    {BuiltinId::kType, 1, 1},
    {BuiltinId::kPow, 2, 2},
    {BuiltinId::kChr, 1, 1},
    {BuiltinId::kOrd, 1, 1},
    {BuiltinId::kHex, 1, 1},
    {BuiltinId::kOct, 1, 1},
    {BuiltinId::kBin, 1, 1},
    {BuiltinId::kAscii, 1, 1},
    {BuiltinId::kFormat, 1, 2},
    {BuiltinId::kCallable, 1, 1}};

Obj simple_builtin(Heap& heap, BuiltinId id, const std::vector<Obj>& args) {
  const Obj& v = args[0];
  switch (id) {
    case BuiltinId::kLen:
      return Obj(static_cast<std::int64_t>(length_of(v)));
    case BuiltinId::kAbs:
      return builtin_abs(v);
    case BuiltinId::kDivmod:
      return builtin_divmod(heap, v, args[1]);
    case BuiltinId::kIsinstance:
      return Obj(isinstance(v, args[1]));
    case BuiltinId::kRepr:
      return Obj::str(py_repr(v));
    case BuiltinId::kType:
      return type_of(v);
    case BuiltinId::kPow:
      check_numbers("pow", v, args[1]);
      return number_pow(v, args[1]);
    case BuiltinId::kAscii:
      return Obj::str(py_ascii(v));
    case BuiltinId::kFormat:
      return Obj::str(format_value(
          v, args.size() == 2 ? expect_str(args[1], "format()") : ""));
    case BuiltinId::kCallable:
      return Obj(
          v.is(ObjKind::kFunction) || v.is(ObjKind::kBuiltin) ||
          v.is(ObjKind::kMethod) || v.is(ObjKind::kLazy));
    default:
      return char_builtin(id, v);
  }
}

}  // namespace

std::optional<BuiltinId> find_builtin(std::string_view name) {
  for (const auto& [key, id] : kBuiltins) {
    if (key == name) {
      return id;
    }
  }
  return std::nullopt;
}

bool is_unsupported_builtin(std::string_view name) {
  return std::find(
             kUnsupportedBuiltins.begin(), kUnsupportedBuiltins.end(), name) !=
         kUnsupportedBuiltins.end();
}

void check_args(
    std::string_view name,
    const std::vector<Obj>& args,
    const KwArgs& kwargs,
    std::size_t lo,
    std::size_t hi) {
  reject_kwargs(name, kwargs);
  const auto n = args.size();
  if (n >= lo && n <= hi) {
    return;
  }
  if (lo == hi) {
    py_raise(
        "TypeError",
        fmt::format(
            "{}() takes exactly {} argument{} ({} given)",
            name,
            lo,
            lo == 1 ? "" : "s",
            n));
  }
  py_raise(
      "TypeError",
      n < lo ? fmt::format(
                   "{}() takes at least {} argument{} ({} given)",
                   name,
                   lo,
                   lo == 1 ? "" : "s",
                   n)
             : fmt::format(
                   "{}() takes at most {} argument{} ({} given)",
                   name,
                   hi,
                   hi == 1 ? "" : "s",
                   n));
}

std::optional<Obj> take_kwarg(KwArgs& kwargs, std::string_view key) {
  for (auto it = kwargs.begin(); it != kwargs.end(); ++it) {
    if (it->first == key) {
      Obj value = std::move(it->second);
      kwargs.erase(it);
      return value;
    }
  }
  return std::nullopt;
}

void reject_kwargs(std::string_view name, const KwArgs& kwargs) {
  if (!kwargs.empty()) {
    py_raise(
        "TypeError",
        fmt::format(
            "{}() got an unexpected keyword argument '{}'",
            name,
            kwargs.front().first));
  }
}

std::int64_t expect_int(const Obj& v, std::string_view what) {
  static_cast<void>(what);
  if (!v.is_integer()) {
    py_raise(
        "TypeError",
        fmt::format(
            "'{}' object cannot be interpreted as an integer", type_name(v)));
  }
  return v.as_int();
}

const std::string& expect_str(const Obj& v, std::string_view what) {
  if (!v.is(ObjKind::kStr)) {
    py_raise(
        "TypeError",
        fmt::format("{} expected str, got {}", what, type_name(v)));
  }
  return v.as_str();
}

Obj Interpreter::call_builtin(
    BuiltinId id, std::vector<Obj>& args, KwArgs& kwargs) {
  if (id <= BuiltinId::kLastType) {
    return call_type(id, args, kwargs);
  }
  for (const auto& arity : kSimpleBuiltins) {
    if (arity.id == id) {
      check_args(builtin_display_name(id), args, kwargs, arity.lo, arity.hi);
      return simple_builtin(heap_, id, args);
    }
  }
  switch (id) {
    case BuiltinId::kMin:
    case BuiltinId::kMax:
      return builtin_min_max(id == BuiltinId::kMax, args, kwargs);
    case BuiltinId::kSum:
      return builtin_sum(args, kwargs);
    case BuiltinId::kRound:
      return builtin_round(args, kwargs);
    case BuiltinId::kNext:
      return builtin_next(args, kwargs);
    case BuiltinId::kSorted:
      return builtin_sorted(args, kwargs);
    case BuiltinId::kAny:
    case BuiltinId::kAll:
      return builtin_any_all(id == BuiltinId::kAny, args, kwargs);
    case BuiltinId::kPrint:
      return Obj();
    case BuiltinId::kHasattr:
    case BuiltinId::kGetattr:
      return builtin_attr(id, args, kwargs);
    case BuiltinId::kDeepcopy:
    case BuiltinId::kCopy:
      check_args(builtin_display_name(id), args, kwargs, 1, 1);
      return id == BuiltinId::kDeepcopy ? deep_copy(args[0])
                                        : shallow_copy(args[0]);
    default:
      return builtin_iterator(id, args, kwargs);
  }
}

Obj Interpreter::builtin_any_all(
    bool any, std::vector<Obj>& args, KwArgs& kwargs) {
  check_args(any ? "any" : "all", args, kwargs, 1, 1);
  bool result = !any;
  iterate(args[0], [&](const Obj& item) {
    if (truthy(item) == any) {
      result = any;
      return false;
    }
    return true;
  });
  return Obj(result);
}

Obj Interpreter::builtin_attr(
    BuiltinId id, std::vector<Obj>& args, KwArgs& kwargs) {
  const bool has = id == BuiltinId::kHasattr;
  check_args(has ? "hasattr" : "getattr", args, kwargs, 2, has ? 2 : 3);
  const auto& name = expect_str(args[1], has ? "hasattr()" : "getattr()");
  try {
    Obj value = get_attribute(args[0], name, false);
    return has ? Obj(true) : value;
  } catch (const PyError& err) {
    if (err.kind != "AttributeError") {
      throw;
    }
    if (has) {
      return Obj(false);
    }
    if (args.size() == 3) {
      return args[2];
    }
    throw;
  }
}

Obj Interpreter::builtin_sum(std::vector<Obj>& args, KwArgs& kwargs) {
  auto start = take_kwarg(kwargs, "start");
  check_args("sum", args, kwargs, 1, 2);
  Obj total = args.size() == 2 ? args[1] : start.value_or(Obj(std::int64_t{0}));
  if (total.is(ObjKind::kStr)) {
    py_raise("TypeError", "sum() can't sum strings [use ''.join(seq) instead]");
  }
  iterate(args[0], [&](const Obj& item) {
    total = binary_op(heap_, BinOp::kAdd, total, item);
    return true;
  });
  return total;
}

Obj Interpreter::builtin_min_max(
    bool is_max, std::vector<Obj>& args, KwArgs& kwargs) {
  const char* name = is_max ? "max" : "min";
  const auto key = take_kwarg(kwargs, "key");
  const auto fallback = take_kwarg(kwargs, "default");
  reject_kwargs(name, kwargs);
  if (args.empty()) {
    py_raise(
        "TypeError",
        fmt::format("{} expected at least 1 argument, got 0", name));
  }
  if (args.size() > 1 && fallback) {
    py_raise(
        "TypeError",
        fmt::format(
            "Cannot specify a default for {}() with multiple positional "
            "arguments",
            name));
  }
  const auto items = args.size() == 1 ? materialize(args[0]) : args;
  if (items.empty()) {
    if (fallback) {
      return *fallback;
    }
    py_raise("ValueError", fmt::format("{}() arg is an empty sequence", name));
  }
  const bool keyed = key && !key->is_none();
  Obj best = items[0];
  Obj best_key = keyed ? call(*key, {best}, {}) : best;
  for (std::size_t i = 1; i < items.size(); ++i) {
    Obj k = keyed ? call(*key, {items[i]}, {}) : items[i];
    if (py_compare(k, best_key, is_max ? CmpOp::kGt : CmpOp::kLt)) {
      best = items[i];
      best_key = std::move(k);
    }
  }
  return best;
}

Obj Interpreter::builtin_sorted(std::vector<Obj>& args, KwArgs& kwargs) {
  const auto key = take_kwarg(kwargs, "key");
  const auto reverse = take_kwarg(kwargs, "reverse");
  check_args("sorted", args, kwargs, 1, 1);
  auto items = materialize(args[0]);
  sort_list(items, key.value_or(Obj()), reverse && truthy(*reverse));
  return heap_.list(std::move(items));
}

Obj Interpreter::sort_list(
    std::vector<Obj>& items, const Obj& key, bool reverse) {
  std::vector<Obj> keys;
  keys.reserve(items.size());
  for (const auto& item : items) {
    keys.push_back(key.is_none() ? item : call(key, {item}, {}));
  }
  std::vector<std::size_t> order(items.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  const auto n = static_cast<std::int64_t>(items.size());
  budget_.charge(
      n * static_cast<std::int64_t>(std::log2(static_cast<double>(n) + 1) + 1));
  std::stable_sort(
      order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return reverse ? py_lt(keys[b], keys[a]) : py_lt(keys[a], keys[b]);
      });
  std::vector<Obj> sorted;
  sorted.reserve(items.size());
  for (const auto i : order) {
    sorted.push_back(items[i]);
  }
  items = std::move(sorted);
  return Obj();
}

}  // namespace mmengine::config::detail
