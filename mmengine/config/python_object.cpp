#include "mmengine/config/python_object_impl.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <utility>

#include <fmt/format.h>

namespace mmengine::config::detail {

namespace {

constexpr int kMaxValueDepth = 300;

void check_depth(int depth, const char* what) {
  if (depth > kMaxValueDepth) {
    py_raise(
        "RecursionError",
        fmt::format("maximum recursion depth exceeded in {}", what));
  }
}

std::size_t hash_combine(std::size_t seed, std::size_t h) {
  return seed ^ (h + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

// -1, 0, 1 for i <=> d; 2 when d is NaN. Exact, unlike a double cast.
int compare_int_float(std::int64_t i, double d) {
  if (std::isnan(d)) {
    return 2;
  }
  if (d >= 9223372036854775808.0) {
    return -1;
  }
  if (d < -9223372036854775808.0) {
    return 1;
  }
  const double fl = std::floor(d);
  const auto whole = static_cast<std::int64_t>(fl);
  if (i != whole) {
    return i < whole ? -1 : 1;
  }
  return fl == d ? 0 : -1;
}

// a <=> b for numbers: -1, 0, 1, or 2 when unordered (NaN).
int compare_numbers(const Obj& a, const Obj& b) {
  const bool af = a.is(ObjKind::kFloat);
  const bool bf = b.is(ObjKind::kFloat);
  if (!af && !bf) {
    const auto x = a.as_int();
    const auto y = b.as_int();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (af && bf) {
    const double x = a.as_float();
    const double y = b.as_float();
    return x < y ? -1 : x > y ? 1 : x == y ? 0 : 2;
  }
  if (af) {
    const int c = compare_int_float(b.as_int(), a.as_float());
    return c == 2 ? 2 : -c;
  }
  return compare_int_float(a.as_int(), b.as_float());
}

const std::vector<Obj>* sequence_items(const Obj& v) {
  if (v.is(ObjKind::kList)) {
    return &v.get<ListObj*>()->items;
  }
  if (v.is(ObjKind::kTuple)) {
    return &v.get<TupleObj*>()->items;
  }
  return nullptr;
}

// py_hash's TypeError for unhashable keys, without hashing the scalar
// keys that small tables compare directly.
void check_hashable(const Obj& key) {
  switch (key.kind()) {
    case ObjKind::kNone:
    case ObjKind::kBool:
    case ObjKind::kInt:
    case ObjKind::kFloat:
    case ObjKind::kStr:
      return;
    default:
      py_hash(key);
  }
}

const void* heap_identity(const Obj& v) {
  return std::visit(
      [](const auto& x) -> const void* {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_pointer_v<T>) {
          return x;
        } else {
          return nullptr;
        }
      },
      v.storage());
}

}  // namespace

void py_raise(std::string kind, std::string message) {
  throw PyError{std::move(kind), std::move(message)};
}

void Budget::check_size(std::size_t n) const {
  if (n > max_size) {
    py_raise(
        "ConfigError",
        fmt::format(
            "result too large: {} items exceed the limit of {} for one str, "
            "list, tuple or dict",
            n,
            max_size));
  }
}

void Budget::exhausted() const {
  py_raise(
      "ConfigError",
      fmt::format(
          "evaluation exceeded the limit of {} steps (a loop or "
          "comprehension runs too long)",
          max_steps));
}

void Budget::too_many_objects() const {
  py_raise(
      "ConfigError",
      fmt::format(
          "evaluation created more than {} lists, dicts and functions",
          max_objects));
}

Obj Heap::list(std::vector<Obj> items) {
  budget_.check_size(items.size());
  auto* l = make<ListObj>();
  l->items = std::move(items);
  return Obj(l);
}

Obj Heap::tuple(std::vector<Obj> items) {
  budget_.check_size(items.size());
  auto* t = make<TupleObj>();
  t->items = std::move(items);
  return Obj(t);
}

Obj Heap::dict() {
  auto* dict = make<DictObj>();
  dict->table_.set_budget(&budget_);
  return Obj(dict);
}

Obj Heap::lazy_dict(Value source) {
  Obj out = dict();
  auto* dict = out.get<DictObj*>();
  dict->config_dict = true;
  dict->lazy_heap_ = this;
  dict->source_ = std::move(source);
  return out;
}

void DictObj::materialize() {
  Heap& heap = *lazy_heap_;
  lazy_heap_ = nullptr;
  for (const auto& [key, item] : std::as_const(source_).items()) {
    const Obj k = key.is_int() ? Obj(key.to_int()) : Obj::str(key.str());
    table_.set(k, heap.from_value(item));
  }
}

Obj Heap::from_value(const Value& v, int depth) {
  if (depth > budget_.max_depth) {
    py_raise("RecursionError", "value nested too deeply");
  }
  switch (v.type()) {
    case Value::Type::kNone:
      return Obj();
    case Value::Type::kBool:
      return Obj(v.as<bool>());
    case Value::Type::kInt:
      return Obj(v.as<std::int64_t>());
    case Value::Type::kFloat:
      return Obj(v.as<double>());
    case Value::Type::kString:
      return Obj::str(v.as<std::string>());
    case Value::Type::kList:
    case Value::Type::kTuple: {
      std::vector<Obj> items;
      items.reserve(v.elements().size());
      for (const auto& item : v.elements()) {
        items.push_back(from_value(item, depth + 1));
      }
      return v.is_list() ? list(std::move(items)) : tuple(std::move(items));
    }
    case Value::Type::kDict:
      return lazy_dict(v);
  }
  return Obj();
}

Obj Heap::set() {
  auto* set = make<SetObj>();
  set->table.set_budget(&budget_);
  return Obj(set);
}

bool Scope::is_local(const std::string& name) const {
  return std::find(locals.begin(), locals.end(), name) != locals.end();
}

std::int64_t RangeObj::length() const {
  if (step > 0 && start < stop) {
    return (stop - start - 1) / step + 1;
  }
  if (step < 0 && start > stop) {
    return (start - stop - 1) / (-step) + 1;
  }
  return 0;
}

std::size_t OrderedTable::position(const Obj& key) const {
  if (index_.empty()) {
    check_hashable(key);
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      if (py_eq(entries_[i].first, key)) {
        return i;
      }
    }
    return kNotFound;
  }
  const auto [lo, hi] = index_.equal_range(py_hash(key));
  for (auto it = lo; it != hi; ++it) {
    if (py_eq(entries_[it->second].first, key)) {
      return it->second;
    }
  }
  return kNotFound;
}

const Obj* OrderedTable::find(const Obj& key) const {
  const auto pos = position(key);
  return pos == kNotFound ? nullptr : &entries_[pos].second;
}

Obj* OrderedTable::find(const Obj& key) {
  return const_cast<Obj*>(std::as_const(*this).find(key));
}

void OrderedTable::set(const Obj& key, Obj value) {
  if (Obj* slot = find(key)) {
    *slot = std::move(value);
    return;
  }
  append_new(key, std::move(value));
}

void OrderedTable::append_new(Obj key, Obj value) {
  entries_.emplace_back(std::move(key), std::move(value));
  if (entries_.size() == kIndexMin) {
    rebuild_index();
  } else if (entries_.size() > kIndexMin) {
    index_.emplace(py_hash(entries_.back().first), entries_.size() - 1);
  }
}

bool OrderedTable::erase(const Obj& key) {
  const auto pos = position(key);
  if (pos == kNotFound) {
    return false;
  }
  if (budget_ != nullptr) {
    budget_->charge(static_cast<std::int64_t>(entries_.size()));
  }
  entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(pos));
  rebuild_index();
  return true;
}

void OrderedTable::rebuild_index() {
  index_.clear();
  if (entries_.size() < kIndexMin) {
    return;
  }
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    index_.emplace(py_hash(entries_[i].first), i);
  }
}

void OrderedTable::clear() {
  entries_.clear();
  index_.clear();
}

const char* type_name(const Obj& v) {
  switch (v.kind()) {
    case ObjKind::kNone:
      return "NoneType";
    case ObjKind::kBool:
      return "bool";
    case ObjKind::kInt:
      return "int";
    case ObjKind::kFloat:
      return "float";
    case ObjKind::kStr:
      return "str";
    case ObjKind::kList:
      return "list";
    case ObjKind::kTuple:
      return "tuple";
    case ObjKind::kDict:
      return v.get<DictObj*>()->config_dict ? "ConfigDict" : "dict";
    case ObjKind::kSet:
      return "set";
    case ObjKind::kRange:
      return "range";
    case ObjKind::kIterator:
      return v.get<IterObj*>()->type_name;
    case ObjKind::kGenerator:
      return "generator";
    case ObjKind::kView: {
      const auto view = v.get<ViewObj*>()->view;
      return view == ViewKind::kKeys     ? "dict_keys"
             : view == ViewKind::kValues ? "dict_values"
                                         : "dict_items";
    }
    case ObjKind::kFunction:
      return "function";
    case ObjKind::kMethod:
      return "builtin_function_or_method";
    case ObjKind::kBuiltin:
      return v.get<BuiltinId>() <= BuiltinId::kLastType
                 ? "type"
                 : "builtin_function_or_method";
    case ObjKind::kModule:
      return "module";
    case ObjKind::kLazy:
      return v.get<LazyObj*>()->type;
  }
  return "object";
}

bool truthy(const Obj& v) {
  switch (v.kind()) {
    case ObjKind::kNone:
      return false;
    case ObjKind::kBool:
    case ObjKind::kInt:
      return v.as_int() != 0;
    case ObjKind::kFloat:
      return v.as_float() != 0.0;
    case ObjKind::kStr:
      return !v.as_str().empty();
    case ObjKind::kList:
      return !v.get<ListObj*>()->items.empty();
    case ObjKind::kTuple:
      return !v.get<TupleObj*>()->items.empty();
    case ObjKind::kDict:
      return v.get<DictObj*>()->table().size() != 0;
    case ObjKind::kSet:
      return v.get<SetObj*>()->table.size() != 0;
    case ObjKind::kRange:
      return v.get<RangeObj*>()->length() != 0;
    case ObjKind::kView:
      return v.get<ViewObj*>()->dict->table().size() != 0;
    default:
      return true;
  }
}

std::size_t py_hash(const Obj& v, int depth) {
  check_depth(depth, "hash");
  switch (v.kind()) {
    case ObjKind::kNone:
      return 0x5bd1e995;
    case ObjKind::kBool:
    case ObjKind::kInt:
      return std::hash<std::int64_t>()(v.as_int());
    case ObjKind::kFloat: {
      const double d = v.as_float();
      if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.2e18) {
        return std::hash<std::int64_t>()(static_cast<std::int64_t>(d));
      }
      return std::hash<double>()(d);
    }
    case ObjKind::kStr:
      return std::hash<std::string>()(v.as_str());
    case ObjKind::kTuple: {
      std::size_t h = 0x345678;
      for (const auto& item : v.get<TupleObj*>()->items) {
        h = hash_combine(h, py_hash(item, depth + 1));
      }
      return h;
    }
    case ObjKind::kBuiltin:
      return static_cast<std::size_t>(v.get<BuiltinId>()) + 0x1000;
    case ObjKind::kModule:
      return 0x2000;
    case ObjKind::kFunction:
    case ObjKind::kMethod:
    case ObjKind::kRange:
    case ObjKind::kIterator:
    case ObjKind::kGenerator:
    case ObjKind::kLazy:
      return std::hash<const void*>()(heap_identity(v));
    default:
      py_raise("TypeError", fmt::format("unhashable type: '{}'", type_name(v)));
  }
}

bool py_is(const Obj& a, const Obj& b) {
  if (a.kind() != b.kind()) {
    return false;
  }
  switch (a.kind()) {
    case ObjKind::kNone:
    case ObjKind::kModule:
      return true;
    case ObjKind::kBool:
    case ObjKind::kInt:
      return a.as_int() == b.as_int();
    case ObjKind::kFloat:
      return a.as_float() == b.as_float();
    case ObjKind::kStr:
      return a.as_str() == b.as_str();
    case ObjKind::kBuiltin:
      return a.get<BuiltinId>() == b.get<BuiltinId>();
    default:
      return heap_identity(a) == heap_identity(b);
  }
}

bool py_eq(const Obj& a, const Obj& b, int depth) {
  check_depth(depth, "comparison");
  if (a.is_number() && b.is_number()) {
    return compare_numbers(a, b) == 0;
  }
  if (a.kind() != b.kind()) {
    return false;
  }
  switch (a.kind()) {
    case ObjKind::kNone:
      return true;
    case ObjKind::kStr:
      return a.as_str() == b.as_str();
    case ObjKind::kList:
    case ObjKind::kTuple: {
      const auto& x = *sequence_items(a);
      const auto& y = *sequence_items(b);
      if (x.size() != y.size()) {
        return false;
      }
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (!py_is(x[i], y[i]) && !py_eq(x[i], y[i], depth + 1)) {
          return false;
        }
      }
      return true;
    }
    case ObjKind::kDict: {
      const auto& x = a.get<DictObj*>()->table();
      const auto& y = b.get<DictObj*>()->table();
      if (x.size() != y.size()) {
        return false;
      }
      for (const auto& [key, value] : x.entries()) {
        const Obj* other = y.find(key);
        if (other == nullptr || !py_eq(value, *other, depth + 1)) {
          return false;
        }
      }
      return true;
    }
    case ObjKind::kSet: {
      const auto& x = a.get<SetObj*>()->table;
      const auto& y = b.get<SetObj*>()->table;
      return x.size() == y.size() &&
             std::all_of(
                 x.entries().begin(), x.entries().end(), [&](const auto& e) {
                   return y.find(e.first) != nullptr;
                 });
    }
    case ObjKind::kRange: {
      const auto& x = *a.get<RangeObj*>();
      const auto& y = *b.get<RangeObj*>();
      const auto n = x.length();
      return n == y.length() &&
             (n == 0 || (x.start == y.start && (n == 1 || x.step == y.step)));
    }
    default:
      return py_is(a, b);
  }
}

bool py_compare(const Obj& a, const Obj& b, CmpOp op, int depth) {
  check_depth(depth, "comparison");
  int c = 0;
  if (a.is_number() && b.is_number()) {
    c = compare_numbers(a, b);
  } else if (a.is(ObjKind::kStr) && b.is(ObjKind::kStr)) {
    c = a.as_str().compare(b.as_str());
  } else if (
      const auto* x = a.kind() == b.kind() ? sequence_items(a) : nullptr) {
    const auto* y = sequence_items(b);
    const auto n = std::min(x->size(), y->size());
    for (std::size_t i = 0; i < n; ++i) {
      if (!py_is((*x)[i], (*y)[i]) && !py_eq((*x)[i], (*y)[i], depth + 1)) {
        return py_compare((*x)[i], (*y)[i], op, depth + 1);
      }
    }
    c = x->size() < y->size() ? -1 : x->size() > y->size() ? 1 : 0;
  } else {
    py_raise(
        "TypeError",
        fmt::format(
            "'{}' not supported between instances of '{}' and '{}'",
            op_symbol(op),
            type_name(a),
            type_name(b)));
  }
  if (c == 2) {
    return false;
  }
  switch (op) {
    case CmpOp::kLt:
      return c < 0;
    case CmpOp::kLtE:
      return c <= 0;
    case CmpOp::kGt:
      return c > 0;
    default:
      return c >= 0;
  }
}

bool py_lt(const Obj& a, const Obj& b) {
  return py_compare(a, b, CmpOp::kLt);
}

}  // namespace mmengine::config::detail
