#pragma once

/// The config value model: one ordered, dynamically typed tree with the
/// shape of a Python config (None, bool, int, float, str, list, tuple, dict).
///
///   Value cfg = Value::dict({{"optimizer", Value::dict({{"lr", 0.1}})}});
///   double lr = cfg["optimizer"]["lr"].as<double>();    // 0.1
///   cfg["optimizer"]["momentum"] = 0.9;                  // inserts
///   int depth = cfg.get<int>("depth", 50);               // 50: missing
///   cfg.at("optimizer.lr").as<std::string>();
///   // TypeError: "optimizer.lr: expected str, got float (0.1)"
///
/// Copies are cheap: lists, tuples and dicts are shared, copy-on-write
/// nodes; a mutation through a non-const Value detaches its node first.
/// Concurrent reads are safe; mutating one Value object needs exclusive
/// access to it (as for any standard container).

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "mmengine/api.h"

namespace mmengine::config {

class Value;
class ConstRef;
class Ref;
class MutableItems;

namespace detail {
struct SeqNode;
struct DictNode;
// Conversions behind as<T>(); `path` names the value in error messages.
MMENGINE_API bool to_bool(const Value& v, std::string_view path);
MMENGINE_API std::int64_t to_int(const Value& v, std::string_view path);
MMENGINE_API double to_double(const Value& v, std::string_view path);
MMENGINE_API const std::string& to_string(
    const Value& v, std::string_view path);
MMENGINE_API const std::vector<Value>& to_elements(
    const Value& v, std::string_view path);
MMENGINE_API void check_int_range(
    std::int64_t i, std::int64_t lo, std::uint64_t hi, std::string_view path);

}  // namespace detail

/// A dict key: a str or an int, as Python config dicts allow both
/// (`{1: 'a'}`). Mirrors a Python dict key; differs in rejecting other
/// hashables (floats, bools, tuples).
class MMENGINE_API Key {
 public:
  /// A str key (UTF-8), or an int key from any integral type but bool/char.
  Key(const char* s) : v_(std::string(s)) {}
  Key(std::string s) : v_(std::move(s)) {}
  Key(std::string_view s) : v_(std::string(s)) {}
  template <std::integral I>
  requires(!std::same_as<I, bool> && !std::same_as<I, char>) Key(I i)
      : v_(static_cast<std::int64_t>(i)) {}

  /// True for int keys.
  bool is_int() const noexcept {
    return v_.index() == 1;
  }
  /// True for str keys.
  bool is_string() const noexcept {
    return v_.index() == 0;
  }
  /// The str key; throws TypeError for an int key.
  const std::string& str() const;
  /// The int key; throws TypeError for a str key.
  std::int64_t to_int() const;
  /// Python `repr(key)`: `'name'` or `1`.
  std::string repr() const;
  /// Python `str(key)`: `name` or `1`.
  std::string to_string() const;
  /// Hash for unordered containers (str and int keys never collide by
  /// equality: `'1' != 1` as in Python).
  std::size_t hash() const noexcept;

  friend bool operator==(const Key&, const Key&) = default;
  /// Total order: all str keys (lexicographic, by bytes) before int keys.
  /// Python cannot sort mixed keys; callers that mirror it check first.
  friend auto operator<=>(const Key&, const Key&) = default;

 private:
  std::variant<std::string, std::int64_t> v_;
};

/// Hasher for `std::unordered_map<Key, ...>`.
struct KeyHash {
  std::size_t operator()(const Key& k) const noexcept {
    return k.hash();
  }
};

/// The key path of a child for error messages: `a.b` for str keys, `a[0]`
/// for list indices and int keys; the root path is empty.
MMENGINE_API std::string child_path(std::string_view parent, const Key& key);

/// Python `repr(float)`: shortest round-trip digits (`0.1`, `1e-05`,
/// `1e+16`, `1.0`, `inf`, `-inf`, `nan`).
MMENGINE_API std::string float_repr(double value);

/// Python `repr(str)` of UTF-8 text: quote choice and escapes as CPython
/// (`'a'`, `"it's"`, `'\n'`, `'\x00'`); non-printable code points outside
/// Latin-1 are approximated by the common control/format/space ranges.
MMENGINE_API std::string string_repr(std::string_view utf8);

/// A config value. Mirrors the Python objects a config holds (and
/// `ConfigDict` for dicts); differs in having int64 ints, no sets/objects,
/// and no attribute access (use `[]`, `at("a.b")`).
class MMENGINE_API Value {
 public:
  /// The Python type of the value.
  enum class Type : std::uint8_t {
    kNone,
    kBool,
    kInt,
    kFloat,
    kString,
    kList,
    kTuple,
    kDict,
  };
  /// A dict item.
  using Item = std::pair<Key, Value>;

  /// None.
  Value() noexcept;
  /// None.
  Value(std::nullptr_t) noexcept : Value() {}
  /// bool (`Value(true)`); a `const char*` never lands here.
  Value(bool b) noexcept;
  /// int; char is excluded (Python has no char type).
  template <std::integral I>
  requires(!std::same_as<I, bool> && !std::same_as<I, char>) Value(I i)
  noexcept : Value(IntTag{}, static_cast<std::int64_t>(i)) {}
  /// float.
  template <std::floating_point F>
  Value(F f) noexcept : Value(FloatTag{}, static_cast<double>(f)) {}
  /// str (UTF-8).
  Value(const char* s);
  Value(std::string s);
  Value(std::string_view s);

  Value(const Value&);
  Value(Value&&) noexcept;
  Value& operator=(const Value&);
  Value& operator=(Value&&) noexcept;
  ~Value();

  /// An empty or filled list: `Value::list({1, "a"})`.
  static Value list(std::initializer_list<Value> items = {});
  static Value list(std::vector<Value> items);
  /// A tuple: `Value::tuple({1, 2})` is Python's `(1, 2)`.
  static Value tuple(std::initializer_list<Value> items = {});
  static Value tuple(std::vector<Value> items);
  /// A dict in the given order; a repeated key keeps its first position and
  /// its last value, like a Python dict display.
  static Value dict(std::initializer_list<Item> items = {});
  static Value dict(std::vector<Item> items);

  /// Type tag and Python type name ("NoneType", "bool", "int", "float",
  /// "str", "list", "tuple", "dict").
  Type type() const noexcept {
    return type_;
  }
  const char* type_name() const noexcept;
  bool is_none() const noexcept {
    return type_ == Type::kNone;
  }
  bool is_bool() const noexcept {
    return type_ == Type::kBool;
  }
  bool is_int() const noexcept {
    return type_ == Type::kInt;
  }
  bool is_float() const noexcept {
    return type_ == Type::kFloat;
  }
  bool is_string() const noexcept {
    return type_ == Type::kString;
  }
  bool is_list() const noexcept {
    return type_ == Type::kList;
  }
  bool is_tuple() const noexcept {
    return type_ == Type::kTuple;
  }
  bool is_dict() const noexcept {
    return type_ == Type::kDict;
  }
  /// list or tuple.
  bool is_sequence() const noexcept {
    return is_list() || is_tuple();
  }
  /// int or float (not bool).
  bool is_number() const noexcept {
    return is_int() || is_float();
  }

  /// Converts to T: bool, an integral type (range-checked), float/double
  /// (ints accepted), std::string, std::string_view (into this value),
  /// Value, std::optional<U> (None -> nullopt), std::vector<U> (list or
  /// tuple). Throws TypeError ("expected float, got str ('0.1')").
  template <typename T>
  T as() const;
  /// `d.get(key, fallback)`: the converted value, or fallback when key is
  /// absent. Throws TypeError when this is not a dict or the value has the
  /// wrong type.
  template <typename T>
  T get(const Key& key, T fallback) const;

  /// Child by dict key or list/tuple index (negative indices count from the
  /// end). The ref carries the key path for error messages. Reading a
  /// missing key throws KeyError naming the path and the available keys.
  ConstRef operator[](const Key& key) const;
  /// Mutable child: assigning to a missing dict key inserts it.
  Ref operator[](const Key& key);
  /// Child by attribute path "model.backbone.depth"; numeric parts index
  /// lists ("pipeline.0.type") or match int dict keys. "" is this value.
  ConstRef at(std::string_view path) const;
  Ref at(std::string_view path);
  /// This value as a ref with an empty (or given) path.
  ConstRef cref(std::string path = {}) const;
  Ref ref(std::string path = {});

  /// `key in d` for dicts; false for every other type.
  bool contains(const Key& key) const;
  /// True when `at(path)` would succeed.
  bool contains_path(std::string_view path) const;
  /// Pointer to the dict value for key, or nullptr (also for non-dicts).
  const Value* find(const Key& key) const;
  Value* find(const Key& key);
  /// `len()`: items of a container, code points of a str; TypeError for
  /// None, bool, int and float.
  std::size_t size() const;
  /// `size() == 0`.
  bool empty() const;

  /// Dict items in insertion order; TypeError for non-dicts.
  const std::vector<Item>& items() const;
  MutableItems items();
  /// Dict keys in insertion order.
  std::vector<Key> keys() const;
  /// `d[key] = v`: an existing key keeps its position, a new one is
  /// appended. TypeError for non-dicts.
  void set(Key key, Value v);
  /// `del d[key]`; returns false when key was absent.
  bool erase(const Key& key);
  /// `d.pop(key)`; KeyError when absent.
  Value pop(const Key& key);
  /// `d.update(other)`: shallow, in other's order. TypeError for non-dicts.
  void update(const Value& other);

  /// List/tuple elements; TypeError for other types.
  const std::vector<Value>& elements() const;
  std::vector<Value>& elements();
  /// `l.append(v)` (lists and tuples under construction).
  void append(Value v);
  /// `l.insert(index, v)`: index clamped like Python's.
  void insert(std::int64_t index, Value v);
  /// `del l[index]`; KeyError "list index out of range".
  void erase_at(std::int64_t index);
  /// Removes all items or elements.
  void clear();

  /// Python `repr()` of the value: `None`, `True`, `0.1`, `'s'`, `[1, 2]`,
  /// `(1,)`, `{'a': 1}`.
  std::string repr() const;
  /// Python `str()`: the raw text for str, `repr()` otherwise.
  std::string str() const;
  /// Python truthiness (`bool(x)`).
  bool truthy() const noexcept;
  /// True when both share one container node (copy-on-write identity).
  bool shares_node_with(const Value& other) const noexcept;

  /// Python `==`: `1 == 1.0 == True`, `[1] != (1,)`, dicts ignore order,
  /// `nan != nan` (except for the identical node).
  friend MMENGINE_API bool operator==(const Value& a, const Value& b);

 private:
  friend class ConstRef;
  friend class Ref;
  friend bool detail::to_bool(const Value&, std::string_view);
  friend std::int64_t detail::to_int(const Value&, std::string_view);
  friend double detail::to_double(const Value&, std::string_view);
  friend const std::string& detail::to_string(const Value&, std::string_view);
  struct IntTag {};
  struct FloatTag {};
  Value(IntTag, std::int64_t i) noexcept;
  Value(FloatTag, double f) noexcept;

  detail::SeqNode& seq_node_mut();
  detail::DictNode& dict_node_mut();
  const detail::SeqNode& seq_node() const;
  const detail::DictNode& dict_node() const;

  using Storage = std::variant<
      std::monostate,
      bool,
      std::int64_t,
      double,
      std::string,
      std::shared_ptr<detail::SeqNode>,
      std::shared_ptr<detail::DictNode>>;
  Type type_ = Type::kNone;
  Storage data_;
};

/// Mutable view over a dict's items yielding `std::pair<const Key&, Value&>`
/// (keys are read-only: they index the dict).
class MMENGINE_API MutableItems {
 public:
  using Storage = std::vector<std::pair<Key, Value>>;

  /// Forward iterator yielding pairs of references.
  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = std::pair<const Key&, Value&>;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = value_type;

    Iterator() = default;
    explicit Iterator(Storage::iterator it) : it_(it) {}
    value_type operator*() const;
    Iterator& operator++() {
      ++it_;
      return *this;
    }
    Iterator operator++(int) {
      Iterator old = *this;
      ++it_;
      return old;
    }
    friend bool operator==(const Iterator&, const Iterator&) = default;

   private:
    Storage::iterator it_;
  };

  explicit MutableItems(Storage& items) : items_(&items) {}
  Iterator begin() const {
    return Iterator(items_->begin());
  }
  Iterator end() const {
    return Iterator(items_->end());
  }
  std::size_t size() const {
    return items_->size();
  }

 private:
  Storage* items_;
};

namespace detail {
template <typename T>
inline constexpr bool kIsOptional = false;
template <typename T>
inline constexpr bool kIsOptional<std::optional<T>> = true;
template <typename T>
inline constexpr bool kIsVector = false;
template <typename T>
inline constexpr bool kIsVector<std::vector<T>> = true;
template <typename T>
inline constexpr bool kAlwaysFalse = false;
}  // namespace detail

/// Python `==` (see Value); declared here too so that refs compare.
MMENGINE_API bool operator==(const Value& a, const Value& b);

/// Writes `v.repr()` (gtest and logging print Values as Python would).
MMENGINE_API std::ostream& operator<<(std::ostream& os, const Value& v);

/// A read-only child reached by a key path; converts to `const Value&`.
/// Cheap to copy (a pointer and the path). Valid while the root lives and
/// is not mutated.
class MMENGINE_API ConstRef {
 public:
  /// Views `value`, reached by `path` (use it to keep error paths when a
  /// sub-config is passed on: `ConstRef(sub, "model.backbone")`).
  ConstRef(const Value& value, std::string path = {})
      : value_(&value), path_(std::move(path)) {}

  /// The referenced value.
  const Value& value() const noexcept {
    return *value_;
  }
  operator const Value&() const noexcept {
    return *value_;
  }
  const Value* operator->() const noexcept {
    return value_;
  }
  /// The key path from the root ("optim_wrapper.optimizer.lr").
  const std::string& path() const noexcept {
    return path_;
  }

  /// See Value::operator[] / Value::at; paths extend this one.
  ConstRef operator[](const Key& key) const;
  ConstRef at(std::string_view path) const;
  /// See Value::as; errors name this ref's path.
  template <typename T>
  T as() const;
  /// See Value::get.
  template <typename T>
  T get(const Key& key, T fallback) const;

  /// Value's queries on the referenced value.
  bool contains(const Key& key) const {
    return value_->contains(key);
  }
  std::size_t size() const {
    return value_->size();
  }
  Value::Type type() const noexcept {
    return value_->type();
  }
  const char* type_name() const noexcept {
    return value_->type_name();
  }
  bool is_none() const noexcept {
    return value_->is_none();
  }
  bool is_bool() const noexcept {
    return value_->is_bool();
  }
  bool is_int() const noexcept {
    return value_->is_int();
  }
  bool is_float() const noexcept {
    return value_->is_float();
  }
  bool is_string() const noexcept {
    return value_->is_string();
  }
  bool is_list() const noexcept {
    return value_->is_list();
  }
  bool is_tuple() const noexcept {
    return value_->is_tuple();
  }
  bool is_dict() const noexcept {
    return value_->is_dict();
  }
  const std::vector<Value::Item>& items() const;
  const std::vector<Value>& elements() const;
  std::string repr() const {
    return value_->repr();
  }
  /// Throws TypeError "<path>: expected <what>, got <type> (<repr>)".
  [[noreturn]] void throw_type_error(std::string_view expected) const;

 private:
  const Value* value_;
  std::string path_;
};

/// A mutable child slot `container[key]` reached by a key path. Reading a
/// missing key throws KeyError; assigning inserts it (Python `d[k] = v`).
/// Like a container reference, invalidated by structural changes to the
/// container that holds it.
class MMENGINE_API Ref {
 public:
  /// Refers to `*root` itself.
  explicit Ref(Value& root, std::string path = {})
      : parent_(&root), path_(std::move(path)) {}
  /// Refers to `(*parent)[key]`; parent_path is the parent's key path.
  Ref(Value& parent, Key key, std::string parent_path);
  Ref(const Ref&) = default;
  ~Ref() = default;

  /// Assigns through: `d[k] = v` (inserts), `l[i] = v`, or the root.
  Ref& operator=(Value v);
  Ref& operator=(const Ref& other);
  /// The referenced value, detaching shared nodes; KeyError when missing.
  Value& value() const;
  operator Value&() const {
    return value();
  }
  Value* operator->() const {
    return &value();
  }
  /// Read-only view (no detaching); KeyError when missing.
  ConstRef cref() const;
  operator ConstRef() const {
    return cref();
  }
  const std::string& path() const noexcept {
    return path_;
  }
  /// True when the slot holds a value (`key in parent`).
  bool exists() const;

  /// Mutable child slots; the containers on the way must exist.
  Ref operator[](const Key& key) const;
  Ref at(std::string_view path) const;
  /// Value's queries, read through cref() (no detaching).
  template <typename T>
  T as() const {
    return cref().template as<T>();
  }
  template <typename T>
  T get(const Key& key, T fallback) const {
    return cref().get(key, std::move(fallback));
  }
  bool contains(const Key& key) const {
    return cref().contains(key);
  }
  std::size_t size() const {
    return cref().size();
  }
  Value::Type type() const {
    return cref().type();
  }
  const char* type_name() const {
    return cref().type_name();
  }
  bool is_none() const {
    return cref().is_none();
  }
  bool is_bool() const {
    return cref().is_bool();
  }
  bool is_int() const {
    return cref().is_int();
  }
  bool is_float() const {
    return cref().is_float();
  }
  bool is_string() const {
    return cref().is_string();
  }
  bool is_list() const {
    return cref().is_list();
  }
  bool is_tuple() const {
    return cref().is_tuple();
  }
  bool is_dict() const {
    return cref().is_dict();
  }
  /// Read-only items/elements (no detaching); mutate through `->`.
  const std::vector<Value::Item>& items() const {
    return cref().items();
  }
  const std::vector<Value>& elements() const {
    return cref().elements();
  }
  std::string repr() const {
    return cref().repr();
  }

 private:
  Value* parent_;
  std::optional<Key> key_;
  std::string parent_path_;
  std::string path_;
};

template <typename T>
T ConstRef::as() const {
  using U = std::remove_cvref_t<T>;
  if constexpr (std::is_same_v<U, Value>) {
    return *value_;
  } else if constexpr (std::is_same_v<U, bool>) {
    return detail::to_bool(*value_, path_);
  } else if constexpr (std::is_integral_v<U>) {
    const std::int64_t i = detail::to_int(*value_, path_);
    if constexpr (!std::is_same_v<U, std::int64_t>) {
      detail::check_int_range(
          i,
          static_cast<std::int64_t>(std::numeric_limits<U>::min()),
          static_cast<std::uint64_t>(std::numeric_limits<U>::max()),
          path_);
    }
    return static_cast<U>(i);
  } else if constexpr (std::is_floating_point_v<U>) {
    return static_cast<U>(detail::to_double(*value_, path_));
  } else if constexpr (std::is_same_v<U, std::string>) {
    return detail::to_string(*value_, path_);
  } else if constexpr (std::is_same_v<U, std::string_view>) {
    return std::string_view(detail::to_string(*value_, path_));
  } else if constexpr (detail::kIsOptional<U>) {
    if (value_->is_none()) {
      return std::nullopt;
    }
    return as<typename U::value_type>();
  } else if constexpr (detail::kIsVector<U>) {
    const auto& elems = detail::to_elements(*value_, path_);
    U out;
    out.reserve(elems.size());
    for (std::size_t i = 0; i < elems.size(); ++i) {
      out.push_back(ConstRef(elems[i], child_path(path_, Key(i)))
                        .template as<typename U::value_type>());
    }
    return out;
  } else {
    static_assert(detail::kAlwaysFalse<U>, "unsupported Value::as<T> type");
  }
}

template <typename T>
T ConstRef::get(const Key& key, T fallback) const {
  if (!value_->is_dict()) {
    throw_type_error("dict");
  }
  const Value* child = value_->find(key);
  if (child == nullptr) {
    return fallback;
  }
  return ConstRef(*child, child_path(path_, key)).template as<T>();
}

template <typename T>
T Value::as() const {
  return ConstRef(*this).template as<T>();
}

template <typename T>
T Value::get(const Key& key, T fallback) const {
  return ConstRef(*this).get(key, std::move(fallback));
}

inline MutableItems::Iterator::value_type MutableItems::Iterator::operator*()
    const {
  return {it_->first, it_->second};
}

}  // namespace mmengine::config
