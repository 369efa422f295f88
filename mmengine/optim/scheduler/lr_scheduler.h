#pragma once

/// The learning-rate schedulers: the generic ones with `param_name='lr'`.
/// Mirrors `mmengine/optim/scheduler/lr_scheduler.py`.

#include <memory>
#include <utility>

#include "mmengine/optim/scheduler/cosine_schedulers.h"
#include "mmengine/optim/scheduler/reduce_on_plateau.h"
#include "mmengine/optim/scheduler/step_schedulers.h"

namespace mmengine::optim {

/// Mirrors `LRSchedulerMixin`: Base scheduling the group's "lr" (any
/// `common.param_name` is replaced).
template <typename Base>
class LRSchedulerMixin : public Base {
 public:
  LRSchedulerMixin(
      std::shared_ptr<Optimizer> optimizer,
      typename Base::Options options = {},
      SchedulerOptions common = {})
      : Base(std::move(optimizer), std::move(options), with_lr(common)) {}

 private:
  static SchedulerOptions with_lr(SchedulerOptions common) {
    common.param_name = "lr";
    common.momentum = false;
    return common;
  }
};

using ConstantLR = LRSchedulerMixin<ConstantParamScheduler>;
using CosineAnnealingLR = LRSchedulerMixin<CosineAnnealingParamScheduler>;
using ExponentialLR = LRSchedulerMixin<ExponentialParamScheduler>;
using LinearLR = LRSchedulerMixin<LinearParamScheduler>;
using MultiStepLR = LRSchedulerMixin<MultiStepParamScheduler>;
using StepLR = LRSchedulerMixin<StepParamScheduler>;
using PolyLR = LRSchedulerMixin<PolyParamScheduler>;
using OneCycleLR = LRSchedulerMixin<OneCycleParamScheduler>;
using CosineRestartLR = LRSchedulerMixin<CosineRestartParamScheduler>;
using ReduceOnPlateauLR = LRSchedulerMixin<ReduceOnPlateauParamScheduler>;

}  // namespace mmengine::optim
