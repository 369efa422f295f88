#include "mmengine/model/utils.h"

#include <ATen/ops/constant_pad_nd.h>
#include <ATen/ops/stack.h>
#include <fmt/format.h>

#include <algorithm>

#include "mmengine/utils/error.h"

namespace mmengine::model {

namespace {

int64_t round_up(int64_t size, int64_t divisor) {
  return (size + divisor - 1) / divisor * divisor;
}

}  // namespace

at::Tensor stack_batch(
    const std::vector<at::Tensor>& tensor_list,
    int64_t pad_size_divisor,
    double pad_value) {
  MMENGINE_CHECK(
      !tensor_list.empty(), "`tensor_list` could not be an empty list");
  MMENGINE_CHECK(
      pad_size_divisor > 0,
      "pad_size_divisor must be positive, but got ",
      pad_size_divisor);
  std::vector<int64_t> dims;
  for (const auto& t : tensor_list) {
    dims.push_back(t.dim());
  }
  const int64_t dim = dims.front();
  MMENGINE_CHECK(
      std::all_of(
          dims.begin(), dims.end(), [&](int64_t d) { return d == dim; }),
      fmt::format(
          "Expected the dimensions of all tensors must be the same, but got "
          "[{}]",
          fmt::join(dims, ", ")));
  std::vector<int64_t> max_sizes(dim, 0);
  for (const auto& t : tensor_list) {
    for (int64_t d = 0; d < dim; ++d) {
      max_sizes[d] = std::max(max_sizes[d], t.size(d));
    }
  }
  std::vector<at::Tensor> padded;
  bool any_pad = false;
  for (const auto& t : tensor_list) {
    // F.pad order: last dim first, (left, right) pairs; pad right only. The
    // first dim (channels) is never padded.
    std::vector<int64_t> pad(2 * dim, 0);
    for (int64_t d = 1; d < dim; ++d) {
      pad[2 * (dim - 1 - d) + 1] =
          round_up(max_sizes[d], pad_size_divisor) - t.size(d);
      any_pad = any_pad || pad[2 * (dim - 1 - d) + 1] != 0;
    }
    padded.push_back(at::constant_pad_nd(t, pad, pad_value));
  }
  return any_pad ? at::stack(padded) : at::stack(tensor_list);
}

}  // namespace mmengine::model
