#pragma once

/// The momentum schedulers: the generic ones on "momentum", or on Adam's
/// betas[0]. Mirrors `mmengine/optim/scheduler/momentum_scheduler.py`.

#include <memory>
#include <utility>

#include "mmengine/optim/scheduler/cosine_schedulers.h"
#include "mmengine/optim/scheduler/reduce_on_plateau.h"
#include "mmengine/optim/scheduler/step_schedulers.h"

namespace mmengine::optim {

/// Mirrors `MomentumSchedulerMixin`: when the optimizer's defaults have no
/// `momentum` but `betas`, each group gets `momentum = betas[0]` and every
/// step writes `betas = (momentum, betas[1])`; neither is a ValueError
/// "optimizer must support momentum when using momentum scheduler".
template <typename Base>
class MomentumSchedulerMixin : public Base {
 public:
  MomentumSchedulerMixin(
      std::shared_ptr<Optimizer> optimizer,
      typename Base::Options options = {},
      SchedulerOptions common = {})
      : Base(std::move(optimizer), std::move(options), with_momentum(common)) {}

 private:
  static SchedulerOptions with_momentum(SchedulerOptions common) {
    common.param_name = "momentum";
    common.momentum = true;
    return common;
  }
};

using ConstantMomentum = MomentumSchedulerMixin<ConstantParamScheduler>;
using CosineAnnealingMomentum =
    MomentumSchedulerMixin<CosineAnnealingParamScheduler>;
using ExponentialMomentum = MomentumSchedulerMixin<ExponentialParamScheduler>;
using LinearMomentum = MomentumSchedulerMixin<LinearParamScheduler>;
using MultiStepMomentum = MomentumSchedulerMixin<MultiStepParamScheduler>;
using StepMomentum = MomentumSchedulerMixin<StepParamScheduler>;
using PolyMomentum = MomentumSchedulerMixin<PolyParamScheduler>;
using CosineRestartMomentum =
    MomentumSchedulerMixin<CosineRestartParamScheduler>;
using ReduceOnPlateauMomentum =
    MomentumSchedulerMixin<ReduceOnPlateauParamScheduler>;

}  // namespace mmengine::optim
