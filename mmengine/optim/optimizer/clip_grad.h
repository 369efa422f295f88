#pragma once

#include <ATen/core/Tensor.h>

#include <optional>
#include <vector>

#include "mmengine/api.h"

namespace mmengine::optim {

/// Scales the gradients of `params` so that their total `norm_type`-norm
/// (infinity allowed) is at most `max_norm`; returns the total norm before
/// clipping. Mirrors `torch.nn.utils.clip_grad_norm_` (grouping by device
/// and dtype, coefficient max_norm / (norm + 1e-6) clamped to 1); ValueError
/// with PyTorch's text when error_if_nonfinite and the norm is not finite.
MMENGINE_API at::Tensor clip_grad_norm_(
    const std::vector<at::Tensor>& params,
    double max_norm,
    double norm_type = 2.0,
    bool error_if_nonfinite = false,
    std::optional<bool> foreach = std::nullopt);

/// Clamps every gradient into [-clip_value, clip_value]. Mirrors
/// `torch.nn.utils.clip_grad_value_`.
MMENGINE_API void clip_grad_value_(
    const std::vector<at::Tensor>& params,
    double clip_value,
    std::optional<bool> foreach = std::nullopt);

}  // namespace mmengine::optim
