#pragma once

// The tree-walking evaluator of the Python subset. One Interpreter runs one
// file: it owns the heap of runtime objects, the ordered globals and the
// step/depth budget; its methods are split over python_eval_*.cpp,
// python_builtins*.cpp and python_methods*.cpp.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "mmengine/config/python_ast_impl.h"
#include "mmengine/config/python_eval.h"
#include "mmengine/config/python_format_impl.h"
#include "mmengine/config/python_lazy_impl.h"
#include "mmengine/config/python_object_impl.h"
#include "mmengine/config/python_ops_impl.h"
#include "mmengine/config/python_source_impl.h"
#include "mmengine/config/value.h"

namespace mmengine::config::detail {

using ScopePtr = std::shared_ptr<Scope>;
/// Receives the items of an iteration; returns false to stop early.
using ItemSink = std::function<bool(const Obj&)>;

/// Module globals in first-binding order (Python's module `__dict__`).
class GlobalTable {
 public:
  const Obj* find(const std::string& name) const;
  /// Binds name; a new name goes last.
  void set(const std::string& name, Obj value);
  /// Unbinds name; false when it was not bound.
  bool erase(const std::string& name);
  const std::vector<std::pair<std::string, Obj>>& entries() const {
    return entries_;
  }

 private:
  std::vector<std::pair<std::string, Obj>> entries_;
  std::unordered_map<std::string, std::size_t> index_;
};

/// The key path of a value being converted (`model.widths[0]`), linked
/// through the stack and rendered only when an error names it.
struct ValuePath {
  const ValuePath* parent = nullptr;
  std::string_view name;     ///< the root's (a global's) name
  const Obj* key = nullptr;  ///< dict key (str or int) of a child
  std::size_t index = 0;     ///< list/tuple index when key is null
  std::string str() const;
};

/// Control flow out of a statement.
enum class Flow : std::uint8_t { kNormal, kBreak, kContinue, kReturn };

/// A function activation (or the module): its scope (null at module level)
/// and the value of a `return`.
struct Frame {
  ScopePtr scope;
  Obj return_value;
};

/// Evaluates one parsed file; see the file comment.
class Interpreter {
 public:
  /// Assignments whose first target is `skip_name` are not executed.
  Interpreter(
      const SourceFile& source,
      const PythonEvalLimits& limits,
      std::string skip_name);
  /// Evaluates in `heap` (and its budget), which other interpreters share:
  /// the files of a lazy-import chain pass objects to each other.
  Interpreter(const SourceFile& source, Heap& heap);
  Interpreter(const Interpreter&) = delete;
  Interpreter& operator=(const Interpreter&) = delete;

  /// Binds a pre-defined global (e.g. `_base_`); dicts become ConfigDicts.
  void predefine(const std::string& name, const Value& value);
  void predefine(const std::string& name, Obj value);
  /// Runs imports as a lazy-import config does (null: classic configs).
  void set_lazy_imports(const LazyImportMode* mode) {
    lazy_ = mode;
  }
  /// The module globals in first-binding order.
  const GlobalTable& globals() const {
    return globals_;
  }
  /// A global's value as a config value; ConfigError (at its binding) for
  /// what a config cannot hold.
  Value global_to_value(const std::string& name, const Obj& value);
  /// MMEngine's `_dict_to_config_dict_lazy`: containers copied, dicts as
  /// ConfigDicts, anything else shared.
  Obj config_dict_copy(const Obj& v);
  /// A lazily imported module: `import a.b` binds `a` to this.
  Obj lazy_module(const std::string& top, std::uint32_t pos);
  /// Runs a module's statements.
  void run(const Module& module);
  /// The globals as config values, as MMEngine's _file2dict keeps them:
  /// `__*` names, functions, lambdas and modules dropped. ConfigError for a
  /// value a config cannot hold (a set, a range, a builtin...).
  Value result_globals();
  /// Evaluates one expression at module level and converts the result.
  Value eval_to_value(const Expr& expr);
  /// Names bound by statements of the file, in first-binding order.
  const std::vector<std::string>& assigned() const {
    return assigned_;
  }

  // ---- used by builtins and methods ----
  Heap& heap() {
    return heap_;
  }
  /// Calls any callable with evaluated arguments.
  Obj call(const Obj& callee, std::vector<Obj> args, KwArgs kwargs);
  /// Feeds the items of an iterable to sink until it returns false.
  void iterate(const Obj& iterable, const ItemSink& sink);
  /// All items of an iterable.
  std::vector<Obj> materialize(const Obj& iterable);
  /// `obj.name`: methods bound, dict keys read as attributes. Python
  /// allows the keys only on ConfigDicts; `x.key` syntax allows them on
  /// every dict (`plain_dict_keys`), getattr()/hasattr() do not.
  Obj get_attribute(
      const Obj& obj, const std::string& name, bool plain_dict_keys = true);
  /// `copy.deepcopy(v)` / `copy.copy(v)`.
  Obj deep_copy(const Obj& v);
  Obj shallow_copy(const Obj& v);
  /// `d.update(other)` with ConfigDict's recursive merge when `d` is one.
  void dict_update(DictObj& dict, const Obj& other);

 private:
  // expressions (python_eval_expr.cpp)
  Obj eval(const Expr& e, const ScopePtr& scope);
  Obj eval_impl(const Expr& e, const ScopePtr& scope);
  Obj lookup(const std::string& name, const ScopePtr& scope);
  Obj eval_joined_str(const JoinedStrExpr& e, const ScopePtr& scope);
  Obj eval_sequence(const SequenceExpr& e, const ScopePtr& scope);
  Obj eval_dict(const DictExpr& e, const ScopePtr& scope);
  Obj eval_bool_op(const BoolOpExpr& e, const ScopePtr& scope);
  Obj eval_compare(const CompareExpr& e, const ScopePtr& scope);
  bool compare(CmpOp op, const Obj& a, const Obj& b);
  Obj eval_subscript(const SubscriptExpr& e, const ScopePtr& scope);
  SliceSpec eval_slice(const SliceExpr& e, const ScopePtr& scope);
  Obj make_function(const FunctionCode& code, const ScopePtr& scope);

  // calls and comprehensions (python_eval_call.cpp)
  Obj eval_call(const CallExpr& e, const ScopePtr& scope);
  void eval_arguments(
      const CallExpr& e,
      const ScopePtr& scope,
      std::vector<Obj>& args,
      KwArgs& kwargs);
  Obj call_function(const FuncObj& f, std::vector<Obj> args, KwArgs kwargs);
  void bind_arguments(
      const FuncObj& f, Scope& scope, std::vector<Obj> args, KwArgs kwargs);
  void bind_keywords(const FuncObj& f, Scope& scope, KwArgs kwargs);
  void bind_defaults(const FuncObj& f, Scope& scope);
  Obj eval_comprehension(const ComprehensionExpr& e, const ScopePtr& scope);
  void run_comprehension(
      const ComprehensionExpr& e,
      const Obj& first_iter,
      const ScopePtr& comp_scope,
      const ItemSink& sink);
  void iterate_table(const Obj& iterable, const ItemSink& step);
  void iterate_generator(GenObj& gen, const ItemSink& step);
  ScopePtr comprehension_scope(
      const ComprehensionExpr& e, const ScopePtr& parent);

  // statements (python_eval_stmt.cpp)
  Flow exec(const Stmt& s, Frame& frame);
  Flow exec_impl(const Stmt& s, Frame& frame);
  Flow exec_block(const StmtList& body, Frame& frame);
  Flow exec_for(const ForStmt& s, Frame& frame);
  void exec_assign(const AssignStmt& s, Frame& frame);
  void exec_aug_assign(const AugAssignStmt& s, Frame& frame);
  void exec_delete(const Expr& target, Frame& frame);
  void exec_import(const ImportStmt& s, Frame& frame);
  void exec_with(const WithStmt& s);

  // lazy-import configs (python_lazy.cpp)
  void exec_lazy_import(const ImportStmt& s, Frame& frame);
  Obj lazy_object(
      std::string module,
      std::string name,
      std::string prefix,
      std::uint32_t pos);
  Obj real_import(const std::string& module, const std::string& name);
  Obj lazy_attribute(const LazyObj& source, const std::string& name);
  [[noreturn]] void call_lazy(const LazyObj& callee);
  void assign(const Expr& target, const Obj& value, const ScopePtr& scope);
  void unpack(
      const SequenceExpr& target, const Obj& value, const ScopePtr& scope);
  void bind(const std::string& name, Obj value, const ScopePtr& scope);
  void set_attribute(const Obj& obj, const std::string& name, Obj value);

  // builtins and methods (python_builtins*.cpp, python_methods*.cpp)
  Obj call_builtin(BuiltinId id, std::vector<Obj>& args, KwArgs& kwargs);
  Obj call_type(BuiltinId id, std::vector<Obj>& args, KwArgs& kwargs);
  Obj call_method(
      const Obj& self,
      const std::string& name,
      std::vector<Obj>& args,
      KwArgs& kwargs);
  Obj str_method(
      const Obj& self,
      const std::string& name,
      std::vector<Obj>& args,
      KwArgs& kwargs);
  Obj str_join(const std::string& sep, std::vector<Obj>& args, KwArgs& kwargs);
  Obj str_method_simple(
      const std::string& s,
      const std::string& name,
      std::vector<Obj>& args,
      KwArgs& kwargs);
  Obj list_method(
      const Obj& self,
      const std::string& name,
      std::vector<Obj>& args,
      KwArgs& kwargs);
  Obj dict_method(
      const Obj& self,
      const std::string& name,
      std::vector<Obj>& args,
      KwArgs& kwargs);
  Obj dict_update_method(DictObj& dict, std::vector<Obj>& args, KwArgs& kwargs);
  void config_dict_merge(DictObj& dict, const Obj& other);
  Obj merge_into(const Obj* a, const Obj* b);
  Obj dict_lookup_method(
      DictObj& dict, const std::string& name, const std::vector<Obj>& args);
  Obj dict_view(DictObj& dict, const std::string& name);
  Obj set_method(
      const Obj& self,
      const std::string& name,
      std::vector<Obj>& args,
      KwArgs& kwargs);
  Obj builtin_min_max(bool is_max, std::vector<Obj>& args, KwArgs& kwargs);
  Obj builtin_sorted(std::vector<Obj>& args, KwArgs& kwargs);
  Obj builtin_dict(std::vector<Obj>& args, KwArgs& kwargs);
  Obj builtin_iterator(BuiltinId id, std::vector<Obj>& args, KwArgs& kwargs);
  Obj builtin_zip(std::vector<Obj>& args, KwArgs& kwargs);
  Obj builtin_map_filter(bool is_map, std::vector<Obj>& args, KwArgs& kwargs);
  Obj builtin_sum(std::vector<Obj>& args, KwArgs& kwargs);
  Obj builtin_any_all(bool any, std::vector<Obj>& args, KwArgs& kwargs);
  Obj builtin_round(std::vector<Obj>& args, KwArgs& kwargs);
  Obj builtin_next(std::vector<Obj>& args, KwArgs& kwargs);
  Obj builtin_attr(BuiltinId id, std::vector<Obj>& args, KwArgs& kwargs);
  Obj sort_list(std::vector<Obj>& items, const Obj& key, bool reverse);

  // conversions (python_convert.cpp)
  Value to_value(
      const Obj& v, const ValuePath& path, std::vector<const void*>& stack);
  Value dict_to_value(
      const DictObj& dict,
      const ValuePath& path,
      std::vector<const void*>& stack);
  Obj deep_copy_impl(
      const Obj& v, std::unordered_map<const void*, Obj>& memo, int depth);

  const SourceFile& src_;
  std::unique_ptr<Budget> own_budget_;  // null when sharing a heap
  std::unique_ptr<Heap> own_heap_;
  Budget& budget_;
  Heap& heap_;
  const LazyImportMode* lazy_ = nullptr;
  GlobalTable globals_;
  std::vector<std::string> assigned_;
  std::unordered_map<std::string, std::uint32_t> binding_pos_;
  std::uint32_t current_pos_ = 0;
  std::string skip_name_;
};

/// A fresh budget with the given limits.
Budget make_budget(const PythonEvalLimits& limits);

/// Guards recursion depth (evaluation, calls, value walks):
/// RecursionError past the budget's max_depth.
class DepthScope {
 public:
  explicit DepthScope(Budget& budget);
  ~DepthScope() {
    --budget_.depth;
  }
  DepthScope(const DepthScope&) = delete;
  DepthScope& operator=(const DepthScope&) = delete;

 private:
  Budget& budget_;
};

/// Steps to charge for an operation that scans `v` (a container's size, a
/// string's length / 16).
std::size_t scan_cost(const Obj& v);
/// The builtin bound to `name` (len, dict, ...), if any.
std::optional<BuiltinId> find_builtin(std::string_view name);
/// True for Python builtins the subset leaves out (open, eval, object...).
bool is_unsupported_builtin(std::string_view name);
/// True when `self` has a method `name` (str, list, tuple, dict, set).
bool has_method(const Obj& self, std::string_view name);
/// Throws TypeError unless `args` has between lo and hi items and kwargs is
/// empty: "<name>() takes ..." as CPython words it.
void check_args(
    std::string_view name,
    const std::vector<Obj>& args,
    const KwArgs& kwargs,
    std::size_t lo,
    std::size_t hi);
/// Removes and returns keyword `key` from kwargs, if present.
std::optional<Obj> take_kwarg(KwArgs& kwargs, std::string_view key);
/// Throws TypeError naming the first unexpected keyword.
void reject_kwargs(std::string_view name, const KwArgs& kwargs);
/// The value of an int or bool; TypeError otherwise (`what` names the
/// callee for readers of the call site).
std::int64_t expect_int(const Obj& v, std::string_view what);
/// The str value or TypeError naming `what`.
const std::string& expect_str(const Obj& v, std::string_view what);

}  // namespace mmengine::config::detail
