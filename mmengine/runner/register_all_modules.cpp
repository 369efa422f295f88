#include "mmengine/runner/register_all_modules.h"

#include "mmengine/dataset/data_loader.h"
#include "mmengine/evaluator/evaluator.h"
#include "mmengine/hooks/iter_timer_hook.h"
#include "mmengine/logging/register.h"
#include "mmengine/model/weight_init.h"
#include "mmengine/optim/optimizer/builder.h"
#include "mmengine/optim/optimizer/register_optim_wrappers.h"
#include "mmengine/optim/scheduler/builder.h"
#include "mmengine/runner/loops.h"
#include "mmengine/zoo/models.h"

namespace mmengine::runner {

void register_all_modules() {
  register_loops();
  hooks::register_hooks();
  optim::register_optimizers();
  optim::register_optim_wrappers();
  optim::register_param_schedulers();
  dataset::register_dataset_module();
  evaluator::register_evaluator_module();
  logging::register_logging();
  visualization::register_visualization();
  model::register_weight_initializers();
  zoo::register_zoo_models();
}

}  // namespace mmengine::runner
