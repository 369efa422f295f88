#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <memory>

#include "mmengine/api.h"
#include "mmengine/model/base_module.h"
#include "mmengine/model/tensor_module.h"
#include "mmengine/registry/build_args.h"

namespace mmengine::zoo {

/// Averages the spatial dims: N x C x (dim sizes) -> N x C. Already pooled
/// N x C features (the zoo's backbones pool themselves) pass through.
/// Mirrors mmpretrain's `GlobalAveragePooling(dim=2)`; differs in accepting
/// pooled input.
class MMENGINE_API GlobalAveragePooling : public model::BaseModule,
                                          public model::TensorModule {
 public:
  /// `dim`: 1, 2 or 3 spatial dims (ValueError otherwise).
  explicit GlobalAveragePooling(int64_t dim = 2);
  /// Config keys: dim=2.
  static std::shared_ptr<GlobalAveragePooling> from_config(
      registry::BuildArgs& args);

  /// ValueError for an input that is neither N x C nor N x C x spatial.
  at::Tensor forward(const at::Tensor& x) override;

 private:
  int64_t dim_;
};

}  // namespace mmengine::zoo
