#pragma once

#include <ATen/core/Tensor.h>

#include <vector>

#include "mmengine/api.h"

namespace mmengine::model {

/// Stacks same-rank tensors into a batch, padding each at the end of every
/// dim but the first (channels) to the batch maximum rounded up to a
/// multiple of `pad_size_divisor`, with `pad_value`. ValueError for an
/// empty list or mixed ranks. Mirrors `mmengine.model.stack_batch`.
MMENGINE_API at::Tensor stack_batch(
    const std::vector<at::Tensor>& tensor_list,
    int64_t pad_size_divisor = 1,
    double pad_value = 0);

}  // namespace mmengine::model
