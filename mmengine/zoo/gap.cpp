#include "mmengine/zoo/gap.h"

#include <numeric>
#include <vector>

#include "mmengine/utils/error.h"
#include "mmengine/zoo/zoo_impl.h"

namespace mmengine::zoo {

GlobalAveragePooling::GlobalAveragePooling(int64_t dim) : dim_(dim) {
  MMENGINE_CHECK(
      dim >= 1 && dim <= 3,
      "GlobalAveragePooling dim only support {1, 2, 3}, get ",
      dim,
      " instead.");
}

std::shared_ptr<GlobalAveragePooling> GlobalAveragePooling::from_config(
    registry::BuildArgs& args) {
  return std::make_shared<GlobalAveragePooling>(args.take<int64_t>("dim", 2));
}

at::Tensor GlobalAveragePooling::forward(const at::Tensor& x) {
  if (x.dim() == 2) {
    return x;
  }
  MMENGINE_CHECK(
      x.dim() == dim_ + 2,
      "GlobalAveragePooling(dim=",
      dim_,
      "): expected an N x C input with ",
      dim_,
      " spatial dims (or pooled N x C), got shape ",
      detail::shape_str(x));
  std::vector<int64_t> dims(static_cast<size_t>(dim_));
  std::iota(dims.begin(), dims.end(), 2);
  return x.mean(dims);
}

}  // namespace mmengine::zoo
