// Statements, assignment targets and the globals table.

#include <algorithm>

#include <fmt/format.h>

#include "mmengine/config/python_interp_impl.h"
#include "mmengine/config/python_ops_impl.h"

namespace mmengine::config::detail {

namespace {

// Names a dict has as attributes (methods): `cfg.items` is the method, and
// MMEngine's ConfigDict refuses to assign them ("read-only").
bool is_dict_attribute(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "clear",
      "copy",
      "fromkeys",
      "get",
      "items",
      "keys",
      "pop",
      "popitem",
      "setdefault",
      "update",
      "values",
      "merge",
      "to_dict"};
  return std::find(std::begin(kNames), std::end(kNames), name) !=
         std::end(kNames);
}

}  // namespace

const Obj* GlobalTable::find(const std::string& name) const {
  const auto it = index_.find(name);
  return it == index_.end() ? nullptr : &entries_[it->second].second;
}

void GlobalTable::set(const std::string& name, Obj value) {
  const auto it = index_.find(name);
  if (it != index_.end()) {
    entries_[it->second].second = std::move(value);
    return;
  }
  index_.emplace(name, entries_.size());
  entries_.emplace_back(name, std::move(value));
}

bool GlobalTable::erase(const std::string& name) {
  const auto it = index_.find(name);
  if (it == index_.end()) {
    return false;
  }
  entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(it->second));
  index_.clear();
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    index_.emplace(entries_[i].first, i);
  }
  return true;
}

Flow Interpreter::exec(const Stmt& s, Frame& frame) {
  try {
    budget_.charge();
    if (!frame.scope) {
      current_pos_ = s.pos;
    }
    return exec_impl(s, frame);
  } catch (const PyError& err) {
    src_.raise(s.pos, err.kind, err.message);
  }
}

Flow Interpreter::exec_block(const StmtList& body, Frame& frame) {
  for (const auto& stmt : body) {
    const Flow flow = exec(*stmt, frame);
    if (flow != Flow::kNormal) {
      return flow;
    }
  }
  return Flow::kNormal;
}

Flow Interpreter::exec_impl(const Stmt& s, Frame& frame) {
  switch (s.kind) {
    case StmtKind::kExpr:
      eval(*static_cast<const ExprStmt&>(s).value, frame.scope);
      return Flow::kNormal;
    case StmtKind::kAssign:
      exec_assign(static_cast<const AssignStmt&>(s), frame);
      return Flow::kNormal;
    case StmtKind::kAugAssign:
      exec_aug_assign(static_cast<const AugAssignStmt&>(s), frame);
      return Flow::kNormal;
    case StmtKind::kDelete:
      for (const auto& target : static_cast<const DeleteStmt&>(s).targets) {
        exec_delete(*target, frame);
      }
      return Flow::kNormal;
    case StmtKind::kPass:
      return Flow::kNormal;
    case StmtKind::kBreak:
      return Flow::kBreak;
    case StmtKind::kContinue:
      return Flow::kContinue;
    case StmtKind::kReturn: {
      const auto& r = static_cast<const ReturnStmt&>(s);
      frame.return_value = r.value ? eval(*r.value, frame.scope) : Obj();
      return Flow::kReturn;
    }
    case StmtKind::kIf: {
      const auto& i = static_cast<const IfStmt&>(s);
      return exec_block(
          truthy(eval(*i.test, frame.scope)) ? i.body : i.orelse, frame);
    }
    case StmtKind::kFor:
      return exec_for(static_cast<const ForStmt&>(s), frame);
    case StmtKind::kFunctionDef: {
      const auto& code = *static_cast<const FunctionDefStmt&>(s).code;
      bind(code.name, make_function(code, frame.scope), frame.scope);
      return Flow::kNormal;
    }
    case StmtKind::kImport:
    case StmtKind::kImportFrom:
      exec_import(static_cast<const ImportStmt&>(s), frame);
      return Flow::kNormal;
    case StmtKind::kWith:
      exec_with(static_cast<const WithStmt&>(s));
      return Flow::kNormal;
    case StmtKind::kAssert: {
      const auto& a = static_cast<const AssertStmt&>(s);
      if (!truthy(eval(*a.test, frame.scope))) {
        py_raise(
            "AssertionError", a.msg ? py_str(eval(*a.msg, frame.scope)) : "");
      }
      return Flow::kNormal;
    }
  }
  return Flow::kNormal;
}

Flow Interpreter::exec_for(const ForStmt& s, Frame& frame) {
  const Obj iterable = eval(*s.iter, frame.scope);
  Flow result = Flow::kNormal;
  bool broke = false;
  iterate(iterable, [&](const Obj& item) {
    assign(*s.target, item, frame.scope);
    const Flow flow = exec_block(s.body, frame);
    if (flow == Flow::kBreak || flow == Flow::kReturn) {
      broke = true;
      result = flow == Flow::kReturn ? Flow::kReturn : Flow::kNormal;
      return false;
    }
    return true;
  });
  if (!broke) {
    return exec_block(s.orelse, frame);
  }
  return result;
}

void Interpreter::exec_assign(const AssignStmt& s, Frame& frame) {
  const auto& first = *s.targets.front();
  // MMEngine's RemoveAssignFromAST drops plain assignments only.
  if (!skip_name_.empty() && !s.annotation && first.kind == ExprKind::kName &&
      static_cast<const NameExpr&>(first).id == skip_name_) {
    return;
  }
  if (!s.value) {
    return;  // `x: int` only annotates
  }
  const Obj value = eval(*s.value, frame.scope);
  for (const auto& target : s.targets) {
    assign(*target, value, frame.scope);
  }
}

void Interpreter::exec_aug_assign(const AugAssignStmt& s, Frame& frame) {
  const auto& t = *s.target;
  const auto update = [&](const Obj& current) {
    const Obj rhs = eval(*s.value, frame.scope);
    if (s.op == BinOp::kAdd && current.is(ObjKind::kList) &&
        !rhs.is(ObjKind::kList) && !rhs.is(ObjKind::kTuple)) {
      return inplace_op(heap_, s.op, current, heap_.list(materialize(rhs)));
    }
    return inplace_op(heap_, s.op, current, rhs);
  };
  if (t.kind == ExprKind::kName) {
    const auto& name = static_cast<const NameExpr&>(t).id;
    bind(name, update(eval(t, frame.scope)), frame.scope);
    return;
  }
  if (t.kind == ExprKind::kAttribute) {
    const auto& a = static_cast<const AttributeExpr&>(t);
    const Obj obj = eval(*a.value, frame.scope);
    set_attribute(obj, a.attr, update(get_attribute(obj, a.attr)));
    return;
  }
  const auto& sub = static_cast<const SubscriptExpr&>(t);
  const Obj obj = eval(*sub.value, frame.scope);
  if (sub.index->kind == ExprKind::kSlice) {
    const auto slice =
        eval_slice(static_cast<const SliceExpr&>(*sub.index), frame.scope);
    set_slice(obj, slice, materialize(update(get_slice(heap_, obj, slice))));
    return;
  }
  const Obj key = eval(*sub.index, frame.scope);
  set_item(heap_, obj, key, update(get_item(heap_, obj, key)));
}

void Interpreter::exec_delete(const Expr& target, Frame& frame) {
  switch (target.kind) {
    case ExprKind::kName: {
      const auto& name = static_cast<const NameExpr&>(target).id;
      if (frame.scope) {
        if (frame.scope->vars.erase(name) == 0) {
          py_raise(
              "UnboundLocalError",
              fmt::format(
                  "cannot access local variable '{}' where it is not "
                  "associated with a value",
                  name));
        }
      } else if (!globals_.erase(name)) {
        py_raise("NameError", fmt::format("name '{}' is not defined", name));
      }
      return;
    }
    case ExprKind::kAttribute: {
      const auto& a = static_cast<const AttributeExpr&>(target);
      const Obj obj = eval(*a.value, frame.scope);
      if (!obj.is(ObjKind::kDict) ||
          !obj.get<DictObj*>()->table().erase(Obj::str(a.attr))) {
        py_raise(
            "AttributeError",
            fmt::format(
                "'{}' object has no attribute '{}'", type_name(obj), a.attr));
      }
      return;
    }
    case ExprKind::kSubscript: {
      const auto& sub = static_cast<const SubscriptExpr&>(target);
      const Obj obj = eval(*sub.value, frame.scope);
      budget_.charge(static_cast<std::int64_t>(scan_cost(obj)));
      if (sub.index->kind == ExprKind::kSlice) {
        del_slice(
            obj,
            eval_slice(static_cast<const SliceExpr&>(*sub.index), frame.scope));
      } else {
        del_item(obj, eval(*sub.index, frame.scope));
      }
      return;
    }
    default:
      for (const auto& elt : static_cast<const SequenceExpr&>(target).elts) {
        exec_delete(*elt, frame);
      }
  }
}

void Interpreter::exec_with(const WithStmt& s) {
  if (lazy_ == nullptr) {
    py_raise(
        "ConfigError", "'with' statements are not supported in config files");
  }
  if (&s != lazy_->base_block) {
    py_raise(
        "ConfigError",
        "'with' statements other than the first `with read_base():` are not "
        "supported in config files");
  }
}

void Interpreter::exec_import(const ImportStmt& s, Frame& frame) {
  if (lazy_ != nullptr) {
    exec_lazy_import(s, frame);
    return;
  }
  if (s.kind == StmtKind::kImport) {
    for (const auto& alias : s.names) {
      if (alias.name != "copy") {
        src_.raise(
            alias.pos,
            "ConfigError",
            fmt::format(
                "import of module '{}' is not supported in config files (only "
                "'copy' can be imported)",
                alias.name));
      }
      bind(
          alias.asname.empty() ? alias.name : alias.asname,
          Obj(ModuleRef{}),
          frame.scope);
    }
    return;
  }
  if (s.module != "copy" || s.level != 0) {
    src_.raise(
        s.pos,
        "ConfigError",
        fmt::format(
            "'from {}{} import ...' is not supported in config files (only "
            "'from copy import ...')",
            std::string(static_cast<std::size_t>(s.level), '.'),
            s.module));
  }
  for (const auto& alias : s.names) {
    if (alias.name != "copy" && alias.name != "deepcopy") {
      src_.raise(
          alias.pos,
          "ConfigError",
          fmt::format(
              "cannot import name '{}' from 'copy' in config files",
              alias.name));
    }
    const auto id =
        alias.name == "copy" ? BuiltinId::kCopy : BuiltinId::kDeepcopy;
    bind(
        alias.asname.empty() ? alias.name : alias.asname, Obj(id), frame.scope);
  }
}

void Interpreter::bind(
    const std::string& name, Obj value, const ScopePtr& scope) {
  if (scope) {
    scope->vars[name] = std::move(value);
    return;
  }
  if (globals_.find(name) == nullptr &&
      std::find(assigned_.begin(), assigned_.end(), name) == assigned_.end()) {
    assigned_.push_back(name);
  }
  binding_pos_[name] = current_pos_;
  globals_.set(name, std::move(value));
}

void Interpreter::assign(
    const Expr& target, const Obj& value, const ScopePtr& scope) {
  switch (target.kind) {
    case ExprKind::kName:
      bind(static_cast<const NameExpr&>(target).id, value, scope);
      return;
    case ExprKind::kAttribute: {
      const auto& a = static_cast<const AttributeExpr&>(target);
      set_attribute(eval(*a.value, scope), a.attr, value);
      return;
    }
    case ExprKind::kSubscript: {
      const auto& sub = static_cast<const SubscriptExpr&>(target);
      const Obj obj = eval(*sub.value, scope);
      if (sub.index->kind == ExprKind::kSlice) {
        budget_.charge(static_cast<std::int64_t>(scan_cost(obj)));
        const auto slice =
            eval_slice(static_cast<const SliceExpr&>(*sub.index), scope);
        set_slice(obj, slice, materialize(value));
      } else {
        set_item(heap_, obj, eval(*sub.index, scope), value);
      }
      return;
    }
    default:
      unpack(static_cast<const SequenceExpr&>(target), value, scope);
  }
}

void Interpreter::unpack(
    const SequenceExpr& target, const Obj& value, const ScopePtr& scope) {
  if (!value.is(ObjKind::kList) && !value.is(ObjKind::kTuple) &&
      !value.is(ObjKind::kStr) && !value.is(ObjKind::kDict) &&
      !value.is(ObjKind::kSet) && !value.is(ObjKind::kRange) &&
      !value.is(ObjKind::kIterator) && !value.is(ObjKind::kGenerator) &&
      !value.is(ObjKind::kView)) {
    py_raise(
        "TypeError",
        fmt::format("cannot unpack non-iterable {} object", type_name(value)));
  }
  const auto items = materialize(value);
  const auto& elts = target.elts;
  const auto star =
      std::find_if(elts.begin(), elts.end(), [](const ExprPtr& e) {
        return e->kind == ExprKind::kStarred;
      });
  const auto n = elts.size();
  if (star == elts.end()) {
    if (items.size() != n) {
      py_raise(
          "ValueError",
          items.size() > n
              ? fmt::format("too many values to unpack (expected {})", n)
              : fmt::format(
                    "not enough values to unpack (expected {}, got {})",
                    n,
                    items.size()));
    }
    for (std::size_t i = 0; i < n; ++i) {
      assign(*elts[i], items[i], scope);
    }
    return;
  }
  const auto before = static_cast<std::size_t>(star - elts.begin());
  const auto after = n - before - 1;
  if (items.size() < n - 1) {
    py_raise(
        "ValueError",
        fmt::format(
            "not enough values to unpack (expected at least {}, got {})",
            n - 1,
            items.size()));
  }
  for (std::size_t i = 0; i < before; ++i) {
    assign(*elts[i], items[i], scope);
  }
  const auto rest_end = items.size() - after;
  assign(
      *static_cast<const StarredExpr&>(**star).value,
      heap_.list(std::vector<Obj>(
          items.begin() + static_cast<std::ptrdiff_t>(before),
          items.begin() + static_cast<std::ptrdiff_t>(rest_end))),
      scope);
  for (std::size_t i = 0; i < after; ++i) {
    assign(*elts[before + 1 + i], items[rest_end + i], scope);
  }
}

void Interpreter::set_attribute(
    const Obj& obj, const std::string& name, Obj value) {
  if (!obj.is(ObjKind::kDict)) {
    py_raise(
        "AttributeError",
        fmt::format("'{}' object has no attribute '{}'", type_name(obj), name));
  }
  if (is_dict_attribute(name)) {
    py_raise(
        "AttributeError",
        fmt::format("'Dict' object attribute '{}' is read-only", name));
  }
  set_item(heap_, obj, Obj::str(name), std::move(value));
}

}  // namespace mmengine::config::detail
