#pragma once

#include <string>
#include <vector>

#include "mmengine/dataset/dataset.h"
#include "mmengine/dataset/transforms/base_transform.h"

namespace mmengine::dataset {

/// Reads `img_path` into `img` (HWC uint8, BGR; float32 with to_float32)
/// and sets img_shape and ori_shape (h, w). Mirrors
/// `mmcv.transforms.LoadImageFromFile` with the cv2 backend; differs in
/// reading local files only (backend_args must be None).
class MMENGINE_API LoadImageFromFile : public BaseTransform {
 public:
  /// Config keys: to_float32 (False), color_type ('color'), imdecode_backend
  /// ('cv2'), ignore_empty (False: errors propagate; True: drop the sample),
  /// backend_args (None).
  explicit LoadImageFromFile(registry::BuildArgs& args);
  std::optional<Results> transform(Results results) const override;

 private:
  bool to_float32_ = false;
  std::string color_type_ = "color";
  bool ignore_empty_ = false;
};

/// (img - mean) / std in float32, after BGR -> RGB when `to_rgb`; sets
/// img_norm_cfg. Mirrors `mmcv.transforms.Normalize`.
class MMENGINE_API Normalize : public BaseTransform {
 public:
  /// Config keys: mean, std (one value per channel), to_rgb (True).
  explicit Normalize(registry::BuildArgs& args);
  std::optional<Results> transform(Results results) const override;

 private:
  std::vector<double> mean_;
  std::vector<double> std_;
  bool to_rgb_ = true;
};

/// Packs `img` (HWC) into `inputs` (CHW, same dtype) and a data sample
/// holding `gt_label` (int64, shape (n,)) and the meta keys present.
/// Mirrors `mmpretrain.datasets.transforms.PackInputs`.
class MMENGINE_API PackInputs : public BaseTransform {
 public:
  /// Config keys: input_key ('img'), algorithm_keys (()), meta_keys
  /// (sample_idx, img_path, ori_shape, img_shape, scale_factor, flip,
  /// flip_direction).
  explicit PackInputs(registry::BuildArgs& args);
  std::optional<Results> transform(Results results) const override;

 private:
  std::string input_key_ = "img";
  std::vector<std::string> algorithm_keys_;
  std::vector<std::string> meta_keys_;
};

/// Packs results into the Sample a data set returns: `inputs` from
/// PackInputs' tensor and its data sample. ValueError when the pipeline
/// did not end with a packing transform.
MMENGINE_API Sample to_sample(Results results, const std::string& where);

}  // namespace mmengine::dataset
