#include "mmengine/structures/pixel_data.h"

#include <ATen/ATen.h>

#include "mmengine/utils/error.h"

namespace mmengine::structures {

std::optional<std::pair<std::int64_t, std::int64_t>> PixelData::shape() const {
  if (items().empty()) {
    return std::nullopt;
  }
  const auto& t = items().front().second.tensor();
  return std::make_pair(t.size(-2), t.size(-1));
}

void PixelData::check_data_field(const std::string& name, Field& value) const {
  MMENGINE_CHECK_TYPE(
      value.is_tensor(),
      "PixelData: '",
      name,
      "' must be a Tensor, got ",
      value.kind());
  at::Tensor t = value.tensor();
  MMENGINE_CHECK(
      t.dim() == 2 || t.dim() == 3,
      "PixelData: the dim of value of '",
      name,
      "' must be 2 or 3, but got ",
      t.dim());
  if (t.dim() == 2) {
    t = t.unsqueeze(0);
    value = Field(t);
  }
  const auto hw = shape();
  MMENGINE_CHECK(
      !hw || (t.size(-2) == hw->first && t.size(-1) == hw->second),
      "PixelData: The height and width of values of '",
      name,
      "' (",
      t.size(-2),
      ", ",
      t.size(-1),
      ") are not consistent with the shape of this PixelData (",
      hw ? hw->first : 0,
      ", ",
      hw ? hw->second : 0,
      ")");
}

namespace {

std::pair<std::int64_t, std::int64_t> bounds(const Slice& s, std::int64_t n) {
  MMENGINE_CHECK(s.step == 1, "PixelData only supports slices with step 1");
  auto fix = [n](std::int64_t i) {
    return std::clamp(i < 0 ? i + n : i, std::int64_t{0}, n);
  };
  const auto start = s.start ? fix(*s.start) : 0;
  const auto stop = s.stop ? fix(*s.stop) : n;
  return {start, std::max(start, stop)};
}

}  // namespace

std::shared_ptr<PixelData> PixelData::crop(
    const Slice& rows, const Slice& cols) const {
  auto out = std::make_shared<PixelData>();
  for (const auto& [k, v] : metainfo_items()) {
    out->set_field(k, v, "metainfo");
  }
  for (const auto& [k, v] : items()) {
    const auto& t = v.tensor();
    const auto [r0, r1] = bounds(rows, t.size(-2));
    const auto [c0, c1] = bounds(cols, t.size(-1));
    out->mutable_data().emplace_back(
        k, Field(t.slice(-2, r0, r1).slice(-1, c0, c1)));
  }
  return out;
}

std::shared_ptr<PixelData> PixelData::at(
    std::int64_t row, std::int64_t col) const {
  const auto hw = shape();
  MMENGINE_CHECK(hw.has_value(), "PixelData is empty");
  MMENGINE_CHECK_T(
      IndexError,
      row < hw->first && row >= -hw->first && col < hw->second &&
          col >= -hw->second,
      "PixelData: index (",
      row,
      ", ",
      col,
      ") out of range for shape (",
      hw->first,
      ", ",
      hw->second,
      ")");
  const auto r = row < 0 ? row + hw->first : row;
  const auto c = col < 0 ? col + hw->second : col;
  return crop(Slice{r, r + 1, 1}, Slice{c, c + 1, 1});
}

}  // namespace mmengine::structures
