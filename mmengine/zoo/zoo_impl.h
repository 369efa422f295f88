#pragma once

// Private helpers of the zoo's models; not installed.

#include <ATen/core/Tensor.h>

#include <string>

namespace mmengine::zoo::detail {

/// "[2, 3, 32, 32]" for error messages.
inline std::string shape_str(const at::Tensor& x) {
  std::string out = "[";
  for (int64_t i = 0; i < x.dim(); ++i) {
    out += (i > 0 ? ", " : "") + std::to_string(x.size(i));
  }
  return out + "]";
}

}  // namespace mmengine::zoo::detail
