// Expression evaluation.

#include <fmt/format.h>

#include "mmengine/config/python_interp_impl.h"
#include "mmengine/config/python_ops_impl.h"

namespace mmengine::config::detail {

namespace {

Obj constant(const ConstValue& v) {
  return std::visit(
      [](const auto& x) -> Obj {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return Obj();
        } else if constexpr (std::is_same_v<T, std::string>) {
          return Obj::str(x);
        } else {
          return Obj(x);
        }
      },
      v);
}

}  // namespace

std::size_t scan_cost(const Obj& v) {
  switch (v.kind()) {
    case ObjKind::kStr:
      return v.as_str().size() / 16;
    case ObjKind::kList:
      return v.get<ListObj*>()->items.size();
    case ObjKind::kTuple:
      return v.get<TupleObj*>()->items.size();
    case ObjKind::kDict:
      return v.get<DictObj*>()->table().size();
    case ObjKind::kSet:
      return v.get<SetObj*>()->table.size();
    default:
      return 0;
  }
}

DepthScope::DepthScope(Budget& budget) : budget_(budget) {
  if (budget_.depth + 1 > budget_.max_depth) {
    py_raise("RecursionError", "maximum recursion depth exceeded");
  }
  ++budget_.depth;
}

Obj Interpreter::eval(const Expr& e, const ScopePtr& scope) {
  try {
    budget_.charge();
    DepthScope guard(budget_);
    return eval_impl(e, scope);
  } catch (const PyError& err) {
    src_.raise(e.pos, err.kind, err.message);
  }
}

Obj Interpreter::eval_impl(const Expr& e, const ScopePtr& scope) {
  switch (e.kind) {
    case ExprKind::kName:
      return lookup(static_cast<const NameExpr&>(e).id, scope);
    case ExprKind::kConstant:
      return constant(static_cast<const ConstantExpr&>(e).value);
    case ExprKind::kJoinedStr:
      return eval_joined_str(static_cast<const JoinedStrExpr&>(e), scope);
    case ExprKind::kList:
    case ExprKind::kTuple:
    case ExprKind::kSet:
      return eval_sequence(static_cast<const SequenceExpr&>(e), scope);
    case ExprKind::kDict:
      return eval_dict(static_cast<const DictExpr&>(e), scope);
    case ExprKind::kComprehension:
      return eval_comprehension(
          static_cast<const ComprehensionExpr&>(e), scope);
    case ExprKind::kUnary: {
      const auto& u = static_cast<const UnaryExpr&>(e);
      return unary_op(u.op, eval(*u.operand, scope));
    }
    case ExprKind::kBinary: {
      const auto& b = static_cast<const BinaryExpr&>(e);
      const Obj left = eval(*b.left, scope);
      const Obj right = eval(*b.right, scope);
      return binary_op(heap_, b.op, left, right);
    }
    case ExprKind::kBoolOp:
      return eval_bool_op(static_cast<const BoolOpExpr&>(e), scope);
    case ExprKind::kCompare:
      return eval_compare(static_cast<const CompareExpr&>(e), scope);
    case ExprKind::kIfExp: {
      const auto& c = static_cast<const IfExpExpr&>(e);
      return truthy(eval(*c.test, scope)) ? eval(*c.body, scope)
                                          : eval(*c.orelse, scope);
    }
    case ExprKind::kLambda:
      return make_function(*static_cast<const LambdaExpr&>(e).code, scope);
    case ExprKind::kCall:
      return eval_call(static_cast<const CallExpr&>(e), scope);
    case ExprKind::kAttribute: {
      const auto& a = static_cast<const AttributeExpr&>(e);
      return get_attribute(eval(*a.value, scope), a.attr);
    }
    case ExprKind::kSubscript:
      return eval_subscript(static_cast<const SubscriptExpr&>(e), scope);
    case ExprKind::kSlice:
      py_raise("TypeError", "slices are only supported inside subscripts");
    case ExprKind::kStarred:
      py_raise("SyntaxError", "can't use starred expression here");
  }
  py_raise("InternalError", "unknown expression");
}

Obj Interpreter::lookup(const std::string& name, const ScopePtr& scope) {
  for (const Scope* s = scope.get(); s != nullptr; s = s->parent.get()) {
    if (!s->is_local(name)) {
      continue;
    }
    const auto it = s->vars.find(name);
    if (it != s->vars.end()) {
      return it->second;
    }
    if (s == scope.get()) {
      py_raise(
          "UnboundLocalError",
          fmt::format(
              "cannot access local variable '{}' where it is not associated "
              "with a value",
              name));
    }
    py_raise(
        "NameError",
        fmt::format(
            "cannot access free variable '{}' where it is not associated with "
            "a value in enclosing scope",
            name));
  }
  if (const Obj* g = globals_.find(name)) {
    return *g;
  }
  if (const auto id = find_builtin(name)) {
    return Obj(*id);
  }
  if (name == "__name__") {
    // MMEngine execs configs without `__name__`: the builtins module's.
    return Obj::str("builtins");
  }
  if (is_unsupported_builtin(name)) {
    py_raise(
        "ConfigError",
        fmt::format("the builtin '{}' is not supported in config files", name));
  }
  py_raise("NameError", fmt::format("name '{}' is not defined", name));
}

Obj Interpreter::eval_joined_str(
    const JoinedStrExpr& e, const ScopePtr& scope) {
  std::string out;
  for (const auto& part : e.parts) {
    if (!part.value) {
      out += part.literal;
      continue;
    }
    Obj value = eval(*part.value, scope);
    if (part.conversion == 'r') {
      value = Obj::str(py_repr(value));
    } else if (part.conversion == 's') {
      value = Obj::str(py_str(value));
    } else if (part.conversion == 'a') {
      value = Obj::str(py_ascii(value));
    }
    std::string spec;
    if (part.spec) {
      spec = eval_joined_str(*part.spec, scope).as_str();
    }
    out += format_value(value, spec);
    budget_.check_size(out.size());
  }
  budget_.charge(static_cast<std::int64_t>(out.size() / 16));
  return Obj::str(std::move(out));
}

Obj Interpreter::eval_sequence(const SequenceExpr& e, const ScopePtr& scope) {
  std::vector<Obj> items;
  items.reserve(e.elts.size());
  for (const auto& elt : e.elts) {
    if (elt->kind == ExprKind::kStarred) {
      const Obj iterable =
          eval(*static_cast<const StarredExpr&>(*elt).value, scope);
      iterate(iterable, [&](const Obj& item) {
        items.push_back(item);
        budget_.check_size(items.size());
        return true;
      });
    } else {
      items.push_back(eval(*elt, scope));
    }
  }
  if (e.kind == ExprKind::kList) {
    return heap_.list(std::move(items));
  }
  if (e.kind == ExprKind::kTuple) {
    return heap_.tuple(std::move(items));
  }
  Obj set = heap_.set();
  for (const auto& item : items) {
    set.get<SetObj*>()->table.set(item, Obj());
  }
  return set;
}

Obj Interpreter::eval_dict(const DictExpr& e, const ScopePtr& scope) {
  Obj dict = heap_.dict();
  auto& table = dict.get<DictObj*>()->table();
  for (std::size_t k = 0; k < e.keys.size(); ++k) {
    if (e.keys[k]) {
      Obj key = eval(*e.keys[k], scope);
      Obj value = eval(*e.values[k], scope);
      table.set(key, std::move(value));
      continue;
    }
    const Obj other = eval(*e.values[k], scope);
    if (!other.is(ObjKind::kDict)) {
      py_raise(
          "TypeError",
          fmt::format("'{}' object is not a mapping", type_name(other)));
    }
    const auto entries = other.get<DictObj*>()->table().entries();
    budget_.charge(static_cast<std::int64_t>(entries.size()));
    for (const auto& [key, value] : entries) {
      table.set(key, value);
    }
  }
  budget_.check_size(table.size());
  return dict;
}

Obj Interpreter::eval_bool_op(const BoolOpExpr& e, const ScopePtr& scope) {
  Obj value;
  for (const auto& operand : e.values) {
    value = eval(*operand, scope);
    if (truthy(value) != e.is_and) {
      return value;
    }
  }
  return value;
}

bool Interpreter::compare(CmpOp op, const Obj& a, const Obj& b) {
  // Comparisons and membership tests scan containers and strings.
  budget_.charge(static_cast<std::int64_t>(scan_cost(a) + scan_cost(b)));
  switch (op) {
    case CmpOp::kEq:
      return py_eq(a, b);
    case CmpOp::kNotEq:
      return !py_eq(a, b);
    case CmpOp::kIs:
      return py_is(a, b);
    case CmpOp::kIsNot:
      return !py_is(a, b);
    case CmpOp::kIn:
    case CmpOp::kNotIn: {
      auto found = contains(b, a);
      if (!found) {
        bool hit = false;
        iterate(b, [&](const Obj& item) {
          hit = py_is(item, a) || py_eq(item, a);
          return !hit;
        });
        found = hit;
      }
      return op == CmpOp::kIn ? *found : !*found;
    }
    default:
      return py_compare(a, b, op);
  }
}

Obj Interpreter::eval_compare(const CompareExpr& e, const ScopePtr& scope) {
  Obj left = eval(*e.left, scope);
  for (std::size_t k = 0; k < e.ops.size(); ++k) {
    Obj right = eval(*e.comparators[k], scope);
    if (!compare(e.ops[k], left, right)) {
      return Obj(false);
    }
    left = std::move(right);
  }
  return Obj(true);
}

SliceSpec Interpreter::eval_slice(const SliceExpr& e, const ScopePtr& scope) {
  const auto part = [&](const ExprPtr& p) -> std::optional<std::int64_t> {
    if (!p) {
      return std::nullopt;
    }
    const Obj v = eval(*p, scope);
    if (v.is_none()) {
      return std::nullopt;
    }
    if (!v.is_integer()) {
      py_raise(
          "TypeError",
          "slice indices must be integers or None or have an __index__ "
          "method");
    }
    return v.as_int();
  };
  return {part(e.lower), part(e.upper), part(e.step)};
}

Obj Interpreter::eval_subscript(const SubscriptExpr& e, const ScopePtr& scope) {
  const Obj value = eval(*e.value, scope);
  if (e.index->kind == ExprKind::kSlice) {
    return get_slice(
        heap_,
        value,
        eval_slice(static_cast<const SliceExpr&>(*e.index), scope));
  }
  const Obj index = eval(*e.index, scope);
  return get_item(heap_, value, index);
}

Obj Interpreter::make_function(
    const FunctionCode& code, const ScopePtr& scope) {
  auto* f = heap_.make<FuncObj>();
  f->code = &code;
  f->closure = scope;
  for (const auto& param : code.params) {
    f->has_default.push_back(param.default_value != nullptr);
    f->defaults.push_back(
        param.default_value ? eval(*param.default_value, scope) : Obj());
  }
  return Obj(f);
}

}  // namespace mmengine::config::detail
