#include "mmengine/config/value.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "mmengine/config/value_impl.h"
#include "mmengine/utils/error.h"

namespace mmengine::config {
namespace detail {

std::optional<std::size_t> DictNode::position(const Key& key) const {
  if (slots.empty()) {
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (items[i].first == key) {
        return i;
      }
    }
    return std::nullopt;
  }
  const std::size_t mask = slots.size() - 1;
  for (std::size_t i = key.hash() & mask;; i = (i + 1) & mask) {
    const std::uint32_t slot = slots[i];
    if (slot == 0) {
      return std::nullopt;
    }
    if (items[slot - 1].first == key) {
      return slot - 1;
    }
  }
}

void DictNode::set(Key key, Value v) {
  if (const auto pos = position(key)) {
    items[*pos].second = std::move(v);
    return;
  }
  items.emplace_back(std::move(key), std::move(v));
  if (items.size() < kIndexMin) {
    return;
  }
  if (items.size() * 2 > slots.size()) {
    rebuild_index();
  } else {
    insert_slot(items.back().first.hash(), items.size() - 1);
  }
}

bool DictNode::erase(const Key& key) {
  const auto pos = position(key);
  if (!pos) {
    return false;
  }
  items.erase(items.begin() + static_cast<std::ptrdiff_t>(*pos));
  rebuild_index();
  return true;
}

void DictNode::rebuild_index() {
  slots.clear();
  if (items.size() < kIndexMin) {
    return;
  }
  std::size_t capacity = 2 * kIndexMin;
  while (capacity < 4 * items.size()) {
    capacity *= 2;
  }
  slots.assign(capacity, 0);
  for (std::size_t i = 0; i < items.size(); ++i) {
    insert_slot(items[i].first.hash(), i);
  }
}

void DictNode::insert_slot(std::size_t hash, std::size_t pos) {
  const std::size_t mask = slots.size() - 1;
  std::size_t i = hash & mask;
  while (slots[i] != 0) {
    i = (i + 1) & mask;
  }
  slots[i] = static_cast<std::uint32_t>(pos + 1);
}

}  // namespace detail

namespace {

// Python's `len(str)` counts code points: count non-continuation bytes.
std::size_t count_code_points(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// Python's list.insert / del index normalisation.
std::int64_t normalize_index(std::int64_t index, std::size_t size) {
  return index < 0 ? index + static_cast<std::int64_t>(size) : index;
}

}  // namespace

Value::Value() noexcept = default;
Value::Value(bool b) noexcept : type_(Type::kBool), data_(b) {}
Value::Value(IntTag /*tag*/, std::int64_t i) noexcept
    : type_(Type::kInt), data_(i) {}
Value::Value(FloatTag /*tag*/, double f) noexcept
    : type_(Type::kFloat), data_(f) {}
Value::Value(const char* s) : type_(Type::kString), data_(std::string(s)) {}
Value::Value(std::string s) : type_(Type::kString), data_(std::move(s)) {}
Value::Value(std::string_view s)
    : type_(Type::kString), data_(std::string(s)) {}
Value::Value(const Value&) = default;
Value::Value(Value&&) noexcept = default;
Value& Value::operator=(const Value&) = default;
Value& Value::operator=(Value&&) noexcept = default;
Value::~Value() = default;

Value Value::list(std::initializer_list<Value> items) {
  return list(std::vector<Value>(items));
}

Value Value::list(std::vector<Value> items) {
  Value v;
  v.type_ = Type::kList;
  v.data_ =
      std::make_shared<detail::SeqNode>(detail::SeqNode{std::move(items)});
  return v;
}

Value Value::tuple(std::initializer_list<Value> items) {
  return tuple(std::vector<Value>(items));
}

Value Value::tuple(std::vector<Value> items) {
  Value v = list(std::move(items));
  v.type_ = Type::kTuple;
  return v;
}

Value Value::dict(std::initializer_list<Item> items) {
  return dict(std::vector<Item>(items));
}

Value Value::dict(std::vector<Item> items) {
  Value v;
  v.type_ = Type::kDict;
  auto node = std::make_shared<detail::DictNode>();
  node->items.reserve(items.size());
  for (auto& [key, value] : items) {
    node->set(std::move(key), std::move(value));
  }
  v.data_ = std::move(node);
  return v;
}

const char* Value::type_name() const noexcept {
  switch (type_) {
    case Type::kNone:
      return "NoneType";
    case Type::kBool:
      return "bool";
    case Type::kInt:
      return "int";
    case Type::kFloat:
      return "float";
    case Type::kString:
      return "str";
    case Type::kList:
      return "list";
    case Type::kTuple:
      return "tuple";
    case Type::kDict:
      return "dict";
  }
  return "?";
}

const detail::SeqNode& Value::seq_node() const {
  if (!is_sequence()) {
    ConstRef(*this).throw_type_error("list or tuple");
  }
  return *std::get<std::shared_ptr<detail::SeqNode>>(data_);
}

const detail::DictNode& Value::dict_node() const {
  if (!is_dict()) {
    ConstRef(*this).throw_type_error("dict");
  }
  return *std::get<std::shared_ptr<detail::DictNode>>(data_);
}

// Copy-on-write: a node shared with another Value is cloned before writing.
detail::SeqNode& Value::seq_node_mut() {
  seq_node();
  auto& node = std::get<std::shared_ptr<detail::SeqNode>>(data_);
  if (node.use_count() != 1) {
    node = std::make_shared<detail::SeqNode>(*node);
  }
  return *node;
}

detail::DictNode& Value::dict_node_mut() {
  dict_node();
  auto& node = std::get<std::shared_ptr<detail::DictNode>>(data_);
  if (node.use_count() != 1) {
    node = std::make_shared<detail::DictNode>(*node);
  }
  return *node;
}

bool Value::contains(const Key& key) const {
  return find(key) != nullptr;
}

const Value* Value::find(const Key& key) const {
  if (!is_dict()) {
    return nullptr;
  }
  const auto& node = dict_node();
  const auto pos = node.position(key);
  return pos ? &node.items[*pos].second : nullptr;
}

Value* Value::find(const Key& key) {
  if (!is_dict() || !std::as_const(*this).find(key)) {
    return nullptr;
  }
  auto& node = dict_node_mut();
  return &node.items[*node.position(key)].second;
}

std::size_t Value::size() const {
  switch (type_) {
    case Type::kString:
      return count_code_points(std::get<std::string>(data_));
    case Type::kList:
    case Type::kTuple:
      return seq_node().items.size();
    case Type::kDict:
      return dict_node().items.size();
    default:
      throw TypeError(
          fmt::format("object of type '{}' has no len()", type_name()));
  }
}

bool Value::empty() const {
  return size() == 0;
}

const std::vector<Value::Item>& Value::items() const {
  return dict_node().items;
}

MutableItems Value::items() {
  return MutableItems(dict_node_mut().items);
}

std::vector<Key> Value::keys() const {
  std::vector<Key> out;
  out.reserve(items().size());
  for (const auto& item : items()) {
    out.push_back(item.first);
  }
  return out;
}

void Value::set(Key key, Value v) {
  dict_node_mut().set(std::move(key), std::move(v));
}

bool Value::erase(const Key& key) {
  if (!contains(key)) {
    dict_node();  // TypeError for non-dicts
    return false;
  }
  return dict_node_mut().erase(key);
}

Value Value::pop(const Key& key) {
  const Value* found = find(key);
  if (found == nullptr) {
    dict_node();
    throw KeyError(key.repr());
  }
  Value out = *found;
  dict_node_mut().erase(key);
  return out;
}

void Value::update(const Value& other) {
  const auto& src = other.items();
  auto& node = dict_node_mut();
  for (const auto& [key, value] : src) {
    node.set(key, value);
  }
}

const std::vector<Value>& Value::elements() const {
  return seq_node().items;
}

std::vector<Value>& Value::elements() {
  return seq_node_mut().items;
}

void Value::append(Value v) {
  seq_node_mut().items.push_back(std::move(v));
}

void Value::insert(std::int64_t index, Value v) {
  auto& items = seq_node_mut().items;
  const auto n = static_cast<std::int64_t>(items.size());
  const std::int64_t pos =
      std::clamp(normalize_index(index, items.size()), std::int64_t{0}, n);
  items.insert(items.begin() + pos, std::move(v));
}

void Value::erase_at(std::int64_t index) {
  const auto n = static_cast<std::int64_t>(seq_node().items.size());
  const std::int64_t pos = normalize_index(index, seq_node().items.size());
  if (pos < 0 || pos >= n) {
    throw KeyError(fmt::format(
        "{} index {} out of range (size {})", type_name(), index, n));
  }
  auto& items = seq_node_mut().items;
  items.erase(items.begin() + pos);
}

void Value::clear() {
  if (is_dict()) {
    auto& node = dict_node_mut();
    node.items.clear();
    node.slots.clear();
    return;
  }
  seq_node_mut().items.clear();
}

bool Value::truthy() const noexcept {
  switch (type_) {
    case Type::kNone:
      return false;
    case Type::kBool:
      return std::get<bool>(data_);
    case Type::kInt:
      return std::get<std::int64_t>(data_) != 0;
    case Type::kFloat:
      return std::get<double>(data_) != 0.0;
    case Type::kString:
      return !std::get<std::string>(data_).empty();
    case Type::kList:
    case Type::kTuple:
      return !std::get<std::shared_ptr<detail::SeqNode>>(data_)->items.empty();
    case Type::kDict:
      return !std::get<std::shared_ptr<detail::DictNode>>(data_)->items.empty();
  }
  return false;
}

bool Value::shares_node_with(const Value& other) const noexcept {
  if (type_ != other.type_ || data_.index() != other.data_.index()) {
    return false;
  }
  if (const auto* s = std::get_if<std::shared_ptr<detail::SeqNode>>(&data_)) {
    return *s == std::get<std::shared_ptr<detail::SeqNode>>(other.data_);
  }
  if (const auto* d = std::get_if<std::shared_ptr<detail::DictNode>>(&data_)) {
    return *d == std::get<std::shared_ptr<detail::DictNode>>(other.data_);
  }
  return false;
}

}  // namespace mmengine::config
