#pragma once

/// Every parameter scheduler (mirrors `mmengine.optim.scheduler`'s
/// `__all__`), the config builder and the schedule replay.

#include "mmengine/optim/scheduler/builder.h"
#include "mmengine/optim/scheduler/cosine_schedulers.h"
#include "mmengine/optim/scheduler/lr_scheduler.h"
#include "mmengine/optim/scheduler/momentum_scheduler.h"
#include "mmengine/optim/scheduler/param_scheduler.h"
#include "mmengine/optim/scheduler/reduce_on_plateau.h"
#include "mmengine/optim/scheduler/schedule_preview.h"
#include "mmengine/optim/scheduler/schedule_simulation.h"
#include "mmengine/optim/scheduler/step_schedulers.h"
