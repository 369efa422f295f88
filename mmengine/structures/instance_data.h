#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "mmengine/structures/base_data_element.h"

namespace mmengine::structures {

/// A slice over instances: Python's `start:stop:step`.
struct Slice {
  std::optional<std::int64_t> start;
  std::optional<std::int64_t> stop;
  std::int64_t step = 1;
};

/// Per-instance fields (boxes, labels, scores...) of equal length, indexable
/// like a batch. Fields are tensors (first dimension) or lists/tuples/strs.
/// Mirrors `mmengine.structures.InstanceData` (no numpy arrays).
class MMENGINE_API InstanceData : public BaseDataElement {
 public:
  using BaseDataElement::BaseDataElement;
  std::string class_name() const override {
    return "InstanceData";
  }

  /// Length of the first data field (0 when there is none).
  std::int64_t size() const;

  /// The single instance `index` (negative counts from the end), kept as a
  /// length-1 InstanceData. IndexError "Index <i> out of range!".
  std::shared_ptr<InstanceData> index(std::int64_t index) const;
  /// Instances in a slice.
  std::shared_ptr<InstanceData> slice(const Slice& slice) const;
  /// Instances selected by a 1-D bool mask (length must equal size()) or a
  /// 1-D integer index tensor.
  std::shared_ptr<InstanceData> index(const at::Tensor& index) const;
  /// Instances at the given indices.
  std::shared_ptr<InstanceData> index(
      const std::vector<std::int64_t>& indices) const;

  /// Concatenates elements with the same keys: tensors along dim 0, lists,
  /// tuples and strs joined. One element is returned as is.
  static std::shared_ptr<InstanceData> cat(
      const std::vector<std::shared_ptr<InstanceData>>& instances);

 protected:
  std::shared_ptr<BaseDataElement> make_empty() const override {
    return std::make_shared<InstanceData>();
  }
  void check_data_field(const std::string& name, Field& value) const override;

 private:
  std::shared_ptr<InstanceData> empty_like() const;
};

/// Length of a field as InstanceData counts it; nullopt when it has none.
MMENGINE_API std::optional<std::int64_t> field_length(const Field& field);

}  // namespace mmengine::structures
