#pragma once

// Private helpers of the zoo's models; not installed.

#include <ATen/core/Tensor.h>
#include <ATen/ops/cat.h>

#include <string>
#include <vector>

#include "mmengine/structures/tree.h"

namespace mmengine::zoo::detail {

/// "[2, 3, 32, 32]" for error messages.
inline std::string shape_str(const at::Tensor& x) {
  std::string out = "[";
  for (int64_t i = 0; i < x.dim(); ++i) {
    out += (i > 0 ? ", " : "") + std::to_string(x.size(i));
  }
  return out + "]";
}

/// The `key` tensors of a metric's processed results, flattened and
/// concatenated (the labels of classification metrics).
inline at::Tensor cat_flat(
    const std::vector<structures::Tree>& results, const char* key) {
  std::vector<at::Tensor> parts;
  parts.reserve(results.size());
  for (const structures::Tree& r : results) {
    parts.push_back(r[key].tensor().reshape({-1}));
  }
  return at::cat(parts);
}

}  // namespace mmengine::zoo::detail
