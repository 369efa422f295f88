#pragma once

// MMEngine's root registries, under its names. Each holds builders of the
// base class of what it builds; the classes are only declared here, so the
// core library stays free of libtorch. Downstream code makes child
// registries with its own scope:
//
//   Registry<torch::nn::Module> MY_MODELS("model", &MODELS, "myproj");
//
// Mirrors `mmengine/registry/root.py`.

#include "mmengine/api.h"
#include "mmengine/registry/registry.h"

namespace torch::nn {
class Module;
}  // namespace torch::nn

namespace mmengine {
namespace runner {
class Runner;
class BaseLoop;
class LogProcessor;
}  // namespace runner
namespace hooks {
class Hook;
}  // namespace hooks
namespace strategy {
class BaseStrategy;
}  // namespace strategy
namespace dataset {
class Dataset;
class Sampler;
class BaseTransform;
}  // namespace dataset
namespace model {
class BaseInit;
}  // namespace model
namespace optim {
class Optimizer;
class OptimWrapper;
class OptimWrapperConstructor;
class ParamScheduler;
}  // namespace optim
namespace evaluator {
class BaseMetric;
class Evaluator;
}  // namespace evaluator
namespace visualization {
class Visualizer;
class BaseVisBackend;
}  // namespace visualization
namespace infer {
class BaseInferencer;
}  // namespace infer

namespace registry {

/// Base of things without a common engine class (FUNCTIONS, TASK_UTILS):
/// users dynamic_cast to the interface they expect.
class MMENGINE_API Object : public Configurable {};

// NOLINTBEGIN(readability-identifier-naming): MMEngine's names verbatim.
MMENGINE_API extern Registry<runner::Runner>& RUNNERS;
MMENGINE_API extern Registry<runner::Runner>& RUNNER_CONSTRUCTORS;
MMENGINE_API extern Registry<runner::BaseLoop>& LOOPS;
MMENGINE_API extern Registry<hooks::Hook>& HOOKS;
MMENGINE_API extern Registry<strategy::BaseStrategy>& STRATEGIES;
MMENGINE_API extern Registry<dataset::Dataset>& DATASETS;
MMENGINE_API extern Registry<dataset::Sampler>& DATA_SAMPLERS;
MMENGINE_API extern Registry<dataset::BaseTransform>& TRANSFORMS;
MMENGINE_API extern Registry<torch::nn::Module>& MODELS;
MMENGINE_API extern Registry<torch::nn::Module>& MODEL_WRAPPERS;
MMENGINE_API extern Registry<model::BaseInit>& WEIGHT_INITIALIZERS;
MMENGINE_API extern Registry<optim::Optimizer>& OPTIMIZERS;
MMENGINE_API extern Registry<optim::OptimWrapper>& OPTIM_WRAPPERS;
MMENGINE_API extern Registry<optim::OptimWrapperConstructor>&
    OPTIM_WRAPPER_CONSTRUCTORS;
MMENGINE_API extern Registry<optim::ParamScheduler>& PARAM_SCHEDULERS;
MMENGINE_API extern Registry<evaluator::BaseMetric>& METRICS;
MMENGINE_API extern Registry<evaluator::Evaluator>& EVALUATOR;
MMENGINE_API extern Registry<Object>& TASK_UTILS;
MMENGINE_API extern Registry<visualization::Visualizer>& VISUALIZERS;
MMENGINE_API extern Registry<visualization::BaseVisBackend>& VISBACKENDS;
MMENGINE_API extern Registry<runner::LogProcessor>& LOG_PROCESSORS;
MMENGINE_API extern Registry<infer::BaseInferencer>& INFERENCERS;
MMENGINE_API extern Registry<Object>& FUNCTIONS;
// NOLINTEND(readability-identifier-naming)

/// Every root registry, in MMEngine's order (for listing and help).
MMENGINE_API const std::vector<RegistryBase*>& root_registries();

}  // namespace registry
}  // namespace mmengine
