#include "mmengine/structures/label_data.h"

#include <ATen/ATen.h>

#include "mmengine/utils/error.h"

namespace mmengine::structures {

at::Tensor LabelData::onehot_to_label(const at::Tensor& onehot) {
  MMENGINE_CHECK(
      onehot.dim() == 1,
      "LabelData.onehot_to_label: expected a 1-D tensor, got ",
      onehot.dim(),
      " dims");
  const bool binary =
      onehot.numel() == 0 ||
      (at::logical_or(onehot == 0, onehot == 1).all().item<bool>());
  MMENGINE_CHECK(
      binary, "LabelData.onehot_to_label: the tensor must hold only 0 and 1");
  return at::nonzero(onehot).squeeze(-1);
}

at::Tensor LabelData::label_to_onehot(
    const at::Tensor& label, std::int64_t num_classes) {
  MMENGINE_CHECK(
      num_classes > 0, "LabelData.label_to_onehot: num_classes must be > 0");
  const at::Tensor flat = label.reshape({-1}).to(at::kLong);
  if (flat.numel() > 0) {
    MMENGINE_CHECK(
        flat.max().item<std::int64_t>() < num_classes &&
            flat.min().item<std::int64_t>() >= 0,
        "LabelData.label_to_onehot: labels must be in [0, ",
        num_classes,
        "), got max ",
        flat.max().item<std::int64_t>());
  }
  at::Tensor onehot =
      at::zeros({num_classes}, label.options().dtype(at::kLong));
  if (flat.numel() > 0) {
    onehot.index_fill_(0, flat.to(onehot.device()), 1);
  }
  return onehot;
}

}  // namespace mmengine::structures
