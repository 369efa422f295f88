// Key, path-carrying refs (ConstRef, Ref), attribute paths and the typed
// conversions behind as<T>().

#include <charconv>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include "mmengine/config/value.h"
#include "mmengine/config/value_impl.h"
#include "mmengine/utils/error.h"

namespace mmengine::config {
namespace {

constexpr std::size_t kMaxReprInError = 80;
constexpr std::size_t kMaxKeysInError = 20;

std::string short_repr(const Value& v) {
  std::string r = v.repr();
  if (r.size() > kMaxReprInError) {
    r.resize(kMaxReprInError - 3);
    r += "...";
  }
  return r;
}

std::string where(std::string_view path) {
  return path.empty() ? std::string() : fmt::format("{}: ", path);
}

std::string available_keys(const Value& dict) {
  const auto& items = dict.items();
  if (items.empty()) {
    return "the dict is empty";
  }
  std::string out = "available: ";
  for (std::size_t i = 0; i < items.size() && i < kMaxKeysInError; ++i) {
    out += (i == 0 ? "" : ", ") + items[i].first.repr();
  }
  if (items.size() > kMaxKeysInError) {
    out += ", ...";
  }
  return out;
}

// A path component that is an int literal ("0", "-1") as an int.
std::optional<std::int64_t> parse_index(std::string_view part) {
  std::int64_t out = 0;
  const char* end = part.data() + part.size();
  const auto res = std::from_chars(part.data(), end, out);
  if (part.empty() || res.ec != std::errc() || res.ptr != end) {
    return std::nullopt;
  }
  return out;
}

// The key an attribute-path component names in `container`: list index,
// existing str key, existing int key, else the str key.
Key component_key(const Value& container, std::string_view part) {
  const auto index = parse_index(part);
  if (container.is_sequence() && index) {
    return Key(*index);
  }
  if (container.is_dict() && index && !container.contains(Key(part)) &&
      container.contains(Key(*index))) {
    return Key(*index);
  }
  return Key(part);
}

// Calls fn on each '.'-separated component of a non-empty path.
void for_each_component(
    std::string_view path, const std::function<void(std::string_view)>& fn) {
  if (path.empty()) {
    return;
  }
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    fn(path.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) {
      return;
    }
    start = dot + 1;
  }
}

// Position of `key` as an index into a sequence of `size`, or nullopt when
// out of range. TypeError when the key is a str.
std::optional<std::size_t> sequence_position(
    const Value& seq, const Key& key, std::string_view path) {
  MMENGINE_CHECK_TYPE(
      key.is_int(),
      where(path),
      seq.type_name(),
      " indices must be integers, not str (",
      key.repr(),
      ")");
  const auto n = static_cast<std::int64_t>(seq.elements().size());
  const std::int64_t i = key.to_int() < 0 ? key.to_int() + n : key.to_int();
  if (i < 0 || i >= n) {
    return std::nullopt;
  }
  return static_cast<std::size_t>(i);
}

}  // namespace

const std::string& Key::str() const {
  MMENGINE_CHECK_TYPE(is_string(), "expected a str key, got int ", repr());
  return std::get<std::string>(v_);
}

std::int64_t Key::to_int() const {
  MMENGINE_CHECK_TYPE(is_int(), "expected an int key, got str ", repr());
  return std::get<std::int64_t>(v_);
}

std::string Key::repr() const {
  return is_int() ? std::to_string(std::get<std::int64_t>(v_))
                  : string_repr(std::get<std::string>(v_));
}

std::string Key::to_string() const {
  return is_int() ? std::to_string(std::get<std::int64_t>(v_))
                  : std::get<std::string>(v_);
}

std::size_t Key::hash() const noexcept {
  if (is_int()) {
    return std::hash<std::int64_t>()(std::get<std::int64_t>(v_)) * 31U + 1U;
  }
  return std::hash<std::string>()(std::get<std::string>(v_));
}

std::string child_path(std::string_view parent, const Key& key) {
  if (key.is_int()) {
    return fmt::format("{}[{}]", parent, key.to_int());
  }
  return parent.empty() ? key.str() : fmt::format("{}.{}", parent, key.str());
}

void ConstRef::throw_type_error(std::string_view expected) const {
  throw TypeError(fmt::format(
      "{}expected {}, got {} ({})",
      where(path_),
      expected,
      value_->type_name(),
      short_repr(*value_)));
}

ConstRef ConstRef::operator[](const Key& key) const {
  std::string path = child_path(path_, key);
  if (value_->is_dict()) {
    const Value* child = value_->find(key);
    MMENGINE_CHECK_KEY(
        child != nullptr,
        path,
        ": no such key (",
        available_keys(*value_),
        ")");
    return {*child, std::move(path)};
  }
  if (value_->is_sequence()) {
    const auto& elems = value_->elements();
    const auto pos = sequence_position(*value_, key, path_);
    MMENGINE_CHECK_KEY(
        pos.has_value(),
        path,
        ": ",
        value_->type_name(),
        " index out of range (size ",
        elems.size(),
        ")");
    return {elems[*pos], std::move(path)};
  }
  throw_type_error(fmt::format("dict or list to look up {}", key.repr()));
}

ConstRef ConstRef::at(std::string_view path) const {
  ConstRef cur = *this;
  for_each_component(path, [&cur](std::string_view part) {
    cur = cur[component_key(cur.value(), part)];
  });
  return cur;
}

const std::vector<Value::Item>& ConstRef::items() const {
  if (!value_->is_dict()) {
    throw_type_error("dict");
  }
  return value_->items();
}

const std::vector<Value>& ConstRef::elements() const {
  if (!value_->is_sequence()) {
    throw_type_error("list or tuple");
  }
  return value_->elements();
}

Ref::Ref(Value& parent, Key key, std::string parent_path)
    : parent_(&parent),
      key_(std::move(key)),
      parent_path_(std::move(parent_path)),
      path_(child_path(parent_path_, *key_)) {}

ConstRef Ref::cref() const {
  if (!key_) {
    return {*parent_, path_};
  }
  return ConstRef(*parent_, parent_path_)[*key_];
}

bool Ref::exists() const {
  if (!key_) {
    return true;
  }
  if (parent_->is_dict()) {
    return parent_->contains(*key_);
  }
  return parent_->is_sequence() && key_->is_int() &&
         sequence_position(*parent_, *key_, parent_path_).has_value();
}

Value& Ref::value() const {
  if (!key_) {
    return *parent_;
  }
  cref();  // throws the KeyError / TypeError of a read
  if (parent_->is_dict()) {
    return *parent_->find(*key_);
  }
  const auto pos = sequence_position(*parent_, *key_, parent_path_);
  return parent_->elements()[*pos];
}

Ref& Ref::operator=(Value v) {
  if (!key_) {
    *parent_ = std::move(v);
  } else if (parent_->is_dict()) {
    parent_->set(*key_, std::move(v));
  } else if (parent_->is_list()) {
    value() = std::move(v);
  } else {
    throw TypeError(fmt::format(
        "{}'{}' object does not support item assignment",
        where(parent_path_),
        parent_->type_name()));
  }
  return *this;
}

Ref& Ref::operator=(const Ref& other) {
  if (this != &other) {
    *this = Value(other.cref().value());
  }
  return *this;
}

Ref Ref::operator[](const Key& key) const {
  return {value(), key, path_};
}

Ref Ref::at(std::string_view path) const {
  Ref cur = *this;
  for_each_component(path, [&cur](std::string_view part) {
    Value& container = cur.value();
    Ref next(container, component_key(container, part), cur.path_);
    cur.parent_ = next.parent_;
    cur.key_ = std::move(next.key_);
    cur.parent_path_ = std::move(next.parent_path_);
    cur.path_ = std::move(next.path_);
  });
  return cur;
}

ConstRef Value::operator[](const Key& key) const {
  return ConstRef(*this)[key];
}

Ref Value::operator[](const Key& key) {
  return {*this, key, std::string()};
}

ConstRef Value::at(std::string_view path) const {
  return ConstRef(*this).at(path);
}

Ref Value::at(std::string_view path) {
  return Ref(*this).at(path);
}

ConstRef Value::cref(std::string path) const {
  return {*this, std::move(path)};
}

Ref Value::ref(std::string path) {
  return Ref(*this, std::move(path));
}

bool Value::contains_path(std::string_view path) const {
  const Value* cur = this;
  for_each_component(path, [&cur](std::string_view part) {
    if (cur == nullptr) {
      return;
    }
    const Key key = component_key(*cur, part);
    if (cur->is_dict()) {
      cur = cur->find(key);
      return;
    }
    const bool in_range = cur->is_sequence() && key.is_int() &&
                          sequence_position(*cur, key, "").has_value();
    cur = in_range ? &(*cur)[key].value() : nullptr;
  });
  return cur != nullptr;
}

namespace detail {

bool to_bool(const Value& v, std::string_view path) {
  if (!v.is_bool()) {
    ConstRef(v, std::string(path)).throw_type_error("bool");
  }
  return std::get<bool>(v.data_);
}

std::int64_t to_int(const Value& v, std::string_view path) {
  if (!v.is_int()) {
    ConstRef(v, std::string(path)).throw_type_error("int");
  }
  return std::get<std::int64_t>(v.data_);
}

double to_double(const Value& v, std::string_view path) {
  if (v.is_int()) {
    return static_cast<double>(std::get<std::int64_t>(v.data_));
  }
  if (!v.is_float()) {
    ConstRef(v, std::string(path)).throw_type_error("float");
  }
  return std::get<double>(v.data_);
}

const std::string& to_string(const Value& v, std::string_view path) {
  if (!v.is_string()) {
    ConstRef(v, std::string(path)).throw_type_error("str");
  }
  return std::get<std::string>(v.data_);
}

const std::vector<Value>& to_elements(const Value& v, std::string_view path) {
  return ConstRef(v, std::string(path)).elements();
}

void check_int_range(
    std::int64_t i, std::int64_t lo, std::uint64_t hi, std::string_view path) {
  const bool too_big = i > 0 && static_cast<std::uint64_t>(i) > hi;
  MMENGINE_CHECK(
      i >= lo && !too_big,
      where(path),
      i,
      " is out of range [",
      lo,
      ", ",
      hi,
      "]");
}

}  // namespace detail
}  // namespace mmengine::config
