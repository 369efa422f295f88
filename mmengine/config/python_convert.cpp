// Conversions between runtime objects and config::Value, copy.copy /
// copy.deepcopy, ConfigDict's assignment hook, and the Interpreter's entry
// points.

#include <algorithm>

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
    for (const auto& [key, item] : value.get<DictObj*>()->table.entries()) {
      dict->table.set(key, hook(heap, item, depth + 1));
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

}  // namespace

Obj config_hook(Heap& heap, const Obj& value) {
  return hook(heap, value, 0);
}

Interpreter::Interpreter(
    const SourceFile& source,
    const PythonEvalLimits& limits,
    std::string skip_name)
    : src_(source), heap_(budget_), skip_name_(std::move(skip_name)) {
  budget_.steps_left = limits.max_steps;
  budget_.max_steps = limits.max_steps;
  budget_.max_size = limits.max_size;
  budget_.max_depth = limits.max_depth;
  budget_.objects_left = limits.max_objects;
  budget_.max_objects = limits.max_objects;
}

void Interpreter::predefine(const std::string& name, const Value& value) {
  try {
    globals_.set(name, from_value(value, 0));
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
    return to_value(value, "", stack);
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
    std::vector<const void*> stack;
    try {
      out.set(Key(name), to_value(value, name, stack));
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
  return out;
}

Obj Interpreter::from_value(const Value& v, int depth) {
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
      for (const auto& item : v.elements()) {
        items.push_back(from_value(item, depth + 1));
      }
      return v.is_list() ? heap_.list(std::move(items))
                         : heap_.tuple(std::move(items));
    }
    case Value::Type::kDict: {
      Obj out = heap_.dict();
      auto* dict = out.get<DictObj*>();
      dict->config_dict = true;
      for (const auto& [key, item] : v.items()) {
        const Obj k = key.is_int() ? Obj(key.to_int()) : Obj::str(key.str());
        dict->table.set(k, from_value(item, depth + 1));
      }
      return out;
    }
  }
  return Obj();
}

Value Interpreter::to_value(
    const Obj& v, const std::string& path, std::vector<const void*>& stack) {
  DepthScope guard(budget_);
  if (auto scalar = scalar_value(v)) {
    return *std::move(scalar);
  }
  const auto where =
      stack.empty() ? std::string() : fmt::format(" at {}", path);
  const void* id = container_id(v);
  if (id == nullptr) {
    py_raise(
        "ConfigError",
        fmt::format(
            "holds a {} object{}, which a config value cannot hold (None, "
            "bool, int, float, str, list, tuple or dict)",
            type_name(v),
            where));
  }
  if (std::find(stack.begin(), stack.end(), id) != stack.end()) {
    py_raise("ConfigError", fmt::format("contains itself{}", where));
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
      items.push_back(to_value(elems[i], child_path(path, Key(i)), stack));
    }
    out = v.is(ObjKind::kList) ? Value::list(std::move(items))
                               : Value::tuple(std::move(items));
  }
  stack.pop_back();
  return out;
}

Value Interpreter::dict_to_value(
    const DictObj& dict,
    const std::string& path,
    std::vector<const void*>& stack) {
  std::vector<Value::Item> items;
  for (const auto& [key, item] : dict.table.entries()) {
    if (!key.is(ObjKind::kStr) && !key.is(ObjKind::kInt)) {
      py_raise(
          "ConfigError",
          fmt::format(
              "has a dict key {} ({}){}; config dict keys must be str or int",
              py_repr(key),
              type_name(key),
              stack.size() > 1 ? fmt::format(" at {}", path) : ""));
    }
    Key k = key.is(ObjKind::kStr) ? Key(key.as_str()) : Key(key.as_int());
    auto child = to_value(item, child_path(path, k), stack);
    items.emplace_back(std::move(k), std::move(child));
  }
  return Value::dict(std::move(items));
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
      budget_.charge(static_cast<std::int64_t>(src->table.size()));
      for (const auto& [key, value] : src->table.entries()) {
        out.get<DictObj*>()->table.set(key, value);
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
  Obj out = heap_.dict();
  memo.emplace(id, out);
  const auto* src = v.get<DictObj*>();
  out.get<DictObj*>()->config_dict = src->config_dict;
  for (const auto& [key, value] : src->table.entries()) {
    Obj k = deep_copy_impl(key, memo, depth + 1);
    Obj copy = deep_copy_impl(value, memo, depth + 1);
    out.get<DictObj*>()->table.set(k, std::move(copy));
  }
  return out;
}

}  // namespace mmengine::config::detail
