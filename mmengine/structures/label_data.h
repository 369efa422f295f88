#pragma once

#include <cstdint>

#include "mmengine/structures/base_data_element.h"

namespace mmengine::structures {

/// Labels of a sample (class indices, scores). Mirrors
/// `mmengine.structures.LabelData`.
class MMENGINE_API LabelData : public BaseDataElement {
 public:
  using BaseDataElement::BaseDataElement;
  std::string class_name() const override {
    return "LabelData";
  }

  /// Indices of the 1s of a 1-D one-hot tensor of 0s and 1s; ValueError
  /// otherwise.
  static at::Tensor onehot_to_label(const at::Tensor& onehot);
  /// A 1-D one-hot tensor of length num_classes with 1s at `label`
  /// (int64 indices, each < num_classes; ValueError otherwise).
  static at::Tensor label_to_onehot(
      const at::Tensor& label, std::int64_t num_classes);

 protected:
  std::shared_ptr<BaseDataElement> make_empty() const override {
    return std::make_shared<LabelData>();
  }
};

}  // namespace mmengine::structures
