#include "mmengine/registry/root.h"

namespace mmengine::registry {

namespace {

// Function-local statics: constructed on first use, so a registration from
// any other library's static initialiser finds its registry ready.
template <typename T>
Registry<T>& make(const char* name) {
  // Leaked on purpose: registries outlive every plugin and static object.
  return *new Registry<T>(name);
}

}  // namespace

#define MMENGINE_ROOT_REGISTRY(VAR, T, NAME) \
  Registry<T>& VAR##_registry() {            \
    static Registry<T>& r = make<T>(NAME);   \
    return r;                                \
  }                                          \
  Registry<T>& VAR = VAR##_registry()

MMENGINE_ROOT_REGISTRY(RUNNERS, runner::Runner, "runner");
MMENGINE_ROOT_REGISTRY(
    RUNNER_CONSTRUCTORS, runner::Runner, "runner constructor");
MMENGINE_ROOT_REGISTRY(LOOPS, runner::BaseLoop, "loop");
MMENGINE_ROOT_REGISTRY(HOOKS, hooks::Hook, "hook");
MMENGINE_ROOT_REGISTRY(STRATEGIES, strategy::BaseStrategy, "strategy");
MMENGINE_ROOT_REGISTRY(DATASETS, dataset::Dataset, "dataset");
MMENGINE_ROOT_REGISTRY(DATA_SAMPLERS, dataset::Sampler, "data sampler");
MMENGINE_ROOT_REGISTRY(TRANSFORMS, dataset::BaseTransform, "transform");
MMENGINE_ROOT_REGISTRY(MODELS, torch::nn::Module, "model");
MMENGINE_ROOT_REGISTRY(MODEL_WRAPPERS, torch::nn::Module, "model_wrapper");
MMENGINE_ROOT_REGISTRY(
    WEIGHT_INITIALIZERS, model::BaseInit, "weight initializer");
MMENGINE_ROOT_REGISTRY(OPTIMIZERS, optim::Optimizer, "optimizer");
MMENGINE_ROOT_REGISTRY(OPTIM_WRAPPERS, optim::OptimWrapper, "optim_wrapper");
MMENGINE_ROOT_REGISTRY(
    OPTIM_WRAPPER_CONSTRUCTORS,
    optim::OptimWrapperConstructor,
    "optimizer wrapper constructor");
MMENGINE_ROOT_REGISTRY(
    PARAM_SCHEDULERS, optim::ParamScheduler, "parameter scheduler");
MMENGINE_ROOT_REGISTRY(METRICS, evaluator::BaseMetric, "metric");
MMENGINE_ROOT_REGISTRY(EVALUATOR, evaluator::Evaluator, "evaluator");
MMENGINE_ROOT_REGISTRY(TASK_UTILS, Object, "task util");
MMENGINE_ROOT_REGISTRY(VISUALIZERS, visualization::Visualizer, "visualizer");
MMENGINE_ROOT_REGISTRY(
    VISBACKENDS, visualization::BaseVisBackend, "vis_backend");
MMENGINE_ROOT_REGISTRY(LOG_PROCESSORS, runner::LogProcessor, "log_processor");
MMENGINE_ROOT_REGISTRY(INFERENCERS, infer::BaseInferencer, "inferencer");
MMENGINE_ROOT_REGISTRY(FUNCTIONS, Object, "function");

#undef MMENGINE_ROOT_REGISTRY

const std::vector<RegistryBase*>& root_registries() {
  static const std::vector<RegistryBase*> all = {
      &RUNNERS_registry(),
      &RUNNER_CONSTRUCTORS_registry(),
      &LOOPS_registry(),
      &HOOKS_registry(),
      &STRATEGIES_registry(),
      &DATASETS_registry(),
      &DATA_SAMPLERS_registry(),
      &TRANSFORMS_registry(),
      &MODELS_registry(),
      &MODEL_WRAPPERS_registry(),
      &WEIGHT_INITIALIZERS_registry(),
      &OPTIMIZERS_registry(),
      &OPTIM_WRAPPERS_registry(),
      &OPTIM_WRAPPER_CONSTRUCTORS_registry(),
      &PARAM_SCHEDULERS_registry(),
      &METRICS_registry(),
      &EVALUATOR_registry(),
      &TASK_UTILS_registry(),
      &VISUALIZERS_registry(),
      &VISBACKENDS_registry(),
      &LOG_PROCESSORS_registry(),
      &INFERENCERS_registry(),
      &FUNCTIONS_registry(),
  };
  return all;
}

}  // namespace mmengine::registry
