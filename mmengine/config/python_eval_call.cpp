// Calls, argument binding, comprehensions and the iteration protocol.

#include <algorithm>

#include <fmt/format.h>

#include "mmengine/config/python_interp_impl.h"
#include "mmengine/config/python_ops_impl.h"
#include "mmengine/config/python_utf8_impl.h"

namespace mmengine::config::detail {

namespace {

std::string quoted_list(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) {
      out += names.size() == 2       ? " and "
             : i + 1 == names.size() ? ", and "
                                     : ", ";
    }
    out += "'" + names[i] + "'";
  }
  return out;
}

void collect_target_names(const Expr& target, std::vector<std::string>& names) {
  if (target.kind == ExprKind::kName) {
    names.push_back(static_cast<const NameExpr&>(target).id);
  } else if (
      target.kind == ExprKind::kTuple || target.kind == ExprKind::kList) {
    for (const auto& elt : static_cast<const SequenceExpr&>(target).elts) {
      collect_target_names(*elt, names);
    }
  } else if (target.kind == ExprKind::kStarred) {
    collect_target_names(*static_cast<const StarredExpr&>(target).value, names);
  }
}

// Iterates lists (by index: appends during the loop are seen, as in
// Python), tuples, strings (by code point), ranges and iterators.
void iterate_simple(const Obj& iterable, const ItemSink& step) {
  if (iterable.is(ObjKind::kList)) {
    const auto& items = iterable.get<ListObj*>()->items;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const Obj item = items[i];
      if (!step(item)) {
        return;
      }
    }
  } else if (iterable.is(ObjKind::kTuple)) {
    for (const auto& item : iterable.get<TupleObj*>()->items) {
      if (!step(item)) {
        return;
      }
    }
  } else if (iterable.is(ObjKind::kStr)) {
    const auto& s = iterable.as_str();
    for (std::size_t i = 0; i < s.size();) {
      const auto len = decode_utf8_at(s, i).length;
      if (!step(Obj::str(s.substr(i, len)))) {
        return;
      }
      i += len;
    }
  } else if (iterable.is(ObjKind::kRange)) {
    const auto& r = *iterable.get<RangeObj*>();
    for (std::int64_t i = 0, n = r.length(); i < n; ++i) {
      if (!step(Obj(r.at(i)))) {
        return;
      }
    }
  } else {
    auto& it = *iterable.get<IterObj*>();
    while (it.pos < it.items.size()) {
      if (!step(it.items[it.pos++])) {
        return;
      }
    }
  }
}

}  // namespace

Obj Interpreter::eval_call(const CallExpr& e, const ScopePtr& scope) {
  std::vector<Obj> args;
  KwArgs kwargs;
  if (e.func->kind == ExprKind::kAttribute) {
    // obj.method(...) without materialising a bound method.
    const auto& attr = static_cast<const AttributeExpr&>(*e.func);
    const Obj self = eval(*attr.value, scope);
    if (has_method(self, attr.attr)) {
      eval_arguments(e, scope, args, kwargs);
      return call_method(self, attr.attr, args, kwargs);
    }
    const Obj callee = get_attribute(self, attr.attr);
    eval_arguments(e, scope, args, kwargs);
    return call(callee, std::move(args), std::move(kwargs));
  }
  const Obj callee = eval(*e.func, scope);
  eval_arguments(e, scope, args, kwargs);
  return call(callee, std::move(args), std::move(kwargs));
}

void Interpreter::eval_arguments(
    const CallExpr& e,
    const ScopePtr& scope,
    std::vector<Obj>& args,
    KwArgs& kwargs) {
  // The parser rejects repeated `name=` arguments: only `**x` can repeat.
  const bool check = std::any_of(e.args.begin(), e.args.end(), [](auto& a) {
    return a.kind == ArgKind::kDoubleStar;
  });
  kwargs.reserve(e.args.size());
  const auto add_keyword = [&](std::string name, Obj value) {
    for (const auto& kw : kwargs) {
      if (!check) {
        break;
      }
      if (kw.first == name) {
        py_raise(
            "TypeError",
            fmt::format("got multiple values for keyword argument '{}'", name));
      }
    }
    kwargs.emplace_back(std::move(name), std::move(value));
  };
  for (const auto& arg : e.args) {
    Obj value = eval(*arg.value, scope);
    switch (arg.kind) {
      case ArgKind::kPositional:
        args.push_back(std::move(value));
        break;
      case ArgKind::kStar:
        for (auto& item : materialize(value)) {
          args.push_back(std::move(item));
        }
        break;
      case ArgKind::kKeyword:
        add_keyword(arg.name, std::move(value));
        break;
      case ArgKind::kDoubleStar:
        if (!value.is(ObjKind::kDict)) {
          py_raise(
              "TypeError",
              fmt::format(
                  "argument after ** must be a mapping, not {}",
                  type_name(value)));
        }
        for (const auto& [key, item] :
             value.get<DictObj*>()->table().entries()) {
          if (!key.is(ObjKind::kStr)) {
            py_raise("TypeError", "keywords must be strings");
          }
          add_keyword(key.as_str(), item);
        }
        break;
    }
  }
}

Obj Interpreter::call(const Obj& callee, std::vector<Obj> args, KwArgs kwargs) {
  switch (callee.kind()) {
    case ObjKind::kFunction:
      return call_function(
          *callee.get<FuncObj*>(), std::move(args), std::move(kwargs));
    case ObjKind::kBuiltin:
      return call_builtin(callee.get<BuiltinId>(), args, kwargs);
    case ObjKind::kMethod: {
      const auto& m = *callee.get<MethodObj*>();
      return call_method(m.self, m.name, args, kwargs);
    }
    case ObjKind::kLazy:
      call_lazy(*callee.get<LazyObj*>());
    default:
      py_raise(
          "TypeError",
          fmt::format("'{}' object is not callable", type_name(callee)));
  }
}

Obj Interpreter::call_function(
    const FuncObj& f, std::vector<Obj> args, KwArgs kwargs) {
  DepthScope guard(budget_);
  auto scope = std::make_shared<Scope>();
  scope->locals = f.code->locals;
  scope->parent = f.closure;
  bind_arguments(f, *scope, std::move(args), std::move(kwargs));
  if (f.code->body_expr) {
    return eval(*f.code->body_expr, scope);
  }
  Frame frame{scope, Obj()};
  exec_block(f.code->body, frame);
  return frame.return_value;
}

void Interpreter::bind_arguments(
    const FuncObj& f, Scope& scope, std::vector<Obj> args, KwArgs kwargs) {
  const auto& params = f.code->params;
  const auto& name = f.code->name;
  std::size_t next = 0;
  std::size_t positional = 0;
  for (const auto& p : params) {
    if (p.kind == ParamKind::kNormal) {
      ++positional;
      if (next < args.size()) {
        scope.vars[p.name] = args[next++];
      }
    } else if (p.kind == ParamKind::kVarArgs) {
      scope.vars[p.name] = heap_.tuple(std::vector<Obj>(
          args.begin() + static_cast<std::ptrdiff_t>(next), args.end()));
      next = args.size();
    }
  }
  if (next < args.size()) {
    py_raise(
        "TypeError",
        fmt::format(
            "{}() takes {} positional argument{} but {} {} given",
            name,
            positional,
            positional == 1 ? "" : "s",
            args.size(),
            args.size() == 1 ? "was" : "were"));
  }
  bind_keywords(f, scope, std::move(kwargs));
  bind_defaults(f, scope);
}

void Interpreter::bind_keywords(const FuncObj& f, Scope& scope, KwArgs kwargs) {
  const auto& params = f.code->params;
  const auto var_kw =
      std::find_if(params.begin(), params.end(), [](const Param& p) {
        return p.kind == ParamKind::kVarKw;
      });
  Obj extra = var_kw != params.end() ? heap_.dict() : Obj();
  for (auto& kw : kwargs) {
    const auto& key = kw.first;
    const auto it =
        std::find_if(params.begin(), params.end(), [&](const Param& p) {
          return p.name == key &&
                 (p.kind == ParamKind::kNormal || p.kind == ParamKind::kKwOnly);
        });
    if (it != params.end()) {
      if (!scope.vars.emplace(key, kw.second).second) {
        py_raise(
            "TypeError",
            fmt::format(
                "{}() got multiple values for argument '{}'",
                f.code->name,
                key));
      }
    } else if (var_kw != params.end()) {
      extra.get<DictObj*>()->table().set(Obj::str(key), kw.second);
    } else {
      py_raise(
          "TypeError",
          fmt::format(
              "{}() got an unexpected keyword argument '{}'",
              f.code->name,
              key));
    }
  }
  if (var_kw != params.end()) {
    scope.vars[var_kw->name] = extra;
  }
}

void Interpreter::bind_defaults(const FuncObj& f, Scope& scope) {
  const auto& params = f.code->params;
  std::vector<std::string> missing;
  std::vector<std::string> missing_kw;
  for (std::size_t i = 0; i < params.size(); ++i) {
    const auto& p = params[i];
    if ((p.kind != ParamKind::kNormal && p.kind != ParamKind::kKwOnly) ||
        scope.vars.contains(p.name)) {
      continue;
    }
    if (f.has_default[i]) {
      scope.vars[p.name] = f.defaults[i];
    } else {
      (p.kind == ParamKind::kNormal ? missing : missing_kw).push_back(p.name);
    }
  }
  for (const auto* names : {&missing, &missing_kw}) {
    if (!names->empty()) {
      py_raise(
          "TypeError",
          fmt::format(
              "{}() missing {} required {}argument{}: {}",
              f.code->name,
              names->size(),
              names == &missing ? "positional " : "keyword-only ",
              names->size() == 1 ? "" : "s",
              quoted_list(*names)));
    }
  }
}

ScopePtr Interpreter::comprehension_scope(
    const ComprehensionExpr& e, const ScopePtr& parent) {
  auto scope = std::make_shared<Scope>();
  for (const auto& gen : e.generators) {
    collect_target_names(*gen.target, scope->locals);
  }
  scope->parent = parent;
  return scope;
}

Obj Interpreter::eval_comprehension(
    const ComprehensionExpr& e, const ScopePtr& scope) {
  const Obj first = eval(*e.generators.front().iter, scope);
  auto comp_scope = comprehension_scope(e, scope);
  if (e.comp == CompKind::kGenerator) {
    auto* gen = heap_.make<GenObj>();
    gen->expr = &e;
    gen->first_iter = first;
    gen->scope = comp_scope;
    return Obj(gen);
  }
  if (e.comp == CompKind::kDict) {
    Obj dict = heap_.dict();
    auto& table = dict.get<DictObj*>()->table();
    run_comprehension(e, first, comp_scope, [&](const Obj&) {
      Obj key = eval(*e.elt, comp_scope);
      Obj value = eval(*e.value, comp_scope);
      table.set(key, std::move(value));
      budget_.check_size(table.size());
      return true;
    });
    return dict;
  }
  std::vector<Obj> items;
  run_comprehension(e, first, comp_scope, [&](const Obj&) {
    items.push_back(eval(*e.elt, comp_scope));
    budget_.check_size(items.size());
    return true;
  });
  if (e.comp == CompKind::kList) {
    return heap_.list(std::move(items));
  }
  Obj set = heap_.set();
  for (const auto& item : items) {
    set.get<SetObj*>()->table.set(item, Obj());
  }
  return set;
}

void Interpreter::run_comprehension(
    const ComprehensionExpr& e,
    const Obj& first_iter,
    const ScopePtr& comp_scope,
    const ItemSink& sink) {
  // Level k loops over generator k; the innermost level feeds the sink
  // (which evaluates the element itself, so the argument is unused).
  std::function<bool(std::size_t)> level = [&](std::size_t k) {
    const auto& gen = e.generators[k];
    const Obj iterable = k == 0 ? first_iter : eval(*gen.iter, comp_scope);
    bool keep_going = true;
    iterate(iterable, [&](const Obj& item) {
      assign(*gen.target, item, comp_scope);
      for (const auto& cond : gen.ifs) {
        if (!truthy(eval(*cond, comp_scope))) {
          return true;
        }
      }
      keep_going = k + 1 < e.generators.size() ? level(k + 1) : sink(Obj());
      return keep_going;
    });
    return keep_going;
  };
  level(0);
}

void Interpreter::iterate(const Obj& iterable, const ItemSink& sink) {
  const ItemSink step = [&](const Obj& item) {
    budget_.charge();
    return sink(item);
  };
  switch (iterable.kind()) {
    case ObjKind::kList:
    case ObjKind::kTuple:
    case ObjKind::kStr:
    case ObjKind::kRange:
    case ObjKind::kIterator:
      iterate_simple(iterable, step);
      return;
    case ObjKind::kDict:
    case ObjKind::kSet:
    case ObjKind::kView:
      iterate_table(iterable, step);
      return;
    case ObjKind::kGenerator:
      iterate_generator(*iterable.get<GenObj*>(), step);
      return;
    default:
      py_raise(
          "TypeError",
          fmt::format("'{}' object is not iterable", type_name(iterable)));
  }
}

void Interpreter::iterate_table(const Obj& iterable, const ItemSink& step) {
  const bool is_set = iterable.is(ObjKind::kSet);
  const auto* view =
      iterable.is(ObjKind::kView) ? iterable.get<ViewObj*>() : nullptr;
  const auto& table = view != nullptr ? view->dict->table()
                      : is_set        ? iterable.get<SetObj*>()->table
                                      : iterable.get<DictObj*>()->table();
  const auto size = table.size();
  for (std::size_t i = 0; i < size; ++i) {
    if (table.size() != size) {
      py_raise(
          "RuntimeError",
          fmt::format(
              "{} changed size during iteration",
              is_set ? "set" : "dictionary"));
    }
    const auto entry = table.entries()[i];
    Obj item = entry.first;
    if (view != nullptr && view->view == ViewKind::kValues) {
      item = entry.second;
    } else if (view != nullptr && view->view == ViewKind::kItems) {
      item = heap_.tuple({entry.first, entry.second});
    }
    if (!step(item)) {
      return;
    }
  }
}

void Interpreter::iterate_generator(GenObj& gen, const ItemSink& step) {
  if (gen.partial) {
    py_raise(
        "ConfigError",
        "resuming a generator after next() is not supported in config files");
  }
  if (gen.used) {
    return;
  }
  gen.used = true;
  run_comprehension(*gen.expr, gen.first_iter, gen.scope, [&](const Obj&) {
    return step(eval(*gen.expr->elt, gen.scope));
  });
}

std::vector<Obj> Interpreter::materialize(const Obj& iterable) {
  if (iterable.is(ObjKind::kTuple)) {
    return iterable.get<TupleObj*>()->items;
  }
  std::vector<Obj> items;
  iterate(iterable, [&](const Obj& item) {
    items.push_back(item);
    budget_.check_size(items.size());
    return true;
  });
  return items;
}

}  // namespace mmengine::config::detail
