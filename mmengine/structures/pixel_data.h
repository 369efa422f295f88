#pragma once

#include <cstdint>
#include <optional>
#include <utility>

#include "mmengine/structures/base_data_element.h"
#include "mmengine/structures/instance_data.h"

namespace mmengine::structures {

/// Per-pixel fields (masks, segmentation maps) of shape (C, H, W) sharing H
/// and W; 2-D values get a leading axis. Mirrors
/// `mmengine.structures.PixelData` (tensors only; the warning for 2-D
/// values is not printed).
class MMENGINE_API PixelData : public BaseDataElement {
 public:
  using BaseDataElement::BaseDataElement;
  std::string class_name() const override {
    return "PixelData";
  }

  /// (H, W) of the fields, or nullopt when there is none.
  std::optional<std::pair<std::int64_t, std::int64_t>> shape() const;

  /// The region [rows, cols] of every field, as a new PixelData.
  std::shared_ptr<PixelData> crop(const Slice& rows, const Slice& cols) const;
  /// The single pixel (row, col), kept 1x1 (ints become length-1 slices).
  std::shared_ptr<PixelData> at(std::int64_t row, std::int64_t col) const;

 protected:
  std::shared_ptr<BaseDataElement> make_empty() const override {
    return std::make_shared<PixelData>();
  }
  void check_data_field(const std::string& name, Field& value) const override;
};

}  // namespace mmengine::structures
