// Iterator builtins: zip, enumerate, reversed, map, filter, iter and next.
// Their results are single-use iterators computed up front (generator
// expressions stay lazy: see Interpreter::iterate).

#include <algorithm>

#include <fmt/format.h>

#include "mmengine/config/python_interp_impl.h"
#include "mmengine/config/python_ops_impl.h"

namespace mmengine::config::detail {

namespace {

bool is_reversible(const Obj& v) {
  return v.is(ObjKind::kList) || v.is(ObjKind::kTuple) || v.is(ObjKind::kStr) ||
         v.is(ObjKind::kRange) || v.is(ObjKind::kDict) || v.is(ObjKind::kView);
}

[[noreturn]] void resume_error() {
  py_raise(
      "ConfigError",
      "resuming a generator after next() is not supported in config files");
}

}  // namespace

Obj Interpreter::builtin_iterator(
    BuiltinId id, std::vector<Obj>& args, KwArgs& kwargs) {
  switch (id) {
    case BuiltinId::kZip:
      return builtin_zip(args, kwargs);
    case BuiltinId::kMap:
    case BuiltinId::kFilter:
      return builtin_map_filter(id == BuiltinId::kMap, args, kwargs);
    default:
      break;
  }
  auto* it = heap_.make<IterObj>();
  if (id == BuiltinId::kEnumerate) {
    auto start = take_kwarg(kwargs, "start");
    check_args("enumerate", args, kwargs, 1, 2);
    it->type_name = "enumerate";
    auto i = expect_int(
        args.size() == 2 ? args[1] : start.value_or(Obj(std::int64_t{0})),
        "enumerate()");
    iterate(args[0], [&](const Obj& item) {
      it->items.push_back(heap_.tuple({Obj(i), item}));
      i = checked_add(i, 1);
      return true;
    });
    return Obj(it);
  }
  check_args(builtin_display_name(id), args, kwargs, 1, 1);
  if (id == BuiltinId::kIter && args[0].is(ObjKind::kIterator)) {
    return args[0];
  }
  if (id == BuiltinId::kReversed) {
    if (!is_reversible(args[0])) {
      py_raise(
          "TypeError",
          fmt::format("'{}' object is not reversible", type_name(args[0])));
    }
    it->type_name =
        args[0].is(ObjKind::kList) ? "list_reverseiterator" : "reversed";
  }
  it->items = materialize(args[0]);
  if (id == BuiltinId::kReversed) {
    std::reverse(it->items.begin(), it->items.end());
  }
  return Obj(it);
}

Obj Interpreter::builtin_zip(std::vector<Obj>& args, KwArgs& kwargs) {
  const auto strict = take_kwarg(kwargs, "strict");
  reject_kwargs("zip", kwargs);
  std::vector<std::vector<Obj>> columns;
  std::size_t n = args.empty() ? 0 : SIZE_MAX;
  for (const auto& arg : args) {
    columns.push_back(materialize(arg));
    n = std::min(n, columns.back().size());
  }
  for (std::size_t c = 0; strict && truthy(*strict) && c < columns.size();
       ++c) {
    if (columns[c].size() != n) {
      py_raise(
          "ValueError",
          fmt::format(
              "zip() argument {} is {} than argument{} 1",
              c + 1,
              columns[c].size() > n ? "longer" : "shorter",
              c > 1 ? "s" : ""));
    }
  }
  auto* it = heap_.make<IterObj>();
  it->type_name = "zip";
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<Obj> row;
    for (const auto& column : columns) {
      row.push_back(column[i]);
    }
    it->items.push_back(heap_.tuple(std::move(row)));
  }
  return Obj(it);
}

Obj Interpreter::builtin_map_filter(
    bool is_map, std::vector<Obj>& args, KwArgs& kwargs) {
  const char* name = is_map ? "map" : "filter";
  reject_kwargs(name, kwargs);
  if (args.size() < 2 || (!is_map && args.size() != 2)) {
    py_raise(
        "TypeError",
        fmt::format("{}() must have at least two arguments.", name));
  }
  const Obj func = args[0];
  auto* it = heap_.make<IterObj>();
  it->type_name = name;
  if (!is_map) {
    iterate(args[1], [&](const Obj& item) {
      if (truthy(func.is_none() ? item : call(func, {item}, {}))) {
        it->items.push_back(item);
      }
      return true;
    });
    return Obj(it);
  }
  std::vector<Obj> rest(args.begin() + 1, args.end());
  KwArgs none;
  const Obj rows = builtin_zip(rest, none);
  for (const auto& row : rows.get<IterObj*>()->items) {
    it->items.push_back(call(func, row.get<TupleObj*>()->items, {}));
  }
  return Obj(it);
}

Obj Interpreter::builtin_next(std::vector<Obj>& args, KwArgs& kwargs) {
  check_args("next", args, kwargs, 1, 2);
  const Obj& source = args[0];
  if (source.is(ObjKind::kGenerator)) {
    auto& gen = *source.get<GenObj*>();
    if (gen.partial) {
      resume_error();
    }
    std::optional<Obj> first;
    if (!gen.used) {
      iterate(source, [&](const Obj& item) {
        first = item;
        return false;
      });
    }
    if (first) {
      gen.partial = true;
      return *first;
    }
  } else if (source.is(ObjKind::kIterator)) {
    auto& it = *source.get<IterObj*>();
    if (it.pos < it.items.size()) {
      return it.items[it.pos++];
    }
  } else {
    py_raise(
        "TypeError",
        fmt::format("'{}' object is not an iterator", type_name(source)));
  }
  if (args.size() == 2) {
    return args[1];
  }
  py_raise("StopIteration", "");
}

}  // namespace mmengine::config::detail
