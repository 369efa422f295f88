// repr() and str() of runtime objects, matching CPython's text for the
// kinds configs hold; recursive containers print as [...] / {...}.

#include <algorithm>
#include <deque>

#include <fmt/format.h>

#include "mmengine/config/python_object_impl.h"
#include "mmengine/config/value.h"

namespace mmengine::config::detail {

namespace {

constexpr int kMaxReprDepth = 300;

const char* builtin_name(BuiltinId id) {
  static constexpr const char* kNames[] = {
      "dict",     "list",     "tuple",  "set",      "str",    "int",
      "float",    "bool",     "range",  "NoneType", "len",    "min",
      "max",      "sum",      "abs",    "round",    "zip",    "enumerate",
      "sorted",   "reversed", "any",    "all",      "divmod", "isinstance",
      "print",    "map",      "filter", "repr",     "type",   "hasattr",
      "getattr",  "pow",      "chr",    "ord",      "hex",    "oct",
      "bin",      "iter",     "next",   "ascii",    "format", "callable",
      "deepcopy", "copy"};
  return kNames[static_cast<int>(id)];
}

class Printer {
 public:
  std::string repr(const Obj& v) {
    if (++depth_ > kMaxReprDepth) {
      py_raise(
          "RecursionError",
          "maximum recursion depth exceeded while getting the repr of an "
          "object");
    }
    std::string out = repr_impl(v);
    --depth_;
    return out;
  }

 private:
  std::string repr_impl(const Obj& v) {
    switch (v.kind()) {
      case ObjKind::kNone:
        return "None";
      case ObjKind::kBool:
        return v.as_bool() ? "True" : "False";
      case ObjKind::kInt:
        return std::to_string(v.as_int());
      case ObjKind::kFloat:
        return float_repr(v.as_float());
      case ObjKind::kStr:
        return string_repr(v.as_str());
      case ObjKind::kList:
        return guarded(v.get<ListObj*>(), "[...]", [&] {
          return fmt::format("[{}]", join(v.get<ListObj*>()->items));
        });
      case ObjKind::kTuple:
        return guarded(v.get<TupleObj*>(), "(...)", [&] {
          const auto& items = v.get<TupleObj*>()->items;
          return fmt::format(
              "({}{}", join(items), items.size() == 1 ? ",)" : ")");
        });
      case ObjKind::kDict:
        return guarded(v.get<DictObj*>(), "{...}", [&] {
          return dict_repr(v.get<DictObj*>()->table());
        });
      case ObjKind::kSet:
        return guarded(v.get<SetObj*>(), "{...}", [&] {
          return set_repr(v.get<SetObj*>()->table);
        });
      default:
        return other_repr(v);
    }
  }

  template <typename F>
  std::string guarded(const void* id, const char* cycle, F&& body) {
    if (std::find(stack_.begin(), stack_.end(), id) != stack_.end()) {
      return cycle;
    }
    stack_.push_back(id);
    std::string out = body();
    stack_.pop_back();
    return out;
  }

  std::string join(const std::vector<Obj>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
      out.append(i == 0 ? "" : ", ").append(repr(items[i]));
    }
    return out;
  }

  std::string dict_repr(const OrderedTable& table) {
    std::string out = "{";
    bool first = true;
    for (const auto& [key, value] : table.entries()) {
      out.append(first ? "" : ", ")
          .append(repr(key))
          .append(": ")
          .append(repr(value));
      first = false;
    }
    return out.append("}");
  }

  std::string set_repr(const OrderedTable& table) {
    if (table.size() == 0) {
      return "set()";
    }
    std::string out = "{";
    bool first = true;
    for (const auto& entry : table.entries()) {
      out.append(first ? "" : ", ").append(repr(entry.first));
      first = false;
    }
    return out.append("}");
  }

  std::string view_repr(const ViewObj& view) {
    std::vector<Obj> items;
    const char* name = "dict_keys";
    for (const auto& [key, value] : view.dict->table().entries()) {
      if (view.view == ViewKind::kKeys) {
        items.push_back(key);
      } else if (view.view == ViewKind::kValues) {
        items.push_back(value);
        name = "dict_values";
      } else {
        name = "dict_items";
        items.push_back(Obj(&tuple_scratch_.emplace_back()));
        tuple_scratch_.back().items = {key, value};
      }
    }
    return fmt::format("{}([{}])", name, join(items));
  }

  std::string other_repr(const Obj& v) {
    switch (v.kind()) {
      case ObjKind::kRange: {
        const auto& r = *v.get<RangeObj*>();
        return r.step == 1
                   ? fmt::format("range({}, {})", r.start, r.stop)
                   : fmt::format("range({}, {}, {})", r.start, r.stop, r.step);
      }
      case ObjKind::kIterator:
        return fmt::format("<{} object>", v.get<IterObj*>()->type_name);
      case ObjKind::kGenerator:
        return "<generator object <genexpr>>";
      case ObjKind::kView:
        return view_repr(*v.get<ViewObj*>());
      case ObjKind::kFunction:
        return fmt::format("<function {}>", v.get<FuncObj*>()->code->name);
      case ObjKind::kMethod: {
        const auto& m = *v.get<MethodObj*>();
        return fmt::format(
            "<built-in method {} of {} object>", m.name, type_name(m.self));
      }
      case ObjKind::kBuiltin: {
        const auto id = v.get<BuiltinId>();
        return id <= BuiltinId::kLastType
                   ? fmt::format("<class '{}'>", builtin_name(id))
                   : fmt::format("<built-in function {}>", builtin_name(id));
      }
      case ObjKind::kModule:
        return "<module 'copy'>";
      case ObjKind::kLazy:
        return v.get<LazyObj*>()->name;  // LazyObject's __repr__ is __str__
      default:
        return "<object>";
    }
  }

  int depth_ = 0;
  std::vector<const void*> stack_;
  std::deque<TupleObj> tuple_scratch_;
};

}  // namespace

const char* builtin_display_name(BuiltinId id) {
  return builtin_name(id);
}

std::string py_repr(const Obj& v) {
  return Printer().repr(v);
}

std::string py_str(const Obj& v) {
  if (v.is(ObjKind::kStr)) {
    return v.as_str();
  }
  return py_repr(v);
}

}  // namespace mmengine::config::detail
