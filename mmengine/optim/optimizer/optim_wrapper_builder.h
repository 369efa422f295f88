#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "mmengine/api.h"
#include "mmengine/config/value.h"
#include "mmengine/optim/optimizer/optim_wrapper.h"

namespace torch::nn {
class Module;
}  // namespace torch::nn

namespace mmengine::optim {

class OptimWrapperDict;

/// Registers OptimWrapper and AmpOptimWrapper in OPTIM_WRAPPERS and
/// DefaultOptimWrapperConstructor in OPTIM_WRAPPER_CONSTRUCTORS
/// (idempotent).
MMENGINE_API void register_optim_wrappers();

/// The wrapper for `model` from an `optim_wrapper` config: `constructor`
/// (default 'DefaultOptimWrapperConstructor') and `paramwise_cfg` are
/// popped, the constructor is built with the rest as `optim_wrapper_cfg`
/// and called on the model. Mirrors `mmengine.optim.build_optim_wrapper`.
MMENGINE_API std::shared_ptr<OptimWrapper> build_optim_wrapper(
    torch::nn::Module& model,
    const config::Value& cfg,
    const LogCallback& log = {});

/// Several wrappers from a dict name -> optim_wrapper config, each built
/// by build_optim_wrapper() for the model's child of that name (the GAN
/// pattern of MMEngine's multi-optimizer docs). KeyError for a missing
/// child.
MMENGINE_API std::shared_ptr<OptimWrapperDict> build_optim_wrapper_dict(
    torch::nn::Module& model,
    const config::Value& cfg,
    const LogCallback& log = {});

/// Multiplies the lr of every real param group (of every wrapper of an
/// OptimWrapperDict) by real_batch_size / auto_scale_lr.base_batch_size
/// when auto_scale_lr.enable; returns MMEngine's INFO text ("LR is set
/// based on batch size of ...") or "" when disabled. Mirrors
/// `Runner.scale_lr` (the caller passes world_size * batch size).
MMENGINE_API std::string scale_lr(
    OptimWrapper& wrapper,
    const config::Value& auto_scale_lr,
    int64_t real_batch_size);

}  // namespace mmengine::optim
