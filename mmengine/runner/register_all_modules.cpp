#include "mmengine/runner/register_all_modules.h"

#include "mmengine/dataset/data_loader.h"
#include "mmengine/evaluator/evaluator.h"
#include "mmengine/hooks/iter_timer_hook.h"
#include "mmengine/logging/register.h"
#include "mmengine/model/averaged_model.h"
#include "mmengine/model/base_model/data_preprocessor.h"
#include "mmengine/model/base_module_containers.h"
#include "mmengine/model/weight_init.h"
#include "mmengine/optim/optimizer/builder.h"
#include "mmengine/optim/optimizer/optim_wrapper_builder.h"
#include "mmengine/optim/scheduler/builder.h"
#include "mmengine/runner/loops.h"
#include "mmengine/visualization/register.h"
#include "mmengine/zoo/datasets.h"
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
  model::register_data_preprocessors();
  model::register_base_module_containers();
  model::register_averaged_models();
  zoo::register_zoo_models();
  zoo::register_zoo_data();
}

}  // namespace mmengine::runner
