#pragma once

#include <ATen/core/Tensor.h>

#include <string>
#include <vector>

#include "mmengine/dataset/base_dataset.h"

namespace mmengine::zoo {

/// An ImageNet-style classification folder: `data_prefix/<class>/<image>`
/// (classes are the sorted sub-folder names) or an annotation text file
/// of "path label" lines relative to data_prefix. Items: img_path,
/// gt_label. Mirrors `mmpretrain.datasets.CustomDataset`.
class MMENGINE_API CustomDataset : public dataset::BaseDataset {
 public:
  /// Config keys: data_root, data_prefix (str or dict(img_path=...)),
  /// ann_file, with_label (True), extensions, metainfo, pipeline,
  /// test_mode, lazy_init, indices, serialize_data, max_refetch.
  /// `args` holds BaseDataset's keys only (from_config() splits them).
  CustomDataset(
      registry::BuildArgs& args,
      bool with_label,
      std::vector<std::string> extensions);
  static std::shared_ptr<CustomDataset> from_config(registry::BuildArgs& args);
  /// [gt_label] of item `index`.
  std::vector<std::int64_t> get_cat_ids(std::int64_t index) const override;

 protected:
  std::vector<config::Value> load_data_list() override;
  std::shared_ptr<dataset::BaseDataset> clone() const override;

 private:
  bool with_label_ = true;
  std::vector<std::string> extensions_;
};

/// CIFAR-10 / CIFAR-100 from the binary distribution (no download):
/// `data_batch_1.bin`..`data_batch_5.bin` / `test_batch.bin` (CIFAR-10) or
/// `train.bin` / `test.bin` (CIFAR-100, fine labels), found in data_root
/// or its `cifar-10-batches-bin` / `cifar-100-binary` folder. Images are
/// HWC uint8 RGB under results['img'] as mmpretrain's CIFAR10 gives them.
class MMENGINE_API CIFAR10 : public dataset::BaseDataset {
 public:
  /// Config keys: data_root, split ('train'/'test'), test_mode, metainfo,
  /// pipeline, lazy_init, indices, serialize_data, max_refetch, download
  /// (False only), data_prefix (ignored, as mmpretrain).
  /// `args` holds BaseDataset's keys only (from_config() splits them).
  CIFAR10(registry::BuildArgs& args, std::string split, bool cifar100);
  static std::shared_ptr<CIFAR10> from_config(
      registry::BuildArgs& args, bool cifar100);
  std::vector<std::int64_t> get_cat_ids(std::int64_t index) const override;
  std::optional<dataset::Results> prepare_data(
      std::int64_t index) const override;
  /// All images, N x 32 x 32 x 3 uint8 (RGB).
  const at::Tensor& images() const noexcept {
    return images_;
  }

 protected:
  config::Value class_metainfo() const override;
  std::vector<config::Value> load_data_list() override;
  std::shared_ptr<dataset::BaseDataset> clone() const override;

 private:
  std::string root_;
  std::string split_;
  bool cifar100_ = false;
  at::Tensor images_;
};

/// Registers CustomDataset, CIFAR10, CIFAR100 and BaseDataset's zoo
/// siblings in DATASETS.
MMENGINE_API void register_image_datasets();

}  // namespace mmengine::zoo
