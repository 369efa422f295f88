#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>

#include "mmengine/api.h"
#include "mmengine/dataset/dataset.h"
#include "mmengine/registry/build_args.h"

namespace mmengine::zoo {

/// Reads an IDX file (MNIST's format: big-endian magic 0x0000 0x08 ndim,
/// the dims, then unsigned bytes) into a uint8 tensor of those dims.
/// DataError naming the file for a bad magic, truncated data or extra bytes.
MMENGINE_API at::Tensor read_idx_file(const std::string& path);

/// MNIST-format classification data: `<prefix>-images-idx3-ubyte` and
/// `<prefix>-labels-idx1-ubyte` under `data_root`. Samples are
/// `inputs` = uint8 (1, H, W) and a data sample with `gt_label`.
/// `type='MNIST'`: split 'train' -> prefix "train", 'test' -> "t10k"
/// (MNIST's names). `type='Digits'`: the embedded 8x8 digits
/// (data/digits, splits train/val/test). Nothing is downloaded.
/// `img_size` resizes the images once when loading (bilinear, float32), so
/// that LeNet (32 x 32) can read the 8 x 8 digits.
class MMENGINE_API MNIST : public dataset::Dataset {
 public:
  /// `classes` names the labels in metainfo (0..9); img_size 0 keeps the
  /// files' size.
  MNIST(
      const std::string& data_root,
      const std::string& prefix,
      std::int64_t img_size = 0);
  /// Config keys: data_root (required), split ('train'), test_mode
  /// (False; True means split 'test' when split is not given), img_size
  /// (None: as stored).
  static std::shared_ptr<MNIST> from_config(
      registry::BuildArgs& args, bool digits);

  std::int64_t size() const override {
    return labels_.size(0);
  }
  dataset::Sample get(std::int64_t index) const override;
  config::Value metainfo() const override;
  /// The sample's label.
  std::vector<std::int64_t> get_cat_ids(std::int64_t index) const override;
  std::string name() const override {
    return "MNIST";
  }

 private:
  at::Tensor images_;
  at::Tensor labels_;
};

/// Registers MNIST, Digits, CIFAR10/100 and CustomDataset in DATASETS and
/// Accuracy, SingleLabelMetric and DumpResults in METRICS.
MMENGINE_API void register_zoo_data();

}  // namespace mmengine::zoo
