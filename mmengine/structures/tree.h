#pragma once

/// A tree of Python-like objects that may hold tensors: the shape of
/// `state_dict()`s, optimizer and scheduler states, and checkpoints.
///
///   Tree sd = Tree::dict();
///   sd["state"] = Tree::dict();
///   sd["state"][0] = Tree::dict({{"step", Tree(at::scalar_tensor(1.0))}});
///   sd["param_groups"] = config::Value::list({...});    // plain values
///   double lr = sd["param_groups"][0]["lr"].as<double>();
///
/// Leaves are config values (None, bool, int, float, str, and containers
/// of those) or tensors; lists, tuples and dicts of trees nest. Copies
/// share containers, like Python references; clone() copies the
/// containers (never the tensors).

#include <ATen/core/Tensor.h>

#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/value.h"

namespace mmengine::structures {

class Tree;
/// Dict items in insertion order (str or int keys, as Python dicts).
using TreeItems = std::vector<std::pair<config::Key, Tree>>;

/// One node of a state tree. Mirrors the Python objects a `state_dict`
/// holds; differs in having no arbitrary classes (see the checkpoint
/// reader for records of unknown classes).
class MMENGINE_API Tree {
 public:
  enum class Kind : std::uint8_t { kValue, kTensor, kList, kTuple, kDict };

  /// None.
  Tree();
  /// A plain value (may itself be a container of plain values).
  Tree(config::Value value);  // NOLINT(google-explicit-constructor)
  Tree(at::Tensor tensor);    // NOLINT(google-explicit-constructor)
  Tree(double v) : Tree(config::Value(v)) {}        // NOLINT
  Tree(std::int64_t v) : Tree(config::Value(v)) {}  // NOLINT
  Tree(int v) : Tree(config::Value(v)) {}           // NOLINT
  Tree(bool v) : Tree(config::Value(v)) {}          // NOLINT
  Tree(const char* v) : Tree(config::Value(v)) {}   // NOLINT
  Tree(std::string v) : Tree(config::Value(v)) {}   // NOLINT

  static Tree list(std::vector<Tree> items = {});
  static Tree tuple(std::vector<Tree> items = {});
  static Tree dict(TreeItems items = {});

  Kind kind() const noexcept {
    return kind_;
  }
  /// "NoneType"/"int"/... for values, "Tensor", "list", "tuple", "dict".
  std::string type_name() const;
  bool is_none() const noexcept;
  bool is_value() const noexcept {
    return kind_ == Kind::kValue;
  }
  bool is_tensor() const noexcept {
    return kind_ == Kind::kTensor;
  }
  /// A tree dict or a plain dict value.
  bool is_dict() const noexcept;
  /// A tree list/tuple or a plain list/tuple value.
  bool is_sequence() const noexcept;

  /// The plain value; TypeError for tensors and tree containers holding
  /// tensors (plain-only tree containers are converted).
  config::Value to_value() const;
  /// The value converted like `config::Value::as<T>()`.
  template <typename T>
  T as() const {
    return to_value().as<T>();
  }
  /// The tensor; TypeError otherwise.
  const at::Tensor& tensor() const;

  /// Dict lookup (KeyError names the key and the present keys) and
  /// sequence indexing (negative from the end; IndexError). Plain value
  /// containers are returned as value subtrees.
  Tree operator[](const config::Key& key) const;
  /// Mutable child of a tree dict: inserts None for a missing key. A plain
  /// dict value is first converted to a tree dict, None to an empty dict.
  Tree& operator[](const config::Key& key);
  bool contains(const config::Key& key) const;
  /// Pointer to a tree dict's child, or nullptr (also for non-dicts).
  const Tree* find(const config::Key& key) const;
  Tree* find(const config::Key& key);
  /// Items of a dict (plain dicts are converted); TypeError otherwise.
  TreeItems items() const;
  /// Elements of a list/tuple (plain ones converted); TypeError otherwise.
  std::vector<Tree> elements() const;
  /// Elements/items count; TypeError for leaves.
  std::size_t size() const;
  /// Appends to a tree list or tuple.
  void append(Tree item);
  /// `del d[key]`; false when absent.
  bool erase(const config::Key& key);

  /// A copy with fresh containers; tensors are shared.
  Tree clone() const;
  /// Python-like repr; tensors as `Tensor(shape=[2, 3], dtype=Float)`.
  std::string repr() const;

 private:
  using List = std::vector<Tree>;
  Tree& dict_slot(const config::Key& key);
  void make_tree_container();

  Kind kind_ = Kind::kValue;
  config::Value value_;
  at::Tensor tensor_;
  std::shared_ptr<List> list_;
  std::shared_ptr<TreeItems> dict_;
};

}  // namespace mmengine::structures
