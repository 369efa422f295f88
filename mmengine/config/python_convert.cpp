// Conversions between runtime objects and config::Value, copy.copy /
// copy.deepcopy, ConfigDict's assignment hook, and the Interpreter's entry
// points.

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "mmengine/config/python_interp_impl.h"
#include "mmengine/config/python_ops_impl.h"
#include "mmengine/utils/error.h"

namespace mmengine::config::detail {

namespace {

constexpr int kMaxHookDepth = 300;

Obj hook(Heap& heap, const Obj& value, int depth) {
  if (depth > kMaxHookDepth) {
    py_raise(
        "RecursionError",
        "maximum recursion depth exceeded while converting to ConfigDict");
  }
  if (value.is(ObjKind::kDict) && !value.get<DictObj*>()->config_dict) {
    Obj out = heap.dict();
    auto* dict = out.get<DictObj*>();
    dict->config_dict = true;
    for (const auto& [key, item] : value.get<DictObj*>()->table().entries()) {
      dict->table().set(key, hook(heap, item, depth + 1));
    }
    return out;
  }
  if (value.is(ObjKind::kList) || value.is(ObjKind::kTuple)) {
    const auto& items = value.is(ObjKind::kList)
                            ? value.get<ListObj*>()->items
                            : value.get<TupleObj*>()->items;
    std::vector<Obj> converted;
    converted.reserve(items.size());
    for (const auto& item : items) {
      converted.push_back(hook(heap, item, depth + 1));
    }
    return value.is(ObjKind::kList) ? heap.list(std::move(converted))
                                    : heap.tuple(std::move(converted));
  }
  return value;
}

// Values MMEngine removes from a config's globals: functions and modules.
bool is_dropped(const Obj& v) {
  return v.is(ObjKind::kFunction) || v.is(ObjKind::kModule) ||
         (v.is(ObjKind::kBuiltin) &&
          (v.get<BuiltinId>() == BuiltinId::kDeepcopy ||
           v.get<BuiltinId>() == BuiltinId::kCopy));
}

std::optional<Value> scalar_value(const Obj& v) {
  switch (v.kind()) {
    case ObjKind::kNone:
      return Value();
    case ObjKind::kBool:
      return Value(v.as_bool());
    case ObjKind::kInt:
      return Value(v.as_int());
    case ObjKind::kFloat:
      return Value(v.as_float());
    case ObjKind::kStr:
      return Value(v.as_str());
    default:
      return std::nullopt;
  }
}

// Identity of a list, tuple or dict; nullptr for anything else.
const void* container_id(const Obj& v) {
  switch (v.kind()) {
    case ObjKind::kList:
      return v.get<ListObj*>();
    case ObjKind::kTuple:
      return v.get<TupleObj*>();
    case ObjKind::kDict:
      return v.get<DictObj*>();
    default:
      return nullptr;
  }
}

bool unchanged(const std::vector<Value::Item>& items, const Value& source);

// True when a and b are the same config value, exactly: same types, floats
// bit for bit (0.0 is not -0.0), shared or identical containers.
bool identical(const Value& a, const Value& b) {
  if (a.type() != b.type()) {
    return false;
  }
  switch (a.type()) {
    case Value::Type::kNone:
      return true;
    case Value::Type::kBool:
      return a.as<bool>() == b.as<bool>();
    case Value::Type::kInt:
      return a.as<std::int64_t>() == b.as<std::int64_t>();
    case Value::Type::kFloat: {
      const double x = a.as<double>();
      const double y = b.as<double>();
      return std::memcmp(&x, &y, sizeof x) == 0;
    }
    case Value::Type::kString:
      return a.as<std::string_view>() == b.as<std::string_view>();
    case Value::Type::kList:
    case Value::Type::kTuple:
      return a.shares_node_with(b) || std::equal(
                                          a.elements().begin(),
                                          a.elements().end(),
                                          b.elements().begin(),
                                          b.elements().end(),
                                          identical);
    case Value::Type::kDict:
      return a.shares_node_with(b) || unchanged(a.items(), b);
  }
  return false;
}

// True when `items` are exactly the items of the dict `source`.
bool unchanged(const std::vector<Value::Item>& items, const Value& source) {
  if (!source.is_dict() || source.items().size() != items.size()) {
    return false;
  }
  const auto& original = source.items();
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].first != original[i].first ||
        !identical(items[i].second, original[i].second)) {
      return false;
    }
  }
  return true;
}

}  // namespace

Obj config_hook(Heap& heap, const Obj& value) {
  return hook(heap, value, 0);
}

Budget make_budget(const PythonEvalLimits& limits) {
  Budget budget;
  budget.steps_left = limits.max_steps;
  budget.max_steps = limits.max_steps;
  budget.max_size = limits.max_size;
  budget.max_depth = limits.max_depth;
  budget.objects_left = limits.max_objects;
  budget.max_objects = limits.max_objects;
  return budget;
}

Interpreter::Interpreter(
    const SourceFile& source,
    const PythonEvalLimits& limits,
    std::string skip_name)
    : src_(source),
      own_budget_(std::make_unique<Budget>(make_budget(limits))),
      own_heap_(std::make_unique<Heap>(*own_budget_)),
      budget_(*own_budget_),
      heap_(*own_heap_),
      skip_name_(std::move(skip_name)) {}

Interpreter::Interpreter(const SourceFile& source, Heap& heap)
    : src_(source), budget_(heap.budget()), heap_(heap) {}

void Interpreter::predefine(const std::string& name, Obj value) {
  globals_.set(name, std::move(value));
}

void Interpreter::predefine(const std::string& name, const Value& value) {
  try {
    globals_.set(name, heap_.from_value(value));
  } catch (const PyError& err) {
    throw ConfigError(fmt::format(
        "{}: {}: {} (pre-defined name '{}')",
        src_.filename(),
        err.kind,
        err.message,
        name));
  }
}

void Interpreter::run(const Module& module) {
  Frame frame;
  exec_block(module.body, frame);
}

Value Interpreter::eval_to_value(const Expr& expr) {
  const Obj value = eval(expr, nullptr);
  std::vector<const void*> stack;
  try {
    return to_value(value, ValuePath{}, stack);
  } catch (const PyError& err) {
    src_.raise(expr.pos, err.kind, err.message);
  }
}

Value Interpreter::result_globals() {
  Value out = Value::dict();
  for (const auto& [name, value] : globals_.entries()) {
    if (name.starts_with("__") || is_dropped(value)) {
      continue;
    }
    out.set(Key(name), global_to_value(name, value));
  }
  return out;
}

Value Interpreter::global_to_value(const std::string& name, const Obj& value) {
  std::vector<const void*> stack;
  try {
    return to_value(value, ValuePath{nullptr, name}, stack);
  } catch (const PyError& err) {
    const auto it = binding_pos_.find(name);
    const auto message =
        err.kind == "RecursionError"
            ? fmt::format(
                  "config variable '{}' is nested too deeply ({})",
                  name,
                  err.message)
            : fmt::format("config variable '{}' {}", name, err.message);
    if (it == binding_pos_.end()) {
      throw ConfigError(
          fmt::format("{}: {}: {}", src_.filename(), err.kind, message));
    }
    src_.raise(it->second, err.kind, message);
  }
}

Value Interpreter::to_value(
    const Obj& v, const ValuePath& path, std::vector<const void*>& stack) {
  DepthScope guard(budget_);
  if (auto scalar = scalar_value(v)) {
    return *std::move(scalar);
  }
  if (v.is(ObjKind::kLazy) && !v.get<LazyObj*>()->real) {
    return Value(v.get<LazyObj*>()->dotted());  // MMEngine's to_dict()
  }
  const auto where = [&] {
    return stack.empty() ? std::string() : " at " + path.str();
  };
  const void* id = container_id(v);
  if (id == nullptr) {
    py_raise(
        "ConfigError",
        fmt::format(
            "holds a {} object{}, which a config value cannot hold (None, "
            "bool, int, float, str, list, tuple or dict)",
            type_name(v),
            where()));
  }
  if (std::find(stack.begin(), stack.end(), id) != stack.end()) {
    py_raise("ConfigError", fmt::format("contains itself{}", where()));
  }
  stack.push_back(id);
  Value out;
  if (v.is(ObjKind::kDict)) {
    out = dict_to_value(*v.get<DictObj*>(), path, stack);
  } else {
    const auto& elems = v.is(ObjKind::kList) ? v.get<ListObj*>()->items
                                             : v.get<TupleObj*>()->items;
    std::vector<Value> items;
    items.reserve(elems.size());
    for (std::size_t i = 0; i < elems.size(); ++i) {
      const ValuePath child{&path, {}, nullptr, i};
      items.push_back(to_value(elems[i], child, stack));
    }
    out = v.is(ObjKind::kList) ? Value::list(std::move(items))
                               : Value::tuple(std::move(items));
  }
  stack.pop_back();
  return out;
}

Value Interpreter::dict_to_value(
    const DictObj& dict,
    const ValuePath& path,
    std::vector<const void*>& stack) {
  if (dict.is_lazy()) {
    return dict.source();
  }
  std::vector<Value::Item> items;
  items.reserve(dict.table().size());
  const auto finish = [&] {
    // A used but unchanged dict gives back its source: no rebuilding.
    return unchanged(items, dict.source()) ? dict.source()
                                           : Value::dict(std::move(items));
  };
  for (const auto& [key, item] : dict.table().entries()) {
    if (!key.is(ObjKind::kStr) && !key.is(ObjKind::kInt)) {
      py_raise(
          "ConfigError",
          fmt::format(
              "has a dict key {} ({}){}; config dict keys must be str or int",
              py_repr(key),
              type_name(key),
              stack.size() > 1 ? " at " + path.str() : ""));
    }
    const ValuePath child{&path, {}, &key, 0};
    auto value = to_value(item, child, stack);
    items.emplace_back(
        key.is(ObjKind::kStr) ? Key(key.as_str()) : Key(key.as_int()),
        std::move(value));
  }
  return finish();
}

std::string ValuePath::str() const {
  if (parent == nullptr) {
    return std::string(name);
  }
  const Key k = key == nullptr           ? Key(index)
                : key->is(ObjKind::kStr) ? Key(key->as_str())
                                         : Key(key->as_int());
  return child_path(parent->str(), k);
}

Obj Interpreter::shallow_copy(const Obj& v) {
  switch (v.kind()) {
    case ObjKind::kList:
      budget_.charge(
          static_cast<std::int64_t>(v.get<ListObj*>()->items.size()));
      return heap_.list(v.get<ListObj*>()->items);
    case ObjKind::kDict: {
      Obj out = heap_.dict();
      const auto* src = v.get<DictObj*>();
      out.get<DictObj*>()->config_dict = src->config_dict;
      budget_.charge(static_cast<std::int64_t>(src->table().size()));
      for (const auto& [key, value] : src->table().entries()) {
        out.get<DictObj*>()->table().set(key, value);
      }
      return out;
    }
    case ObjKind::kSet: {
      Obj out = heap_.set();
      for (const auto& entry : v.get<SetObj*>()->table.entries()) {
        out.get<SetObj*>()->table.set(entry.first, Obj());
      }
      return out;
    }
    default:
      return v;
  }
}

Obj Interpreter::deep_copy(const Obj& v) {
  std::unordered_map<const void*, Obj> memo;
  return deep_copy_impl(v, memo, 0);
}

Obj Interpreter::deep_copy_impl(
    const Obj& v, std::unordered_map<const void*, Obj>& memo, int depth) {
  DepthScope guard(budget_);
  budget_.charge();
  const void* id = nullptr;
  if (v.is(ObjKind::kList)) {
    id = v.get<ListObj*>();
  } else if (v.is(ObjKind::kTuple)) {
    id = v.get<TupleObj*>();
  } else if (v.is(ObjKind::kDict)) {
    id = v.get<DictObj*>();
  } else if (v.is(ObjKind::kSet)) {
    id = v.get<SetObj*>();
  } else {
    return v;
  }
  if (const auto it = memo.find(id); it != memo.end()) {
    return it->second;
  }
  if (v.is(ObjKind::kList) || v.is(ObjKind::kSet)) {
    Obj out = v.is(ObjKind::kList) ? heap_.list({}) : heap_.set();
    memo.emplace(id, out);
    if (v.is(ObjKind::kSet)) {
      for (const auto& entry : v.get<SetObj*>()->table.entries()) {
        out.get<SetObj*>()->table.set(
            deep_copy_impl(entry.first, memo, depth + 1), Obj());
      }
      return out;
    }
    for (const auto& item : v.get<ListObj*>()->items) {
      Obj copy = deep_copy_impl(item, memo, depth + 1);
      out.get<ListObj*>()->items.push_back(std::move(copy));
    }
    return out;
  }
  if (v.is(ObjKind::kTuple)) {
    std::vector<Obj> items;
    for (const auto& item : v.get<TupleObj*>()->items) {
      items.push_back(deep_copy_impl(item, memo, depth + 1));
    }
    Obj out = heap_.tuple(std::move(items));
    memo.emplace(id, out);
    return out;
  }
  const auto* src = v.get<DictObj*>();
  if (src->is_lazy()) {
    // The source is an immutable snapshot: the copy can share it.
    Obj out = heap_.lazy_dict(src->source());
    memo.emplace(id, out);
    return out;
  }
  Obj out = heap_.dict();
  memo.emplace(id, out);
  out.get<DictObj*>()->config_dict = src->config_dict;
  for (const auto& [key, value] : src->table().entries()) {
    Obj k = deep_copy_impl(key, memo, depth + 1);
    Obj copy = deep_copy_impl(value, memo, depth + 1);
    out.get<DictObj*>()->table().set(k, std::move(copy));
  }
  return out;
}

}  // namespace mmengine::config::detail
