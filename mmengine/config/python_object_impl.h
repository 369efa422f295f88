#pragma once

// Runtime objects of the config evaluator. Containers have reference
// semantics like Python's (aliases see each other's mutations, loop variables
// edit list elements in place), which config::Value's copy-on-write nodes do
// not give; results are converted to Value at the end. Containers live in an
// arena owned by one evaluation, so cycles and deep chains are freed without
// recursion; strings are shared immutable buffers.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "mmengine/config/python_ast_impl.h"
#include "mmengine/config/value.h"

namespace mmengine::config::detail {

struct Budget;
struct ListObj;
struct TupleObj;
struct DictObj;
struct SetObj;
struct RangeObj;
struct IterObj;
struct GenObj;
struct ViewObj;
struct FuncObj;
struct MethodObj;
struct LazyObj;

/// Builtin callables and types (type objects are callable constructors).
enum class BuiltinId : std::uint8_t {
  // types, in isinstance order
  kDict,
  kList,
  kTuple,
  kSet,
  kStr,
  kInt,
  kFloat,
  kBool,
  kRangeType,
  kNoneType,
  kLastType = kNoneType,
  // functions
  kLen,
  kMin,
  kMax,
  kSum,
  kAbs,
  kRound,
  kZip,
  kEnumerate,
  kSorted,
  kReversed,
  kAny,
  kAll,
  kDivmod,
  kIsinstance,
  kPrint,
  kMap,
  kFilter,
  kRepr,
  kType,
  kHasattr,
  kGetattr,
  kPow,
  kChr,
  kOrd,
  kHex,
  kOct,
  kBin,
  kIter,
  kNext,
  kAscii,
  kFormat,
  kCallable,
  kDeepcopy,  ///< copy.deepcopy
  kCopy,      ///< copy.copy
};

/// The only importable module.
struct ModuleRef {
  bool operator==(const ModuleRef&) const = default;
};

/// Shared immutable text.
using StrPtr = std::shared_ptr<const std::string>;

/// Kind of an Obj, in the order of Obj::Storage's alternatives.
enum class ObjKind : std::uint8_t {
  kNone,
  kBool,
  kInt,
  kFloat,
  kStr,
  kList,
  kTuple,
  kDict,
  kSet,
  kRange,
  kIterator,
  kGenerator,
  kView,
  kFunction,
  kMethod,
  kBuiltin,
  kModule,
  kLazy,
};

/// A Python value during evaluation: scalars by value, containers and
/// callables by arena pointer (identity = pointer).
class Obj {
 public:
  using Storage = std::variant<
      std::monostate,
      bool,
      std::int64_t,
      double,
      StrPtr,
      ListObj*,
      TupleObj*,
      DictObj*,
      SetObj*,
      RangeObj*,
      IterObj*,
      GenObj*,
      ViewObj*,
      FuncObj*,
      MethodObj*,
      BuiltinId,
      ModuleRef,
      LazyObj*>;

  Obj() = default;
  template <typename T>
  requires std::is_constructible_v<Storage, T>
  explicit Obj(T v) : v_(std::move(v)) {}
  static Obj str(std::string s) {
    return Obj(std::make_shared<const std::string>(std::move(s)));
  }

  ObjKind kind() const {
    return static_cast<ObjKind>(v_.index());
  }
  bool is(ObjKind k) const {
    return kind() == k;
  }
  bool is_none() const {
    return is(ObjKind::kNone);
  }
  /// bool, int or float.
  bool is_number() const {
    return kind() == ObjKind::kBool || kind() == ObjKind::kInt ||
           kind() == ObjKind::kFloat;
  }
  /// bool or int (Python's bool is an int).
  bool is_integer() const {
    return kind() == ObjKind::kBool || kind() == ObjKind::kInt;
  }

  bool as_bool() const {
    return std::get<bool>(v_);
  }
  /// int value of a bool or int.
  std::int64_t as_int() const {
    return kind() == ObjKind::kBool ? std::get<bool>(v_)
                                    : std::get<std::int64_t>(v_);
  }
  /// float value of a bool, int or float.
  double as_float() const {
    return kind() == ObjKind::kFloat ? std::get<double>(v_)
                                     : static_cast<double>(as_int());
  }
  const std::string& as_str() const {
    return *std::get<StrPtr>(v_);
  }
  const StrPtr& str_ptr() const {
    return std::get<StrPtr>(v_);
  }
  template <typename T>
  T get() const {
    return std::get<T>(v_);
  }
  const Storage& storage() const {
    return v_;
  }

 private:
  Storage v_;
};

/// Base of arena-allocated objects.
struct HeapObj {
  virtual ~HeapObj() = default;
};

/// A Python list.
struct ListObj : HeapObj {
  std::vector<Obj> items;
};

/// A Python tuple (immutable; may hold mutable items).
struct TupleObj : HeapObj {
  std::vector<Obj> items;
};

/// Insertion-ordered hash table of Obj keys (Python equality and hashing:
/// `1`, `1.0` and `True` are one key). Small tables (most config dicts) are
/// scanned; from kIndexMin entries a hash index is kept.
class OrderedTable {
 public:
  using Entry = std::pair<Obj, Obj>;
  static constexpr std::size_t kIndexMin = 16;

  std::size_t size() const {
    return entries_.size();
  }
  const std::vector<Entry>& entries() const {
    return entries_;
  }
  /// Value slot for key, or nullptr. Throws PyError for unhashable keys.
  Obj* find(const Obj& key);
  const Obj* find(const Obj& key) const;
  /// Inserts or assigns; an existing key keeps its position and first key.
  void set(const Obj& key, Obj value);
  /// Appends a str key the caller knows is absent (keyword arguments).
  void append_new(Obj key, Obj value);
  /// Removes key (linear in size, charged to the budget); false when absent.
  bool erase(const Obj& key);
  void clear();
  /// The budget that erase() charges; set by Heap.
  void set_budget(Budget* budget) {
    budget_ = budget;
  }

 private:
  static constexpr std::size_t kNotFound = static_cast<std::size_t>(-1);
  /// Index of key in entries_, or kNotFound.
  std::size_t position(const Obj& key) const;
  void rebuild_index();

  Budget* budget_ = nullptr;
  std::vector<Entry> entries_;
  std::unordered_multimap<std::size_t, std::size_t> index_;
};

class Heap;

/// A Python dict (or MMEngine ConfigDict) in insertion order. A dict made
/// from a config::Value (Heap::from_value) stays that Value until its items
/// are first used, so a large `_base_` costs only what a file touches.
struct DictObj : HeapObj {
  /// The items, built from the source Value on first use.
  OrderedTable& table() {
    if (lazy_heap_ != nullptr) [[unlikely]] {
      materialize();
    }
    return table_;
  }
  const OrderedTable& table() const {
    return const_cast<DictObj*>(this)->table();
  }
  /// True while the dict is still exactly its source Value (never used, so
  /// never changed).
  bool is_lazy() const {
    return lazy_heap_ != nullptr;
  }
  /// The Value the dict was made from (kept after materialising, so an
  /// unchanged dict converts back to it); None for dicts made by code.
  const Value& source() const {
    return source_;
  }

  /// Came from a pre-bound (base) config or was stored into one: MMEngine's
  /// ConfigDict, whose update() merges recursively and pop() defaults to
  /// None.
  bool config_dict = false;

 private:
  friend class Heap;
  void materialize();

  OrderedTable table_;
  Heap* lazy_heap_ = nullptr;  ///< set while lazy
  Value source_;
};

/// A Python set; iterates in insertion order (CPython: hash order).
struct SetObj : HeapObj {
  OrderedTable table;  ///< values unused (None)
};

/// A Python range.
struct RangeObj : HeapObj {
  std::int64_t start = 0;
  std::int64_t stop = 0;
  std::int64_t step = 1;
  std::int64_t length() const;
  std::int64_t at(std::int64_t i) const {
    return start + i * step;
  }
};

/// A single-use iterator with its items computed up front (zip, enumerate,
/// reversed, map, filter, iter()).
struct IterObj : HeapObj {
  const char* type_name = "iterator";
  std::vector<Obj> items;
  std::size_t pos = 0;
};

struct Scope;

/// A generator expression: evaluated lazily, once.
struct GenObj : HeapObj {
  const ComprehensionExpr* expr = nullptr;
  Obj first_iter;  ///< the outermost iterable, evaluated at creation
  std::shared_ptr<Scope> scope;
  bool used = false;
  bool partial = false;  ///< next() took items: it cannot be resumed
};

enum class ViewKind : std::uint8_t { kKeys, kValues, kItems };

/// dict.keys()/values()/items(): live views.
struct ViewObj : HeapObj {
  DictObj* dict = nullptr;
  ViewKind view = ViewKind::kKeys;
};

/// A `def` function or lambda.
struct FuncObj : HeapObj {
  const FunctionCode* code = nullptr;
  std::vector<Obj> defaults;  ///< parallel to code->params
  std::vector<bool> has_default;
  std::shared_ptr<Scope> closure;
};

/// A method bound to its receiver (`'-'.join`, `d.get`).
struct MethodObj : HeapObj {
  Obj self;
  std::string name;
};

/// A name bound by an import in a lazy-import config (MMEngine's
/// LazyObject, or LazyAttr for an attribute of one): nothing is imported,
/// and `type=SGD` ends up as the string 'torch.optim.SGD'. Also stands for
/// the standard-library imports MMEngine executes for real (`real`), which
/// a config can bind but not use.
struct LazyObj : HeapObj {
  std::string module;  ///< the object's `module` ('torch.optim')
  std::string name;    ///< `str(obj)` ('SGD')
  std::string prefix;  ///< the `module` of an attribute of this object
  const char* type = "LazyObject";
  bool real = false;
  std::string location;  ///< "<file>, line <n>" of the import

  /// MMEngine's `to_dict()` form: '<module>.<str>'.
  std::string dotted() const {
    return module + "." + name;
  }
};

/// Variables of a function call or comprehension. `locals` are the names
/// the code binds; other names resolve in `parent`, then globals.
struct Scope {
  std::unordered_map<std::string, Obj> vars;
  std::vector<std::string> locals;
  std::shared_ptr<Scope> parent;
  bool is_local(const std::string& name) const;
};

/// An error raised while evaluating; the evaluator adds the location.
struct PyError {
  std::string kind;  ///< "TypeError", "ValueError", ...
  std::string message;
};

/// Throws PyError{kind, message}.
[[noreturn]] void py_raise(std::string kind, std::string message);

/// Limits of one evaluation; see PythonEvalLimits.
struct Budget {
  std::int64_t steps_left = 0;
  std::int64_t max_steps = 0;
  std::size_t max_size = 0;
  std::size_t objects_left = 0;
  int depth = 0;
  int max_depth = 0;

  /// Spends n steps; throws when the budget is exhausted.
  void charge(std::int64_t n = 1) {
    steps_left -= n;
    if (steps_left < 0) [[unlikely]] {
      exhausted();
    }
  }
  /// Throws when a str/list/tuple/dict of n items would exceed max_size.
  void check_size(std::size_t n) const;
  [[noreturn]] void exhausted() const;
  [[noreturn]] void too_many_objects() const;
  std::size_t max_objects = 0;
};

/// Owns the containers and callables of one evaluation.
class Heap {
 public:
  explicit Heap(Budget& budget) : budget_(budget) {}
  Heap(const Heap&) = delete;
  Heap& operator=(const Heap&) = delete;

  Budget& budget() {
    return budget_;
  }
  template <typename T>
  T* make() {
    budget_.charge();
    if (budget_.objects_left == 0) [[unlikely]] {
      budget_.too_many_objects();
    }
    --budget_.objects_left;
    auto owned = std::make_unique<T>();
    T* raw = owned.get();
    objects_.push_back(std::move(owned));
    return raw;
  }
  Obj list(std::vector<Obj> items);
  Obj tuple(std::vector<Obj> items);
  Obj dict();
  Obj set();
  /// A ConfigDict that stays `source` (a dict) until first used.
  Obj lazy_dict(Value source);
  /// A config value as an object: dicts become lazy ConfigDicts, lists and
  /// tuples are converted (RecursionError past max_depth nested ones).
  Obj from_value(const Value& v, int depth = 0);

 private:
  Budget& budget_;
  std::vector<std::unique_ptr<HeapObj>> objects_;
};

/// Name of a builtin ("len", "dict", "deepcopy").
const char* builtin_display_name(BuiltinId id);
/// Python `type(x).__name__`.
const char* type_name(const Obj& v);
/// Python `bool(x)`.
bool truthy(const Obj& v);
/// Python `hash(x)` (consistent with py_eq, not CPython's values);
/// TypeError for unhashable objects.
std::size_t py_hash(const Obj& v, int depth = 0);
/// Python `a == b` for the kinds configs use (containers deep, callables by
/// identity); `depth` guards recursion.
bool py_eq(const Obj& a, const Obj& b, int depth = 0);
/// Python `a is b`: identity for containers, value for scalars.
bool py_is(const Obj& a, const Obj& b);
/// Python `repr(x)` and `str(x)`.
std::string py_repr(const Obj& v);
std::string py_str(const Obj& v);
/// Python `a < b`, `a <= b`, `a > b`, `a >= b` (op is one of those);
/// TypeError for unorderable pairs.
bool py_compare(const Obj& a, const Obj& b, CmpOp op, int depth = 0);
bool py_lt(const Obj& a, const Obj& b);

}  // namespace mmengine::config::detail
