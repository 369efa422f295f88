// Arithmetic, bitwise and container operators.

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "mmengine/config/python_ops_impl.h"

namespace mmengine::config::detail {

namespace {

[[noreturn]] void unsupported_operands(BinOp op, const Obj& a, const Obj& b) {
  py_raise(
      "TypeError",
      fmt::format(
          "unsupported operand type(s) for {}: '{}' and '{}'",
          op_symbol(op),
          type_name(a),
          type_name(b)));
}

[[noreturn]] void overflow() {
  py_raise("OverflowError", "integer result does not fit in 64 bits");
}

const std::vector<Obj>* seq_items(const Obj& v) {
  if (v.is(ObjKind::kList)) {
    return &v.get<ListObj*>()->items;
  }
  if (v.is(ObjKind::kTuple)) {
    return &v.get<TupleObj*>()->items;
  }
  return nullptr;
}

Obj concat(Heap& heap, const Obj& a, const Obj& b) {
  if (a.is(ObjKind::kStr) && b.is(ObjKind::kStr)) {
    const auto size = a.as_str().size() + b.as_str().size();
    heap.budget().check_size(size);
    heap.budget().charge(static_cast<std::int64_t>(size / 16));
    return Obj::str(a.as_str() + b.as_str());
  }
  const auto* x = seq_items(a);
  const auto* y = seq_items(b);
  if (x != nullptr && y != nullptr && a.kind() == b.kind()) {
    std::vector<Obj> items;
    heap.budget().check_size(x->size() + y->size());
    heap.budget().charge(static_cast<std::int64_t>(x->size() + y->size()));
    items.reserve(x->size() + y->size());
    items.insert(items.end(), x->begin(), x->end());
    items.insert(items.end(), y->begin(), y->end());
    return a.is(ObjKind::kList) ? heap.list(std::move(items))
                                : heap.tuple(std::move(items));
  }
  if (a.is(ObjKind::kStr) || x != nullptr) {
    py_raise(
        "TypeError",
        fmt::format(
            "can only concatenate {} (not \"{}\") to {}",
            type_name(a),
            type_name(b),
            type_name(a)));
  }
  unsupported_operands(BinOp::kAdd, a, b);
}

Obj repeat(Heap& heap, const Obj& seq, const Obj& count) {
  if (!count.is_integer()) {
    py_raise(
        "TypeError",
        fmt::format(
            "can't multiply sequence by non-int of type '{}'",
            type_name(count)));
  }
  const auto n = std::max<std::int64_t>(count.as_int(), 0);
  if (seq.is(ObjKind::kStr)) {
    const auto& s = seq.as_str();
    if (!s.empty() &&
        static_cast<std::uint64_t>(n) > heap.budget().max_size / s.size()) {
      heap.budget().check_size(heap.budget().max_size + 1);
    }
    heap.budget().charge(static_cast<std::int64_t>(s.size()) * n / 64);
    std::string out;
    out.reserve(s.size() * static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) {
      out += s;
    }
    return Obj::str(std::move(out));
  }
  const auto& items = *seq_items(seq);
  if (!items.empty() &&
      static_cast<std::uint64_t>(n) > heap.budget().max_size / items.size()) {
    heap.budget().check_size(heap.budget().max_size + 1);
  }
  heap.budget().charge(static_cast<std::int64_t>(items.size()) * n);
  std::vector<Obj> out;
  out.reserve(items.size() * static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) {
    out.insert(out.end(), items.begin(), items.end());
  }
  return seq.is(ObjKind::kList) ? heap.list(std::move(out))
                                : heap.tuple(std::move(out));
}

Obj divide(BinOp op, const Obj& a, const Obj& b) {
  const bool ints = a.is_integer() && b.is_integer();
  if (op == BinOp::kDiv) {
    if (b.as_float() == 0.0) {
      py_raise(
          "ZeroDivisionError",
          ints ? "division by zero" : "float division by zero");
    }
    return Obj(a.as_float() / b.as_float());
  }
  if (ints) {
    return Obj(
        op == BinOp::kFloorDiv ? floor_div(a.as_int(), b.as_int())
                               : floor_mod(a.as_int(), b.as_int()));
  }
  if (b.as_float() == 0.0) {
    py_raise(
        "ZeroDivisionError",
        op == BinOp::kFloorDiv ? "float floor division by zero"
                               : "float modulo");
  }
  double q = 0;
  double r = 0;
  float_divmod(a.as_float(), b.as_float(), q, r);
  return Obj(op == BinOp::kFloorDiv ? q : r);
}

Obj shift(BinOp op, std::int64_t a, std::int64_t b) {
  if (b < 0) {
    py_raise("ValueError", "negative shift count");
  }
  if (op == BinOp::kRShift) {
    return Obj(b >= 64 ? (a < 0 ? -1 : 0) : (a >> b));
  }
  if (a == 0) {
    return Obj(std::int64_t{0});
  }
  if (b >= 63 ||
      (a > 0 ? a > (std::numeric_limits<std::int64_t>::max() >> b)
             : a < (std::numeric_limits<std::int64_t>::min() >> b))) {
    overflow();
  }
  return Obj(static_cast<std::int64_t>(static_cast<std::uint64_t>(a) << b));
}

Obj integer_op(BinOp op, const Obj& a, const Obj& b) {
  const auto x = a.as_int();
  const auto y = b.as_int();
  const bool both_bool = a.is(ObjKind::kBool) && b.is(ObjKind::kBool);
  switch (op) {
    case BinOp::kBitAnd:
      return both_bool ? Obj((x & y) != 0) : Obj(x & y);
    case BinOp::kBitOr:
      return both_bool ? Obj((x | y) != 0) : Obj(x | y);
    case BinOp::kBitXor:
      return both_bool ? Obj((x ^ y) != 0) : Obj(x ^ y);
    default:
      return shift(op, x, y);
  }
}

Obj set_op(Heap& heap, BinOp op, const OrderedTable& x, const OrderedTable& y) {
  Obj out = heap.set();
  auto& table = out.get<SetObj*>()->table;
  for (const auto& e : x.entries()) {
    const bool in_y = y.find(e.first) != nullptr;
    if (op == BinOp::kBitOr || (op == BinOp::kBitAnd && in_y) ||
        ((op == BinOp::kSub || op == BinOp::kBitXor) && !in_y)) {
      table.set(e.first, Obj());
    }
  }
  for (const auto& e : y.entries()) {
    if ((op == BinOp::kBitOr || op == BinOp::kBitXor) &&
        x.find(e.first) == nullptr) {
      table.set(e.first, Obj());
    }
  }
  return out;
}

Obj number_op(BinOp op, const Obj& a, const Obj& b) {
  if (a.is_integer() && b.is_integer()) {
    const auto x = a.as_int();
    const auto y = b.as_int();
    switch (op) {
      case BinOp::kAdd:
        return Obj(checked_add(x, y));
      case BinOp::kSub:
        if (y == std::numeric_limits<std::int64_t>::min()) {
          overflow();
        }
        return Obj(checked_add(x, -y));
      default:
        return Obj(checked_mul(x, y));
    }
  }
  const double x = a.as_float();
  const double y = b.as_float();
  return Obj(op == BinOp::kAdd ? x + y : op == BinOp::kSub ? x - y : x * y);
}

}  // namespace

std::int64_t checked_add(std::int64_t a, std::int64_t b) {
  std::int64_t out = 0;
  if (__builtin_add_overflow(a, b, &out)) {
    overflow();
  }
  return out;
}

std::int64_t checked_mul(std::int64_t a, std::int64_t b) {
  std::int64_t out = 0;
  if (__builtin_mul_overflow(a, b, &out)) {
    overflow();
  }
  return out;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  if (b == 0) {
    py_raise("ZeroDivisionError", "integer division or modulo by zero");
  }
  if (b == -1 && a == std::numeric_limits<std::int64_t>::min()) {
    overflow();
  }
  const std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

std::int64_t floor_mod(std::int64_t a, std::int64_t b) {
  if (b == 0) {
    py_raise("ZeroDivisionError", "integer modulo by zero");
  }
  if (b == -1) {
    return 0;
  }
  const std::int64_t r = a % b;
  return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
}

void float_divmod(double a, double b, double& quotient, double& remainder) {
  // CPython's _float_div_mod.
  double mod = std::fmod(a, b);
  double div = (a - mod) / b;
  if (mod != 0.0) {
    if ((b < 0) != (mod < 0)) {
      mod += b;
      div -= 1.0;
    }
  } else {
    mod = std::copysign(0.0, b);
  }
  double floordiv = 0;
  if (div != 0.0) {
    floordiv = std::floor(div);
    if (div - floordiv > 0.5) {
      floordiv += 1.0;
    }
  } else {
    floordiv = std::copysign(0.0, a / b);
  }
  quotient = floordiv;
  remainder = mod;
}

Obj number_pow(const Obj& a, const Obj& b) {
  if (a.is_integer() && b.is_integer() && b.as_int() >= 0) {
    std::int64_t base = a.as_int();
    std::int64_t exp = b.as_int();
    std::int64_t result = 1;
    while (exp > 0) {
      if (exp & 1) {
        result = checked_mul(result, base);
      }
      exp >>= 1;
      if (exp > 0) {
        base = checked_mul(base, base);
      }
    }
    return Obj(result);
  }
  const double x = a.as_float();
  const double y = b.as_float();
  if (x == 0.0 && y < 0) {
    py_raise("ZeroDivisionError", "0.0 cannot be raised to a negative power");
  }
  if (x < 0 && y != std::floor(y) && std::isfinite(y)) {
    py_raise(
        "ValueError",
        "negative number raised to a fractional power gives a complex "
        "number, which config files cannot hold");
  }
  const double r = std::pow(x, y);
  if (std::isinf(r) && std::isfinite(x) && std::isfinite(y)) {
    py_raise("OverflowError", "(34, 'Numerical result out of range')");
  }
  return Obj(r);
}

Obj binary_op(Heap& heap, BinOp op, const Obj& a, const Obj& b) {
  const bool numbers = a.is_number() && b.is_number();
  switch (op) {
    case BinOp::kAdd:
      return numbers ? number_op(op, a, b) : concat(heap, a, b);
    case BinOp::kSub:
    case BinOp::kMul:
      if (numbers) {
        return number_op(op, a, b);
      }
      if (op == BinOp::kMul &&
          (a.is(ObjKind::kStr) || seq_items(a) != nullptr)) {
        return repeat(heap, a, b);
      }
      if (op == BinOp::kMul &&
          (b.is(ObjKind::kStr) || seq_items(b) != nullptr)) {
        return repeat(heap, b, a);
      }
      break;
    case BinOp::kDiv:
    case BinOp::kFloorDiv:
    case BinOp::kMod:
      if (numbers) {
        return divide(op, a, b);
      }
      if (op == BinOp::kMod && a.is(ObjKind::kStr)) {
        auto text = percent_format(a.as_str(), b, heap.budget());
        heap.budget().check_size(text.size());
        heap.budget().charge(static_cast<std::int64_t>(text.size() / 16));
        return Obj::str(std::move(text));
      }
      break;
    case BinOp::kPow:
      if (numbers) {
        return number_pow(a, b);
      }
      break;
    case BinOp::kLShift:
    case BinOp::kRShift:
    case BinOp::kBitAnd:
    case BinOp::kBitOr:
    case BinOp::kBitXor:
      if (a.is_integer() && b.is_integer()) {
        return integer_op(op, a, b);
      }
      break;
    case BinOp::kMatMul:
      break;
  }
  if (a.is(ObjKind::kSet) && b.is(ObjKind::kSet) && op != BinOp::kMul &&
      op != BinOp::kMod) {
    return set_op(heap, op, a.get<SetObj*>()->table, b.get<SetObj*>()->table);
  }
  if (op == BinOp::kBitOr && a.is(ObjKind::kDict) && b.is(ObjKind::kDict)) {
    Obj out = heap.dict();
    auto& table = out.get<DictObj*>()->table();
    for (const auto* src : {a.get<DictObj*>(), b.get<DictObj*>()}) {
      heap.budget().charge(static_cast<std::int64_t>(src->table().size()));
      for (const auto& [key, value] : src->table().entries()) {
        table.set(key, value);
      }
    }
    return out;
  }
  unsupported_operands(op, a, b);
}

Obj inplace_op(Heap& heap, BinOp op, const Obj& a, const Obj& b) {
  if (op == BinOp::kAdd && a.is(ObjKind::kList) && seq_items(b) != nullptr) {
    auto& items = a.get<ListObj*>()->items;
    const auto extra = *seq_items(b);
    heap.budget().check_size(items.size() + extra.size());
    heap.budget().charge(static_cast<std::int64_t>(extra.size()));
    items.insert(items.end(), extra.begin(), extra.end());
    return a;
  }
  if (op == BinOp::kBitOr && a.is(ObjKind::kDict) && b.is(ObjKind::kDict)) {
    auto& table = a.get<DictObj*>()->table();
    const auto entries = b.get<DictObj*>()->table().entries();
    heap.budget().charge(static_cast<std::int64_t>(entries.size()));
    for (const auto& [key, value] : entries) {
      table.set(key, value);
    }
    return a;
  }
  return binary_op(heap, op, a, b);
}

Obj unary_op(UnaryOp op, const Obj& v) {
  if (op == UnaryOp::kNot) {
    return Obj(!truthy(v));
  }
  if (op == UnaryOp::kInvert && v.is_integer()) {
    return Obj(~v.as_int());
  }
  if (op != UnaryOp::kInvert && v.is_integer()) {
    const auto i = v.as_int();
    if (op == UnaryOp::kPos) {
      return Obj(i);
    }
    if (i == std::numeric_limits<std::int64_t>::min()) {
      overflow();
    }
    return Obj(-i);
  }
  if (op != UnaryOp::kInvert && v.is(ObjKind::kFloat)) {
    return Obj(op == UnaryOp::kNeg ? -v.as_float() : v.as_float());
  }
  py_raise(
      "TypeError",
      fmt::format(
          "bad operand type for unary {}: '{}'",
          op == UnaryOp::kNeg   ? "-"
          : op == UnaryOp::kPos ? "+"
                                : "~",
          type_name(v)));
}

}  // namespace mmengine::config::detail
