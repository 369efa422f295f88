#include "mmengine/structures/tree.h"

#include <fmt/format.h>

#include <algorithm>

#include "mmengine/utils/error.h"

namespace mmengine::structures {

using config::Key;
using config::Value;

Tree::Tree() = default;

Tree::Tree(Value value) : kind_(Kind::kValue), value_(std::move(value)) {}

Tree::Tree(at::Tensor tensor)
    : kind_(Kind::kTensor), tensor_(std::move(tensor)) {}

Tree Tree::list(std::vector<Tree> items) {
  Tree t;
  t.kind_ = Kind::kList;
  t.list_ = std::make_shared<List>(std::move(items));
  return t;
}

Tree Tree::tuple(std::vector<Tree> items) {
  Tree t = list(std::move(items));
  t.kind_ = Kind::kTuple;
  return t;
}

Tree Tree::dict(TreeItems items) {
  Tree t;
  t.kind_ = Kind::kDict;
  t.dict_ = std::make_shared<TreeItems>(std::move(items));
  return t;
}

std::string Tree::type_name() const {
  switch (kind_) {
    case Kind::kValue:
      return value_.type_name();
    case Kind::kTensor:
      return "Tensor";
    case Kind::kList:
      return "list";
    case Kind::kTuple:
      return "tuple";
    case Kind::kDict:
      return "dict";
  }
  return "?";
}

bool Tree::is_none() const noexcept {
  return kind_ == Kind::kValue && value_.is_none();
}

bool Tree::is_dict() const noexcept {
  return kind_ == Kind::kDict || (kind_ == Kind::kValue && value_.is_dict());
}

bool Tree::is_sequence() const noexcept {
  return kind_ == Kind::kList || kind_ == Kind::kTuple ||
         (kind_ == Kind::kValue && value_.is_sequence());
}

Value Tree::to_value() const {
  switch (kind_) {
    case Kind::kValue:
      return value_;
    case Kind::kTensor:
      MMENGINE_CHECK_TYPE(false, "expected a plain value, got a Tensor");
      break;
    case Kind::kList:
    case Kind::kTuple: {
      std::vector<Value> out;
      out.reserve(list_->size());
      for (const Tree& t : *list_) {
        out.push_back(t.to_value());
      }
      return kind_ == Kind::kList ? Value::list(std::move(out))
                                  : Value::tuple(std::move(out));
    }
    case Kind::kDict: {
      std::vector<Value::Item> out;
      out.reserve(dict_->size());
      for (const auto& [k, t] : *dict_) {
        out.emplace_back(k, t.to_value());
      }
      return Value::dict(std::move(out));
    }
  }
  return {};
}

const at::Tensor& Tree::tensor() const {
  MMENGINE_CHECK_TYPE(
      kind_ == Kind::kTensor, "expected a Tensor, got ", type_name());
  return tensor_;
}

const Tree* Tree::find(const Key& key) const {
  if (kind_ != Kind::kDict) {
    return nullptr;
  }
  for (const auto& [k, t] : *dict_) {
    if (k == key) {
      return &t;
    }
  }
  return nullptr;
}

Tree* Tree::find(const Key& key) {
  return const_cast<Tree*>(std::as_const(*this).find(key));
}

bool Tree::contains(const Key& key) const {
  if (kind_ == Kind::kValue) {
    return value_.contains(key);
  }
  return find(key) != nullptr;
}

Tree Tree::operator[](const Key& key) const {
  if (kind_ == Kind::kValue && (value_.is_dict() || value_.is_sequence())) {
    return Tree(value_[key].value());
  }
  if (kind_ == Kind::kList || kind_ == Kind::kTuple) {
    MMENGINE_CHECK_TYPE(
        key.is_int(), type_name(), " indices must be integers, not str");
    auto n = static_cast<std::int64_t>(list_->size());
    std::int64_t i = key.to_int() < 0 ? key.to_int() + n : key.to_int();
    MMENGINE_CHECK_T(
        IndexError, i >= 0 && i < n, type_name(), " index out of range");
    return (*list_)[static_cast<std::size_t>(i)];
  }
  MMENGINE_CHECK_TYPE(
      kind_ == Kind::kDict, "'", type_name(), "' object is not subscriptable");
  if (const Tree* t = find(key)) {
    return *t;
  }
  std::vector<std::string> keys;
  for (const auto& item : *dict_) {
    keys.push_back(item.first.repr());
  }
  MMENGINE_CHECK_KEY(
      false,
      key.repr(),
      " (present: ",
      fmt::format("{}", fmt::join(keys, ", ")),
      ")");
  return {};
}

void Tree::make_tree_container() {
  if (kind_ != Kind::kValue) {
    return;
  }
  if (value_.is_dict()) {
    TreeItems items;
    for (const auto& [k, v] : value_.items()) {
      items.emplace_back(k, Tree(v));
    }
    *this = dict(std::move(items));
  } else if (value_.is_sequence()) {
    std::vector<Tree> items(value_.elements().begin(), value_.elements().end());
    *this = value_.is_list() ? list(std::move(items)) : tuple(std::move(items));
  }
}

Tree& Tree::dict_slot(const Key& key) {
  if (Tree* t = find(key)) {
    return *t;
  }
  dict_->emplace_back(key, Tree());
  return dict_->back().second;
}

Tree& Tree::operator[](const Key& key) {
  if (is_none()) {
    *this = dict();
  }
  make_tree_container();
  if (kind_ == Kind::kList || kind_ == Kind::kTuple) {
    MMENGINE_CHECK_TYPE(
        key.is_int(), type_name(), " indices must be integers, not str");
    auto n = static_cast<std::int64_t>(list_->size());
    std::int64_t i = key.to_int() < 0 ? key.to_int() + n : key.to_int();
    MMENGINE_CHECK_T(
        IndexError, i >= 0 && i < n, type_name(), " index out of range");
    return (*list_)[static_cast<std::size_t>(i)];
  }
  MMENGINE_CHECK_TYPE(
      kind_ == Kind::kDict,
      "'",
      type_name(),
      "' object does not support item assignment");
  return dict_slot(key);
}

TreeItems Tree::items() const {
  if (kind_ == Kind::kValue) {
    MMENGINE_CHECK_TYPE(
        value_.is_dict(), "expected a dict, got ", value_.type_name());
    TreeItems out;
    for (const auto& [k, v] : value_.items()) {
      out.emplace_back(k, Tree(v));
    }
    return out;
  }
  MMENGINE_CHECK_TYPE(
      kind_ == Kind::kDict, "expected a dict, got ", type_name());
  return *dict_;
}

std::vector<Tree> Tree::elements() const {
  if (kind_ == Kind::kValue) {
    MMENGINE_CHECK_TYPE(
        value_.is_sequence(),
        "expected a list or tuple, got ",
        value_.type_name());
    return {value_.elements().begin(), value_.elements().end()};
  }
  MMENGINE_CHECK_TYPE(
      kind_ == Kind::kList || kind_ == Kind::kTuple,
      "expected a list or tuple, got ",
      type_name());
  return *list_;
}

std::size_t Tree::size() const {
  switch (kind_) {
    case Kind::kValue:
      return value_.size();
    case Kind::kTensor:
      MMENGINE_CHECK_TYPE(false, "len() of a Tensor leaf");
      break;
    case Kind::kList:
    case Kind::kTuple:
      return list_->size();
    case Kind::kDict:
      return dict_->size();
  }
  return 0;
}

void Tree::append(Tree item) {
  make_tree_container();
  MMENGINE_CHECK_TYPE(
      kind_ == Kind::kList || kind_ == Kind::kTuple,
      "append() needs a list, got ",
      type_name());
  list_->push_back(std::move(item));
}

bool Tree::erase(const Key& key) {
  make_tree_container();
  if (kind_ != Kind::kDict) {
    return false;
  }
  auto it = std::find_if(dict_->begin(), dict_->end(), [&](const auto& item) {
    return item.first == key;
  });
  if (it == dict_->end()) {
    return false;
  }
  dict_->erase(it);
  return true;
}

Tree Tree::clone() const {
  switch (kind_) {
    case Kind::kValue:
    case Kind::kTensor:
      return *this;
    case Kind::kList:
    case Kind::kTuple: {
      std::vector<Tree> items;
      for (const Tree& t : *list_) {
        items.push_back(t.clone());
      }
      return kind_ == Kind::kList ? list(std::move(items))
                                  : tuple(std::move(items));
    }
    case Kind::kDict: {
      TreeItems items;
      for (const auto& [k, t] : *dict_) {
        items.emplace_back(k, t.clone());
      }
      return dict(std::move(items));
    }
  }
  return {};
}

std::string Tree::repr() const {
  switch (kind_) {
    case Kind::kValue:
      return value_.repr();
    case Kind::kTensor: {
      if (!tensor_.defined()) {
        return "Tensor(undefined)";
      }
      return fmt::format(
          "Tensor(shape=[{}], dtype={})",
          fmt::join(tensor_.sizes(), ", "),
          c10::toString(tensor_.scalar_type()));
    }
    case Kind::kList:
    case Kind::kTuple: {
      std::vector<std::string> parts;
      for (const Tree& t : *list_) {
        parts.push_back(t.repr());
      }
      if (kind_ == Kind::kTuple) {
        return parts.size() == 1 ? "(" + parts[0] + ",)"
                                 : fmt::format("({})", fmt::join(parts, ", "));
      }
      return fmt::format("[{}]", fmt::join(parts, ", "));
    }
    case Kind::kDict: {
      std::vector<std::string> parts;
      for (const auto& [k, t] : *dict_) {
        parts.push_back(k.repr() + ": " + t.repr());
      }
      return fmt::format("{{{}}}", fmt::join(parts, ", "));
    }
  }
  return {};
}

}  // namespace mmengine::structures
