#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "mmengine/dataset/transforms/base_transform.h"

namespace mmengine::dataset {

/// Bilinear resize of an HWC image (uint8 or float32) to `width` x
/// `height` with `cv2.resize(..., INTER_LINEAR)`'s pixel mapping; uint8
/// uses OpenCV's 11-bit fixed-point weights (results within 1 of cv2).
MMENGINE_API at::Tensor imresize(
    const at::Tensor& img, std::int64_t width, std::int64_t height);

/// Resizes `img` to `scale` (w, h) or by `scale_factor`; with `keep_ratio`
/// the image is scaled to fit inside `scale` (long/short edge as
/// `mmcv.imrescale`). Sets img_shape, scale, scale_factor (w, h),
/// keep_ratio. Mirrors `mmcv.transforms.Resize` for images only.
class MMENGINE_API Resize : public BaseTransform {
 public:
  /// Config keys: scale (int or (w, h)), scale_factor (float or (w, h)),
  /// keep_ratio (False), interpolation ('bilinear' only), clip_object_border.
  explicit Resize(registry::BuildArgs& args);
  Resize(
      std::optional<std::pair<std::int64_t, std::int64_t>> scale,
      std::optional<std::pair<double, double>> scale_factor,
      bool keep_ratio);
  std::optional<Results> transform(Results results) const override;
  /// Resizes with an explicit target scale (used by RandomResize).
  Results resize(
      Results results, std::pair<std::int64_t, std::int64_t> scale) const;

 private:
  std::optional<std::pair<std::int64_t, std::int64_t>> scale_;
  std::optional<std::pair<double, double>> scale_factor_;
  bool keep_ratio_ = false;
};

/// Resize to a random scale: a (w, h) times a ratio from `ratio_range`, or
/// each edge drawn between two scales. Mirrors `mmcv.transforms.RandomResize`.
class MMENGINE_API RandomResize : public BaseTransform {
 public:
  /// Config keys: scale, ratio_range, resize_type ('Resize'), keep_ratio.
  explicit RandomResize(registry::BuildArgs& args);
  std::optional<Results> transform(Results results) const override;

 private:
  std::vector<std::pair<std::int64_t, std::int64_t>> scales_;
  std::optional<std::pair<double, double>> ratio_range_;
  std::shared_ptr<Resize> resize_;
};

/// Crops the centre `crop_size` (w, h). Mirrors `mmcv.transforms.CenterCrop`
/// (auto_pad=False).
class MMENGINE_API CenterCrop : public BaseTransform {
 public:
  /// Config keys: crop_size (int or (w, h)), auto_pad (False only),
  /// clip_object_border.
  explicit CenterCrop(registry::BuildArgs& args);
  std::optional<Results> transform(Results results) const override;

 private:
  std::int64_t crop_w_ = 0;
  std::int64_t crop_h_ = 0;
};

/// A random crop of `crop_size` (h, w) after optional padding. Mirrors
/// `mmpretrain.datasets.transforms.RandomCrop`.
class MMENGINE_API RandomCrop : public BaseTransform {
 public:
  /// Config keys: crop_size, padding (int, 2 or 4 ints: left, top, right,
  /// bottom), pad_if_needed (False), pad_val (0), padding_mode ('constant').
  explicit RandomCrop(registry::BuildArgs& args);
  std::optional<Results> transform(Results results) const override;

 private:
  std::int64_t crop_h_ = 0;
  std::int64_t crop_w_ = 0;
  std::optional<std::array<std::int64_t, 4>> padding_;
  bool pad_if_needed_ = false;
  double pad_val_ = 0;
};

/// A crop of random area and aspect ratio resized to `scale` (h, w).
/// Mirrors `mmpretrain.datasets.transforms.RandomResizedCrop` (same
/// attempts and central-crop fallback; numbers from transform_rng()).
class MMENGINE_API RandomResizedCrop : public BaseTransform {
 public:
  /// Config keys: scale, crop_ratio_range ((0.08, 1.0)),
  /// aspect_ratio_range ((3/4, 4/3)), max_attempts (10), interpolation
  /// ('bilinear' only), backend ('cv2').
  explicit RandomResizedCrop(registry::BuildArgs& args);
  std::optional<Results> transform(Results results) const override;
  /// (offset_h, offset_w, target_h, target_w) for an h x w image.
  std::array<std::int64_t, 4> crop_params(std::int64_t h, std::int64_t w) const;

 private:
  std::int64_t scale_h_ = 0;
  std::int64_t scale_w_ = 0;
  std::pair<double, double> crop_ratio_range_{0.08, 1.0};
  std::pair<double, double> aspect_ratio_range_{3.0 / 4.0, 4.0 / 3.0};
  int max_attempts_ = 10;
};

/// Flips with probability `prob` in `direction` ('horizontal', 'vertical',
/// 'diagonal'); sets flip and flip_direction. Mirrors
/// `mmcv.transforms.RandomFlip` (single prob or one per direction).
class MMENGINE_API RandomFlip : public BaseTransform {
 public:
  /// Config keys: prob (float or list), direction (str or list).
  explicit RandomFlip(registry::BuildArgs& args);
  std::optional<Results> transform(Results results) const override;

 private:
  std::vector<double> probs_;
  std::vector<std::string> directions_;
};

/// Flips an HWC image: "horizontal", "vertical" or "diagonal".
MMENGINE_API at::Tensor imflip(
    const at::Tensor& img, const std::string& direction);

}  // namespace mmengine::dataset
