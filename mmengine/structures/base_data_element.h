#pragma once

#include <ATen/core/Tensor.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/value.h"

namespace mmengine::structures {

class BaseDataElement;

/// A field of a data element: a tensor, a config-like value (number, str,
/// list, tuple, dict, None) or a nested data element.
class MMENGINE_API Field {
 public:
  Field() = default;
  Field(at::Tensor tensor) : v_(std::move(tensor)) {}
  Field(config::Value value) : v_(std::move(value)) {}
  Field(std::shared_ptr<BaseDataElement> element) : v_(std::move(element)) {}
  template <typename T>
  requires std::is_constructible_v<config::Value, T> &&
      (!std::is_same_v<std::remove_cvref_t<T>, config::Value>)&&(
          !std::is_same_v<std::remove_cvref_t<T>, at::Tensor>)Field(T&& v)
      : v_(config::Value(std::forward<T>(v))) {}

  bool is_tensor() const noexcept {
    return v_.index() == 1;
  }
  bool is_value() const noexcept {
    return v_.index() == 0;
  }
  bool is_element() const noexcept {
    return v_.index() == 2;
  }
  /// The tensor; TypeError naming the actual kind otherwise.
  const at::Tensor& tensor() const;
  /// The tensor, or nullptr when the field holds something else.
  const at::Tensor* tensor_if() const noexcept {
    return std::get_if<at::Tensor>(&v_);
  }
  /// The value; TypeError otherwise.
  const config::Value& value() const;
  /// The nested element; TypeError otherwise.
  const std::shared_ptr<BaseDataElement>& element() const;
  /// "Tensor", "<Python type name>" or the element's class name.
  std::string kind() const;
  /// Printable form: the tensor, Python repr of a value, or the element's
  /// repr.
  std::string repr() const;

 private:
  std::variant<config::Value, at::Tensor, std::shared_ptr<BaseDataElement>> v_;
};

/// Ordered (name, field) pairs.
using FieldList = std::vector<std::pair<std::string, Field>>;

/// The base of the data passed between components: metainfo fields (image
/// size, scale factor, ...) and data fields (tensors, labels, nested
/// elements), two disjoint sets of names.
///
///   BaseDataElement sample(Value::dict({{"img_shape", Value::tuple({8,
///   8})}})); sample.set("gt_label", torch::tensor({3})); auto on_gpu =
///   sample.cuda();  // a new element, tensors moved
///
/// Mirrors `mmengine.structures.BaseDataElement`; differs in keeping
/// insertion order of fields (Python uses set order) and printing tensors
/// with libtorch's format.
class MMENGINE_API BaseDataElement
    : public std::enable_shared_from_this<BaseDataElement> {
 public:
  /// `metainfo` must be a dict (or None); data fields follow.
  explicit BaseDataElement(
      const config::Value& metainfo = config::Value(), FieldList data = {});
  virtual ~BaseDataElement() = default;
  BaseDataElement(const BaseDataElement&) = default;
  BaseDataElement& operator=(const BaseDataElement&) = default;

  /// Class name for repr and errors ("BaseDataElement", "InstanceData").
  virtual std::string class_name() const {
    return "BaseDataElement";
  }

  /// Adds or replaces metainfo fields from a dict. AttributeError-style
  /// ValueError when a name is already a data field.
  void set_metainfo(const config::Value& metainfo);
  /// Adds or replaces data fields (see set).
  void set_data(const FieldList& data);
  /// `element.name = value` for a data field; checks the subclass's rules.
  void set(const std::string& name, Field value);
  /// `set_field(value, name, field_type)`: "data" or "metainfo".
  void set_field(
      const std::string& name,
      Field value,
      const std::string& field_type = "data");

  /// True when name is a data or metainfo field (Python `in`).
  bool contains(const std::string& name) const;
  /// The field; KeyError when absent.
  const Field& get(const std::string& name) const;
  /// The field, or `fallback` when absent.
  Field get(const std::string& name, Field fallback) const;
  /// Removes and returns a field; KeyError "<k> is not contained in
  /// metainfo or data" when absent.
  Field pop(const std::string& name);
  Field pop(const std::string& name, Field fallback);
  /// `del element.name`; KeyError when absent.
  void erase(const std::string& name);

  std::vector<std::string> keys() const;
  std::vector<Field> values() const;
  const FieldList& items() const noexcept {
    return data_;
  }
  std::vector<std::string> metainfo_keys() const;
  std::vector<Field> metainfo_values() const;
  const FieldList& metainfo_items() const noexcept {
    return metainfo_;
  }
  /// Metainfo first, then data.
  std::vector<std::string> all_keys() const;
  FieldList all_items() const;
  /// The metainfo as a dict (tensors are not allowed there).
  config::Value metainfo() const;

  /// Copies every field of `other` into this one (metainfo and data).
  void update(const BaseDataElement& other);
  /// A copy with the given parts replaced (`new(metainfo=..., **data)`).
  std::shared_ptr<BaseDataElement> new_element(
      const config::Value& metainfo = config::Value(),
      const FieldList& data = {}) const;
  /// A copy of the same class whose fields share the originals' tensors
  /// (not copied), as MMEngine's clone.
  std::shared_ptr<BaseDataElement> clone() const;

  /// New elements with every tensor (also in nested elements) converted.
  std::shared_ptr<BaseDataElement> to(const at::Device& device) const;
  std::shared_ptr<BaseDataElement> cpu() const;
  std::shared_ptr<BaseDataElement> cuda() const;
  std::shared_ptr<BaseDataElement> detach() const;
  /// Applies fn to every tensor data field (nested elements too).
  std::shared_ptr<BaseDataElement> apply(
      const std::function<at::Tensor(const at::Tensor&)>& fn) const;

  /// `<ClassName(\n\n    META INFORMATION\n    k: v\n\n    DATA FIELDS\n...`.
  std::string repr() const;

 protected:
  /// A new, empty element of the same class.
  virtual std::shared_ptr<BaseDataElement> make_empty() const {
    return std::make_shared<BaseDataElement>();
  }
  /// Subclass rules for a new data field (lengths, shapes); may adjust it.
  virtual void check_data_field(const std::string& name, Field& value) const;

  FieldList& mutable_data() noexcept {
    return data_;
  }

 private:
  static Field* find(FieldList& list, const std::string& name);
  static const Field* find(const FieldList& list, const std::string& name);

  FieldList metainfo_;
  FieldList data_;
};

}  // namespace mmengine::structures
