// Attribute access, method dispatch and the list/tuple/dict/set methods.

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "mmengine/config/python_interp_impl.h"
#include "mmengine/config/python_ops_impl.h"

namespace mmengine::config::detail {

namespace {

constexpr std::array<std::string_view, 38> kStrMethods = {
    "capitalize", "casefold",     "center",       "count",     "endswith",
    "find",       "format",       "index",        "isalnum",   "isalpha",
    "isdecimal",  "isdigit",      "islower",      "isnumeric", "isspace",
    "isupper",    "join",         "ljust",        "lower",     "lstrip",
    "partition",  "removeprefix", "removesuffix", "replace",   "rfind",
    "rindex",     "rjust",        "rpartition",   "rsplit",    "rstrip",
    "split",      "splitlines",   "startswith",   "strip",     "swapcase",
    "title",      "upper",        "zfill"};
constexpr std::array<std::string_view, 11> kListMethods = {
    "append",
    "clear",
    "copy",
    "count",
    "extend",
    "index",
    "insert",
    "pop",
    "remove",
    "reverse",
    "sort"};
constexpr std::array<std::string_view, 2> kTupleMethods = {"count", "index"};
constexpr std::array<std::string_view, 10> kDictMethods = {
    "clear",
    "copy",
    "get",
    "items",
    "keys",
    "pop",
    "popitem",
    "setdefault",
    "update",
    "values"};
constexpr std::array<std::string_view, 12> kSetMethods = {
    "add",
    "clear",
    "copy",
    "difference",
    "discard",
    "intersection",
    "issubset",
    "issuperset",
    "pop",
    "remove",
    "union",
    "update"};

template <std::size_t N>
bool in(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::int64_t find_in(
    const std::vector<Obj>& items, const Obj& x, const std::string& what) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (py_is(items[i], x) || py_eq(items[i], x)) {
      return static_cast<std::int64_t>(i);
    }
  }
  py_raise("ValueError", what);
}

Obj sequence_common(
    const std::vector<Obj>& items,
    const std::string& name,
    const std::vector<Obj>& args,
    const KwArgs& kwargs,
    bool is_list) {
  check_args(name, args, kwargs, 1, 1);
  if (name == "count") {
    return Obj(static_cast<std::int64_t>(
        std::count_if(items.begin(), items.end(), [&](const Obj& x) {
          return py_is(x, args[0]) || py_eq(x, args[0]);
        })));
  }
  return Obj(find_in(
      items,
      args[0],
      is_list ? fmt::format("{} is not in list", py_repr(args[0]))
              : std::string("tuple.index(x): x not in tuple")));
}

}  // namespace

bool has_method(const Obj& self, std::string_view name) {
  switch (self.kind()) {
    case ObjKind::kStr:
      return in(kStrMethods, name);
    case ObjKind::kList:
      return in(kListMethods, name);
    case ObjKind::kTuple:
      return in(kTupleMethods, name);
    case ObjKind::kDict:
      return in(kDictMethods, name) ||
             (name == "merge" && self.get<DictObj*>()->config_dict);
    case ObjKind::kSet:
      return in(kSetMethods, name);
    default:
      return false;
  }
}

Obj Interpreter::get_attribute(
    const Obj& obj, const std::string& name, bool plain_dict_keys) {
  if (obj.is(ObjKind::kLazy)) {
    return lazy_attribute(*obj.get<LazyObj*>(), name);
  }
  if (obj.is(ObjKind::kModule)) {
    if (name == "deepcopy" || name == "copy") {
      return Obj(name == "copy" ? BuiltinId::kCopy : BuiltinId::kDeepcopy);
    }
    py_raise(
        "AttributeError",
        fmt::format("module 'copy' has no attribute '{}'", name));
  }
  if (has_method(obj, name)) {
    auto* m = heap_.make<MethodObj>();
    m->self = obj;
    m->name = name;
    return Obj(m);
  }
  if (obj.is(ObjKind::kDict) &&
      (plain_dict_keys || obj.get<DictObj*>()->config_dict)) {
    if (const Obj* v = obj.get<DictObj*>()->table().find(Obj::str(name))) {
      return *v;
    }
  }
  py_raise(
      "AttributeError",
      fmt::format("'{}' object has no attribute '{}'", type_name(obj), name));
}

Obj Interpreter::call_method(
    const Obj& self,
    const std::string& name,
    std::vector<Obj>& args,
    KwArgs& kwargs) {
  // Most methods scan their receiver (find, index, insert, pop(0), ...).
  const bool constant_time = name == "append" || name == "get" ||
                             name == "add" || name == "setdefault" ||
                             name == "pop";
  budget_.charge(
      constant_time ? 1 : 1 + static_cast<std::int64_t>(scan_cost(self)));
  switch (self.kind()) {
    case ObjKind::kStr:
      return str_method(self, name, args, kwargs);
    case ObjKind::kList:
      return list_method(self, name, args, kwargs);
    case ObjKind::kTuple:
      return sequence_common(
          self.get<TupleObj*>()->items, name, args, kwargs, false);
    case ObjKind::kDict:
      return dict_method(self, name, args, kwargs);
    case ObjKind::kSet:
      return set_method(self, name, args, kwargs);
    default:
      py_raise(
          "AttributeError",
          fmt::format(
              "'{}' object has no attribute '{}'", type_name(self), name));
  }
}

Obj Interpreter::list_method(
    const Obj& self,
    const std::string& name,
    std::vector<Obj>& args,
    KwArgs& kwargs) {
  auto& items = self.get<ListObj*>()->items;
  if (name == "sort") {
    const auto key = take_kwarg(kwargs, "key");
    const auto reverse = take_kwarg(kwargs, "reverse");
    check_args("sort", args, kwargs, 0, 0);
    auto copy = items;
    sort_list(copy, key.value_or(Obj()), reverse && truthy(*reverse));
    items = std::move(copy);
    return Obj();
  }
  if (name == "append" || name == "extend") {
    check_args(name, args, kwargs, 1, 1);
    auto extra =
        name == "append" ? std::vector<Obj>{args[0]} : materialize(args[0]);
    budget_.check_size(items.size() + extra.size());
    budget_.charge(static_cast<std::int64_t>(extra.size()));
    items.insert(items.end(), extra.begin(), extra.end());
    return Obj();
  }
  if (name == "insert") {
    check_args(name, args, kwargs, 2, 2);
    const auto n = static_cast<std::int64_t>(items.size());
    auto i = expect_int(args[0], "insert()");
    i = i < 0 ? std::max<std::int64_t>(i + n, 0) : std::min(i, n);
    budget_.check_size(items.size() + 1);
    items.insert(items.begin() + i, args[1]);
    return Obj();
  }
  if (name == "pop") {
    check_args(name, args, kwargs, 0, 1);
    if (items.empty()) {
      py_raise("IndexError", "pop from empty list");
    }
    const auto i = sequence_index(
        args.empty() ? -1 : expect_int(args[0], "pop()"), items.size(), "pop");
    budget_.charge(static_cast<std::int64_t>(items.size() - i));
    Obj out = items[i];
    items.erase(items.begin() + static_cast<std::ptrdiff_t>(i));
    return out;
  }
  if (name == "remove") {
    check_args(name, args, kwargs, 1, 1);
    const auto i = find_in(items, args[0], "list.remove(x): x not in list");
    items.erase(items.begin() + i);
    return Obj();
  }
  if (name == "count" || name == "index") {
    return sequence_common(items, name, args, kwargs, true);
  }
  check_args(name, args, kwargs, 0, 0);
  if (name == "copy") {
    return heap_.list(items);
  }
  if (name == "clear") {
    items.clear();
  } else {
    std::reverse(items.begin(), items.end());
  }
  return Obj();
}

void Interpreter::dict_update(DictObj& dict, const Obj& other) {
  DepthScope guard(budget_);
  std::vector<std::pair<Obj, Obj>> pairs;
  if (other.is(ObjKind::kDict)) {
    pairs = other.get<DictObj*>()->table().entries();
  } else {
    KwArgs no_kwargs;
    std::vector<Obj> one{other};
    const Obj converted = builtin_dict(one, no_kwargs);
    pairs = converted.get<DictObj*>()->table().entries();
  }
  budget_.charge(static_cast<std::int64_t>(pairs.size()));
  for (auto& [key, value] : pairs) {
    Obj* current = dict.table().find(key);
    if (dict.config_dict && current != nullptr && current->is(ObjKind::kDict) &&
        value.is(ObjKind::kDict)) {
      // ConfigDict.update merges nested dicts instead of replacing them.
      dict_update(*current->get<DictObj*>(), value);
      continue;
    }
    dict.table().set(key, dict.config_dict ? config_hook(heap_, value) : value);
  }
  budget_.check_size(dict.table().size());
}

Obj Interpreter::dict_method(
    const Obj& self,
    const std::string& name,
    std::vector<Obj>& args,
    KwArgs& kwargs) {
  auto& dict = *self.get<DictObj*>();
  auto& table = dict.table();
  if (name == "update") {
    return dict_update_method(dict, args, kwargs);
  }
  if (name == "get" || name == "setdefault" || name == "pop") {
    check_args(name, args, kwargs, 1, 2);
    return dict_lookup_method(dict, name, args);
  }
  if (name == "merge") {
    check_args(name, args, kwargs, 1, 1);
    config_dict_merge(dict, args[0]);
    return Obj();
  }
  check_args(name, args, kwargs, 0, 0);
  if (name == "keys" || name == "values" || name == "items") {
    return dict_view(dict, name);
  }
  if (name == "copy") {
    return shallow_copy(self);
  }
  if (name == "popitem") {
    if (table.size() == 0) {
      py_raise("KeyError", "'popitem(): dictionary is empty'");
    }
    const auto last = table.entries().back();
    table.erase(last.first);
    return heap_.tuple({last.first, last.second});
  }
  table.clear();
  return Obj();
}

// ConfigDict.merge: `_merge_a_into_b(deepcopy(other), deepcopy(self))`
// then the result replaces the items.
void Interpreter::config_dict_merge(DictObj& dict, const Obj& other) {
  const Obj a = deep_copy(other);
  const Obj b = deep_copy(Obj(&dict));
  const Obj merged = merge_into(&a, &b);
  if (!merged.is(ObjKind::kDict)) {
    py_raise(
        "AttributeError",
        fmt::format("'{}' object has no attribute 'items'", type_name(merged)));
  }
  auto& table = dict.table();
  table.clear();
  for (const auto& [key, value] : merged.get<DictObj*>()->table().entries()) {
    table.set(key, config_hook(heap_, value));
  }
}

// ConfigDict.merge's `_merge_a_into_b(a, b)`; null stands for a missing
// key (`default`).
Obj Interpreter::merge_into(const Obj* a, const Obj* b) {
  DepthScope guard(budget_);
  if (a == nullptr || !a->is(ObjKind::kDict)) {
    return a != nullptr ? *a : *b;
  }
  auto& at = a->get<DictObj*>()->table();
  const Obj delete_key = Obj::str("_delete_");
  const Obj* drop = at.find(delete_key);
  const bool clear = drop != nullptr && truthy(*drop);
  at.erase(delete_key);
  if (b == nullptr || !b->is(ObjKind::kDict)) {
    return *a;
  }
  auto& bt = b->get<DictObj*>()->table();
  if (clear) {
    bt.clear();
  }
  std::vector<Obj> keys;
  for (const auto* t : {&bt, &at}) {
    for (const auto& entry : t->entries()) {
      keys.push_back(entry.first);
    }
  }
  Obj out = heap_.dict();
  for (const auto& key : keys) {
    if (!py_eq(key, delete_key)) {
      out.get<DictObj*>()->table().set(
          key, merge_into(at.find(key), bt.find(key)));
    }
  }
  return out;
}

Obj Interpreter::dict_update_method(
    DictObj& dict, std::vector<Obj>& args, KwArgs& kwargs) {
  if (args.size() > 1) {
    py_raise(
        "TypeError",
        fmt::format("update expected at most 1 argument, got {}", args.size()));
  }
  if (!args.empty()) {
    dict_update(dict, args[0]);
  }
  if (!kwargs.empty()) {
    Obj extra = heap_.dict();
    for (auto& [key, value] : kwargs) {
      extra.get<DictObj*>()->table().set(Obj::str(key), value);
    }
    dict_update(dict, extra);
  }
  return Obj();
}

Obj Interpreter::dict_lookup_method(
    DictObj& dict, const std::string& name, const std::vector<Obj>& args) {
  auto& table = dict.table();
  if (const Obj* v = table.find(args[0])) {
    Obj out = *v;
    if (name == "pop") {
      table.erase(args[0]);
    }
    return out;
  }
  // ConfigDict.pop defaults to None like get(); dict.pop raises.
  if (name == "pop" && args.size() < 2 && !dict.config_dict) {
    py_raise("KeyError", py_repr(args[0]));
  }
  const Obj fallback = args.size() == 2 ? args[1] : Obj();
  if (name == "setdefault") {
    table.set(args[0], fallback);
  }
  return fallback;
}

Obj Interpreter::dict_view(DictObj& dict, const std::string& name) {
  const auto view = name == "keys"     ? ViewKind::kKeys
                    : name == "values" ? ViewKind::kValues
                                       : ViewKind::kItems;
  if (dict.config_dict && view != ViewKind::kKeys) {
    // ConfigDict.values()/items() return lists.
    std::vector<Obj> items;
    for (const auto& [key, value] : dict.table().entries()) {
      items.push_back(
          view == ViewKind::kValues ? value : heap_.tuple({key, value}));
    }
    return heap_.list(std::move(items));
  }
  auto* v = heap_.make<ViewObj>();
  v->dict = &dict;
  v->view = view;
  return Obj(v);
}

Obj Interpreter::set_method(
    const Obj& self,
    const std::string& name,
    std::vector<Obj>& args,
    KwArgs& kwargs) {
  auto& table = self.get<SetObj*>()->table;
  reject_kwargs(name, kwargs);
  if (name == "union" || name == "intersection" || name == "difference") {
    const auto op = name == "union"          ? BinOp::kBitOr
                    : name == "intersection" ? BinOp::kBitAnd
                                             : BinOp::kSub;
    Obj result = shallow_copy(self);
    for (const auto& arg : args) {
      std::vector<Obj> one{arg};
      KwArgs none;
      result =
          binary_op(heap_, op, result, call_type(BuiltinId::kSet, one, none));
    }
    return result;
  }
  if (name == "update") {
    for (const auto& arg : args) {
      for (const auto& item : materialize(arg)) {
        table.set(item, Obj());
      }
    }
    budget_.check_size(table.size());
    return Obj();
  }
  if (name == "issubset" || name == "issuperset") {
    check_args(name, args, kwargs, 1, 1);
    std::vector<Obj> one{args[0]};
    KwArgs none;
    const Obj other = call_type(BuiltinId::kSet, one, none);
    const auto& small =
        name == "issubset" ? table : other.get<SetObj*>()->table;
    const auto& big = name == "issubset" ? other.get<SetObj*>()->table : table;
    return Obj(std::all_of(
        small.entries().begin(), small.entries().end(), [&](const auto& e) {
          return big.find(e.first) != nullptr;
        }));
  }
  if (name == "add" || name == "discard" || name == "remove") {
    check_args(name, args, kwargs, 1, 1);
    if (name == "add") {
      table.set(args[0], Obj());
      budget_.check_size(table.size());
    } else if (!table.erase(args[0]) && name == "remove") {
      py_raise("KeyError", py_repr(args[0]));
    }
    return Obj();
  }
  check_args(name, args, kwargs, 0, 0);
  if (name == "copy") {
    return shallow_copy(self);
  }
  if (name == "pop") {
    if (table.size() == 0) {
      py_raise("KeyError", "'pop from an empty set'");
    }
    const Obj first = table.entries().front().first;
    table.erase(first);
    return first;
  }
  table.clear();
  return Obj();
}

}  // namespace mmengine::config::detail
