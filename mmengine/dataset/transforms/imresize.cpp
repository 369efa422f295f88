#include <ATen/ATen.h>

#include <cmath>
#include <vector>

#include "mmengine/dataset/transforms/processing.h"
#include "mmengine/utils/error.h"

namespace mmengine::dataset {

namespace {

// OpenCV's per-axis source index and weight for INTER_LINEAR.
struct Axis {
  std::vector<std::int64_t> ofs;
  std::vector<float> alpha;  // weight of ofs + 1
};

Axis linear_axis(std::int64_t src, std::int64_t dst) {
  Axis a;
  a.ofs.resize(dst);
  a.alpha.resize(dst);
  const double scale = 1.0 / (static_cast<double>(dst) / src);
  for (std::int64_t d = 0; d < dst; ++d) {
    float f = static_cast<float>((d + 0.5) * scale - 0.5);
    auto s = static_cast<std::int64_t>(std::floor(f));
    f -= static_cast<float>(s);
    if (s < 0) {
      f = 0;
      s = 0;
    }
    if (s >= src - 1) {
      f = 0;
      s = src - 1;
    }
    a.ofs[d] = s;
    a.alpha[d] = f;
  }
  return a;
}

// Weights as OpenCV's saturate_cast<short>(w * 2048) (round half even).
std::pair<int, int> fixed_weights(float f) {
  const int w0 = static_cast<int>(std::nearbyint((1.0f - f) * 2048.0f));
  const int w1 = static_cast<int>(std::nearbyint(f * 2048.0f));
  return {w0, w1};
}

void hresize_u8(
    const std::uint8_t* src,
    std::int64_t cn,
    std::int64_t src_w,
    const Axis& ax,
    const std::vector<std::pair<int, int>>& w,
    int* out) {
  const std::int64_t dw = static_cast<std::int64_t>(ax.ofs.size());
  for (std::int64_t x = 0; x < dw; ++x) {
    const std::uint8_t* p = src + ax.ofs[x] * cn;
    const bool last = ax.ofs[x] + 1 >= src_w;
    for (std::int64_t c = 0; c < cn; ++c) {
      out[x * cn + c] =
          last ? p[c] * 2048 : p[c] * w[x].first + p[c + cn] * w[x].second;
    }
  }
}

at::Tensor resize_u8(const at::Tensor& img, std::int64_t dw, std::int64_t dh) {
  const std::int64_t h = img.size(0);
  const std::int64_t w = img.size(1);
  const std::int64_t cn = img.size(2);
  const Axis ax = linear_axis(w, dw);
  const Axis ay = linear_axis(h, dh);
  std::vector<std::pair<int, int>> wx(dw);
  for (std::int64_t x = 0; x < dw; ++x) {
    wx[x] = fixed_weights(ax.alpha[x]);
  }
  at::Tensor out = at::empty({dh, dw, cn}, at::kByte);
  const std::uint8_t* src = img.data_ptr<std::uint8_t>();
  std::uint8_t* dst = out.data_ptr<std::uint8_t>();
  const std::int64_t row = dw * cn;
  std::vector<int> rows(2 * row);
  std::int64_t cached[2] = {-1, -1};
  for (std::int64_t y = 0; y < dh; ++y) {
    const std::int64_t sy[2] = {ay.ofs[y], std::min(ay.ofs[y] + 1, h - 1)};
    int* r[2];
    for (int k = 0; k < 2; ++k) {
      const int slot = static_cast<int>(sy[k] & 1);
      r[k] = rows.data() + slot * row;
      if (cached[slot] != sy[k]) {
        hresize_u8(src + sy[k] * w * cn, cn, w, ax, wx, r[k]);
        cached[slot] = sy[k];
      }
    }
    auto [b0, b1] = fixed_weights(ay.alpha[y]);
    std::uint8_t* d = dst + y * row;
    // OpenCV's vectorised VResizeLinear rounding: hi16 products, then >> 2.
    for (std::int64_t i = 0; i < row; ++i) {
      const int v =
          (((b0 * (r[0][i] >> 4)) >> 16) + ((b1 * (r[1][i] >> 4)) >> 16) + 2) >>
          2;
      d[i] = static_cast<std::uint8_t>(std::clamp(v, 0, 255));
    }
  }
  return out;
}

at::Tensor resize_f32(const at::Tensor& img, std::int64_t dw, std::int64_t dh) {
  const std::int64_t h = img.size(0);
  const std::int64_t w = img.size(1);
  const std::int64_t cn = img.size(2);
  const Axis ax = linear_axis(w, dw);
  const Axis ay = linear_axis(h, dh);
  at::Tensor out = at::empty({dh, dw, cn}, at::kFloat);
  const float* src = img.data_ptr<float>();
  float* dst = out.data_ptr<float>();
  std::vector<float> r0(dw * cn);
  std::vector<float> r1(dw * cn);
  auto hrow = [&](std::int64_t sy, std::vector<float>& o) {
    const float* s = src + sy * w * cn;
    for (std::int64_t x = 0; x < dw; ++x) {
      const float a = ax.alpha[x];
      const std::int64_t sx = ax.ofs[x];
      const std::int64_t sx1 = std::min(sx + 1, w - 1);
      for (std::int64_t c = 0; c < cn; ++c) {
        o[x * cn + c] = s[sx * cn + c] * (1.0f - a) + s[sx1 * cn + c] * a;
      }
    }
  };
  for (std::int64_t y = 0; y < dh; ++y) {
    hrow(ay.ofs[y], r0);
    hrow(std::min(ay.ofs[y] + 1, h - 1), r1);
    const float b = ay.alpha[y];
    float* d = dst + y * dw * cn;
    for (std::int64_t i = 0; i < dw * cn; ++i) {
      d[i] = r0[i] * (1.0f - b) + r1[i] * b;
    }
  }
  return out;
}

}  // namespace

at::Tensor imresize(
    const at::Tensor& img, std::int64_t width, std::int64_t height) {
  MMENGINE_CHECK(
      img.dim() == 3 && img.size(0) > 0 && img.size(1) > 0,
      "imresize: expected a non-empty HWC image, got shape ",
      fmt::format("[{}]", fmt::join(img.sizes(), ", ")));
  MMENGINE_CHECK(
      width > 0 && height > 0,
      "imresize: target size should be positive, got (",
      width,
      ", ",
      height,
      ")");
  if (width == img.size(1) && height == img.size(0)) {
    return img.clone();
  }
  at::Tensor src = img.contiguous();
  if (src.scalar_type() == at::kByte) {
    return resize_u8(src, width, height);
  }
  MMENGINE_CHECK_TYPE(
      src.scalar_type() == at::kFloat,
      "imresize: expected a uint8 or float32 image, got ",
      c10::toString(src.scalar_type()));
  return resize_f32(src, width, height);
}

}  // namespace mmengine::dataset
