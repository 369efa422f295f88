#include "mmengine/dataset/transforms/processing.h"

#include <ATen/ATen.h>

#include <cmath>

#include "mmengine/utils/error.h"

namespace mmengine::dataset {

using config::Value;

namespace {

using Pair = std::pair<std::int64_t, std::int64_t>;

// An int n -> (n, n); a sequence of two ints -> (a, b).
Pair int_pair(const Value& v, const std::string& where) {
  if (v.is_int()) {
    return {v.as<std::int64_t>(), v.as<std::int64_t>()};
  }
  MMENGINE_CHECK_TYPE(
      v.is_sequence() && v.size() == 2,
      where,
      ": expected an int or a pair of ints, got ",
      v.repr());
  return {
      v.elements()[0].as<std::int64_t>(), v.elements()[1].as<std::int64_t>()};
}

std::pair<double, double> float_pair(const Value& v, const std::string& where) {
  if (v.is_number()) {
    return {v.as<double>(), v.as<double>()};
  }
  MMENGINE_CHECK_TYPE(
      v.is_sequence() && v.size() == 2,
      where,
      ": expected a number or a pair of numbers, got ",
      v.repr());
  return {v.elements()[0].as<double>(), v.elements()[1].as<double>()};
}

Value shape_of(const at::Tensor& img) {
  return Value::tuple({img.size(0), img.size(1)});
}

void check_bilinear(registry::BuildArgs& args) {
  const auto interp = args.take<std::string>("interpolation", "bilinear");
  MMENGINE_CHECK(
      interp == "bilinear",
      args.where(),
      ": only interpolation='bilinear' is supported, got '",
      interp,
      "'");
}

// numpy's randint(lo, hi): an integer in [lo, hi).
std::int64_t rand_int(std::int64_t lo, std::int64_t hi) {
  return std::uniform_int_distribution<std::int64_t>(
      lo, hi - 1)(transform_rng());
}

double rand_uniform(double lo, double hi) {
  return lo + (hi - lo) * transform_uniform();
}

// Python's round() for the non-negative values used here (half to even).
std::int64_t py_round(double v) {
  return static_cast<std::int64_t>(std::nearbyint(v));
}

at::Tensor crop(
    const at::Tensor& img,
    std::int64_t y,
    std::int64_t x,
    std::int64_t h,
    std::int64_t w) {
  return img.slice(0, y, y + h).slice(1, x, x + w).contiguous();
}

}  // namespace

Resize::Resize(registry::BuildArgs& args) {
  const Value scale = args.take_value("scale", Value());
  const Value factor = args.take_value("scale_factor", Value());
  keep_ratio_ = args.take<bool>("keep_ratio", false);
  (void)args.take<bool>("clip_object_border", true);
  check_bilinear(args);
  (void)args.take<std::string>("backend", "cv2");
  MMENGINE_CHECK(
      scale.is_none() != factor.is_none(),
      args.where(),
      ": `scale` and`scale_factor` can not both be `None` or both be set");
  if (!scale.is_none()) {
    scale_ = int_pair(scale, args.where() + ".scale");
  } else {
    scale_factor_ = float_pair(factor, args.where() + ".scale_factor");
  }
}

Resize::Resize(
    std::optional<Pair> scale,
    std::optional<std::pair<double, double>> scale_factor,
    bool keep_ratio)
    : scale_(scale), scale_factor_(scale_factor), keep_ratio_(keep_ratio) {}

Results Resize::resize(Results results, Pair scale) const {
  at::Tensor& img = results.img("Resize");
  const std::int64_t h = img.size(0);
  const std::int64_t w = img.size(1);
  std::int64_t nw = scale.first;
  std::int64_t nh = scale.second;
  if (keep_ratio_) {  // mmcv.rescale_size: fit the long and short edges
    const double long_edge = std::max(scale.first, scale.second);
    const double short_edge = std::min(scale.first, scale.second);
    const double f = std::min(
        long_edge / static_cast<double>(std::max(h, w)),
        short_edge / static_cast<double>(std::min(h, w)));
    nw = static_cast<std::int64_t>(static_cast<double>(w) * f + 0.5);
    nh = static_cast<std::int64_t>(static_cast<double>(h) * f + 0.5);
  }
  img = imresize(img, nw, nh);
  results.values["img_shape"] = shape_of(img);
  results.values["scale"] = Value::tuple({nw, nh});
  results.values["scale_factor"] = Value::tuple(
      {static_cast<double>(nw) / static_cast<double>(w),
       static_cast<double>(nh) / static_cast<double>(h)});
  results.values["keep_ratio"] = keep_ratio_;
  return results;
}

std::optional<Results> Resize::transform(Results results) const {
  if (scale_) {
    return resize(std::move(results), *scale_);
  }
  const at::Tensor& img = results.img("Resize");
  const auto w = static_cast<double>(img.size(1));
  const auto h = static_cast<double>(img.size(0));
  const Pair scale{
      static_cast<std::int64_t>(w * scale_factor_->first + 0.5),
      static_cast<std::int64_t>(h * scale_factor_->second + 0.5)};
  return resize(std::move(results), scale);
}

RandomResize::RandomResize(registry::BuildArgs& args) {
  const Value scale = args.take_value("scale");
  const Value ratio = args.take_value("ratio_range", Value());
  const auto type = args.take<std::string>("resize_type", "Resize");
  MMENGINE_CHECK(
      type == "Resize",
      args.where(),
      ": only resize_type='Resize' is supported, got '",
      type,
      "'");
  const bool keep_ratio = args.take<bool>("keep_ratio", false);
  check_bilinear(args);
  if (!ratio.is_none()) {
    ratio_range_ = float_pair(ratio, args.where() + ".ratio_range");
    scales_.push_back(int_pair(scale, args.where() + ".scale"));
  } else {
    MMENGINE_CHECK_TYPE(
        scale.is_sequence() && scale.size() == 2 &&
            scale.elements()[0].is_sequence(),
        args.where(),
        ": without ratio_range, scale should be two (w, h) scales, got ",
        scale.repr());
    for (const Value& s : scale.elements()) {
      scales_.push_back(int_pair(s, args.where() + ".scale"));
    }
  }
  resize_ = std::make_shared<Resize>(scales_[0], std::nullopt, keep_ratio);
}

std::optional<Results> RandomResize::transform(Results results) const {
  Pair scale;
  if (ratio_range_) {
    const double r = rand_uniform(ratio_range_->first, ratio_range_->second);
    scale = {
        static_cast<std::int64_t>(static_cast<double>(scales_[0].first) * r),
        static_cast<std::int64_t>(static_cast<double>(scales_[0].second) * r)};
  } else {
    const auto [a0, a1] = scales_[0];
    const auto [b0, b1] = scales_[1];
    const std::int64_t e0 = rand_int(std::min(a0, b0), std::max(a0, b0) + 1);
    const std::int64_t e1 = rand_int(std::min(a1, b1), std::max(a1, b1) + 1);
    scale = {e0, e1};
  }
  results = resize_->resize(std::move(results), scale);
  results.values["scale"] = Value::tuple({scale.first, scale.second});
  return results;
}

CenterCrop::CenterCrop(registry::BuildArgs& args) {
  const Pair size = int_pair(args.take_value("crop_size"), args.where());
  crop_w_ = size.first;
  crop_h_ = size.second;
  MMENGINE_CHECK(
      crop_w_ > 0 && crop_h_ > 0,
      args.where(),
      ": crop_size should be positive, got (",
      crop_w_,
      ", ",
      crop_h_,
      ")");
  MMENGINE_CHECK(
      !args.take<bool>("auto_pad", false),
      args.where(),
      ": auto_pad=True is not supported");
  (void)args.take<bool>("clip_object_border", true);
}

std::optional<Results> CenterCrop::transform(Results results) const {
  at::Tensor& img = results.img("CenterCrop");
  const std::int64_t h = img.size(0);
  const std::int64_t w = img.size(1);
  const auto x1 = std::max<std::int64_t>(
      0, static_cast<std::int64_t>(std::ceil((w - crop_w_) / 2.0)));
  const auto y1 = std::max<std::int64_t>(
      0, static_cast<std::int64_t>(std::ceil((h - crop_h_) / 2.0)));
  const std::int64_t x2 = std::min(w, x1 + crop_w_);
  const std::int64_t y2 = std::min(h, y1 + crop_h_);
  img = crop(img, y1, x1, y2 - y1, x2 - x1);
  results.values["img_shape"] = shape_of(img);
  return results;
}

RandomCrop::RandomCrop(registry::BuildArgs& args) {
  const Pair size = int_pair(args.take_value("crop_size"), args.where());
  crop_h_ = size.first;
  crop_w_ = size.second;
  MMENGINE_CHECK(
      crop_h_ > 0 && crop_w_ > 0,
      args.where(),
      ": crop_size should be positive");
  const Value padding = args.take_value("padding", Value());
  if (padding.is_int()) {
    const auto p = padding.as<std::int64_t>();
    padding_ = std::array<std::int64_t, 4>{p, p, p, p};
  } else if (padding.is_sequence() && padding.size() == 2) {
    const auto lr = padding.elements()[0].as<std::int64_t>();
    const auto tb = padding.elements()[1].as<std::int64_t>();
    padding_ = std::array<std::int64_t, 4>{lr, tb, lr, tb};
  } else if (padding.is_sequence() && padding.size() == 4) {
    std::array<std::int64_t, 4> p{};
    for (std::size_t i = 0; i < 4; ++i) {
      p[i] = padding.elements()[i].as<std::int64_t>();
    }
    padding_ = p;
  } else {
    MMENGINE_CHECK_TYPE(
        padding.is_none(),
        args.where(),
        ".padding: expected an int or 2 or 4 ints, got ",
        padding.repr());
  }
  pad_if_needed_ = args.take<bool>("pad_if_needed", false);
  pad_val_ = args.take<double>("pad_val", 0.0);
  const auto mode = args.take<std::string>("padding_mode", "constant");
  MMENGINE_CHECK(
      mode == "constant",
      args.where(),
      ": only padding_mode='constant' is supported, got '",
      mode,
      "'");
}

namespace {

// Pads an HWC image by (left, top, right, bottom) with a constant.
at::Tensor impad(
    const at::Tensor& img, const std::array<std::int64_t, 4>& p, double val) {
  at::Tensor out = at::full(
      {img.size(0) + p[1] + p[3], img.size(1) + p[0] + p[2], img.size(2)},
      val,
      img.options());
  out.slice(0, p[1], p[1] + img.size(0))
      .slice(1, p[0], p[0] + img.size(1))
      .copy_(img);
  return out;
}

}  // namespace

std::optional<Results> RandomCrop::transform(Results results) const {
  at::Tensor& img = results.img("RandomCrop");
  if (padding_) {
    img = impad(img, *padding_, pad_val_);
  }
  if (pad_if_needed_) {
    const std::int64_t hp =
        (std::max<std::int64_t>(0, crop_h_ - img.size(0)) + 1) / 2;
    const std::int64_t wp =
        (std::max<std::int64_t>(0, crop_w_ - img.size(1)) + 1) / 2;
    if (hp > 0 || wp > 0) {
      img = impad(img, {wp, hp, wp, hp}, pad_val_);
    }
  }
  const std::int64_t h = img.size(0);
  const std::int64_t w = img.size(1);
  std::int64_t th = crop_h_;
  std::int64_t tw = crop_w_;
  std::int64_t oy = 0;
  std::int64_t ox = 0;
  if (!(w == tw && h == th)) {
    th = std::min(h, th);
    tw = std::min(w, tw);
    oy = rand_int(0, h - th + 1);
    ox = rand_int(0, w - tw + 1);
  }
  img = crop(img, oy, ox, th, tw);
  results.values["img_shape"] = shape_of(img);
  return results;
}

RandomResizedCrop::RandomResizedCrop(registry::BuildArgs& args) {
  const Pair scale = int_pair(args.take_value("scale"), args.where());
  scale_h_ = scale.first;
  scale_w_ = scale.second;
  MMENGINE_CHECK(
      scale_h_ > 0 && scale_w_ > 0, args.where(), ": scale should be positive");
  crop_ratio_range_ = float_pair(
      args.take_value("crop_ratio_range", Value::tuple({0.08, 1.0})),
      args.where() + ".crop_ratio_range");
  aspect_ratio_range_ = float_pair(
      args.take_value(
          "aspect_ratio_range", Value::tuple({3.0 / 4.0, 4.0 / 3.0})),
      args.where() + ".aspect_ratio_range");
  MMENGINE_CHECK(
      crop_ratio_range_.first <= crop_ratio_range_.second &&
          aspect_ratio_range_.first <= aspect_ratio_range_.second,
      args.where(),
      ": range (min, max) expected, got crop_ratio_range ",
      args.cfg().get<Value>("crop_ratio_range", Value()).repr(),
      " and aspect_ratio_range ",
      args.cfg().get<Value>("aspect_ratio_range", Value()).repr());
  max_attempts_ = args.take<int>("max_attempts", 10);
  MMENGINE_CHECK(
      max_attempts_ >= 0, args.where(), ": max_attempts should be >= 0");
  check_bilinear(args);
  (void)args.take<std::string>("backend", "cv2");
}

std::array<std::int64_t, 4> RandomResizedCrop::crop_params(
    std::int64_t h, std::int64_t w) const {
  const double area = static_cast<double>(h * w);
  const double lo = std::log(aspect_ratio_range_.first);
  const double hi = std::log(aspect_ratio_range_.second);
  for (int i = 0; i < max_attempts_; ++i) {
    const double target_area =
        rand_uniform(crop_ratio_range_.first, crop_ratio_range_.second) * area;
    const double ratio = std::exp(rand_uniform(lo, hi));
    const std::int64_t tw = py_round(std::sqrt(target_area * ratio));
    const std::int64_t th = py_round(std::sqrt(target_area / ratio));
    if (tw > 0 && tw <= w && th > 0 && th <= h) {
      const std::int64_t oy = rand_int(0, h - th + 1);
      const std::int64_t ox = rand_int(0, w - tw + 1);
      return {oy, ox, th, tw};
    }
  }
  const double in_ratio = static_cast<double>(w) / static_cast<double>(h);
  std::int64_t tw = w;
  std::int64_t th = h;
  if (in_ratio < aspect_ratio_range_.first) {
    th = py_round(static_cast<double>(tw) / aspect_ratio_range_.first);
  } else if (in_ratio > aspect_ratio_range_.second) {
    tw = py_round(static_cast<double>(th) * aspect_ratio_range_.second);
  }
  return {(h - th) / 2, (w - tw) / 2, th, tw};
}

std::optional<Results> RandomResizedCrop::transform(Results results) const {
  at::Tensor& img = results.img("RandomResizedCrop");
  const auto [oy, ox, th, tw] = crop_params(img.size(0), img.size(1));
  img = imresize(crop(img, oy, ox, th, tw), scale_w_, scale_h_);
  results.values["img_shape"] = shape_of(img);
  return results;
}

}  // namespace mmengine::dataset
