#include "mmengine/optim/scheduler/builder.h"

#include <mutex>
#include <string>
#include <utility>

#include "mmengine/optim/optimizer/optimizer.h"
#include "mmengine/optim/scheduler/lr_scheduler.h"
#include "mmengine/optim/scheduler/momentum_scheduler.h"
#include "mmengine/registry/root.h"
#include "mmengine/utils/error.h"

namespace mmengine::optim {

using config::Value;
using registry::BuildArgs;

namespace {

enum class Kind { kParam, kLR, kMomentum };

// int(v * epoch_length) as MMEngine's build_iter_from_epoch computes it.
std::int64_t scaled(const Value& v, std::int64_t epoch_length) {
  if (v.is_int()) {
    return v.as<std::int64_t>() * epoch_length;
  }
  return static_cast<std::int64_t>(
      v.as<double>() * static_cast<double>(epoch_length));
}

// The keyword arguments of _ParamScheduler, and build_scheduler_from_cfg's
// convert_to_iter_based handling.
std::pair<SchedulerOptions, EpochConversion> read_common(
    BuildArgs& args, Kind kind) {
  SchedulerOptions c;
  EpochConversion conv;
  if (kind == Kind::kParam) {
    c.param_name = args.take<std::string>("param_name");
  }
  conv.enabled = args.take_value("convert_to_iter_based", false).truthy();
  std::int64_t epoch_length = 0;
  Value length = args.take_value("epoch_length", Value());
  if (!length.is_none()) {
    epoch_length = length.as<std::int64_t>();
  } else if (args.has_object("epoch_length")) {
    epoch_length = args.object<std::int64_t>("epoch_length");
  }
  c.by_epoch = args.take<bool>("by_epoch", true);
  c.last_step = args.take<std::int64_t>("last_step", -1);
  c.verbose = args.take<bool>("verbose", false);
  Value begin = args.take_value("begin", Value(0));
  Value end = args.take_value("end", Value(kINF));
  if (!conv.enabled) {
    c.begin = begin.as<std::int64_t>();
    c.end = end.as<std::int64_t>();
    return {c, conv};
  }
  MMENGINE_CHECK(
      c.by_epoch && epoch_length > 0,
      args.where(),
      ": Only epoch-based parameter scheduler can be converted to "
      "iter-based, and `epoch_length` should be set (by_epoch=",
      c.by_epoch ? "True" : "False",
      ", epoch_length=",
      epoch_length,
      ")");
  conv.epoch_length = epoch_length;
  c.by_epoch = false;
  c.begin = scaled(begin, epoch_length);
  c.end = (end.is_int() && end.as<std::int64_t>() == kINF)
              ? kINF
              : scaled(end, epoch_length);
  return {c, conv};
}

template <typename T>
void add(const char* name, Kind kind, const char* doc) {
  auto builder = [kind](BuildArgs& args) -> std::shared_ptr<ParamScheduler> {
    auto optimizer = args.object<std::shared_ptr<Optimizer>>("optimizer");
    auto [common, conv] = read_common(args, kind);
    typename T::Options options = T::read_options(args, conv);
    switch (kind) {
      case Kind::kLR:
        return std::make_shared<LRSchedulerMixin<T>>(
            optimizer, std::move(options), common);
      case Kind::kMomentum:
        return std::make_shared<MomentumSchedulerMixin<T>>(
            optimizer, std::move(options), common);
      case Kind::kParam:
        break;
    }
    return std::make_shared<T>(optimizer, std::move(options), common);
  };
  registry::RegisterOptions options;
  options.location = "mmengine/optim/scheduler";
  options.doc = doc;
  registry::PARAM_SCHEDULERS.register_module(
      name, std::move(builder), std::move(options));
}

template <typename T>
void add_family(const std::string& stem, bool with_momentum, const char* doc) {
  add<T>((stem + "ParamScheduler").c_str(), Kind::kParam, doc);
  add<T>((stem + "LR").c_str(), Kind::kLR, doc);
  if (with_momentum) {
    add<T>((stem + "Momentum").c_str(), Kind::kMomentum, doc);
  }
}

}  // namespace

void register_param_schedulers() {
  static std::once_flag once;
  std::call_once(once, [] {
    add_family<StepParamScheduler>(
        "Step", true, "multiply by gamma every step_size steps");
    add_family<MultiStepParamScheduler>(
        "MultiStep", true, "multiply by gamma at each milestone");
    add_family<ConstantParamScheduler>(
        "Constant", true, "multiply by factor until end");
    add_family<ExponentialParamScheduler>(
        "Exponential", true, "multiply by gamma every step");
    add_family<CosineAnnealingParamScheduler>(
        "CosineAnnealing", true, "cosine annealing to eta_min over T_max");
    add_family<LinearParamScheduler>(
        "Linear", true, "linear factor from start_factor to end_factor");
    add_family<PolyParamScheduler>("Poly", true, "polynomial decay to eta_min");
    add_family<OneCycleParamScheduler>(
        "OneCycle", false, "1cycle policy (lr only)");
    add_family<CosineRestartParamScheduler>(
        "CosineRestart", true, "cosine annealing with restarts");
    add_family<ReduceOnPlateauParamScheduler>(
        "ReduceOnPlateau", true, "reduce when a metric stops improving");
  });
}

std::vector<std::shared_ptr<ParamScheduler>> build_param_schedulers(
    const Value& cfg,
    std::shared_ptr<Optimizer> optimizer,
    std::int64_t epoch_length,
    std::optional<TrainLength> train_length) {
  register_param_schedulers();
  std::vector<Value> items;
  if (cfg.is_list() || cfg.is_tuple()) {
    items = cfg.elements();
  } else {
    items.push_back(cfg);
  }
  registry::RuntimeArgs runtime;
  runtime.set("optimizer", std::move(optimizer));
  if (epoch_length > 0) {
    runtime.set("epoch_length", epoch_length);
  }
  std::vector<std::shared_ptr<ParamScheduler>> schedulers;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Value& item = items[i];
    MMENGINE_CHECK_TYPE(
        item.is_dict(),
        "scheduler should be a _ParamScheduler object or dict, but got ",
        item.repr());
    // A fresh top-level dict: the caller's config keeps no default `end`.
    Value scheduler = Value::dict(item.items());
    if (train_length && !scheduler.contains("end")) {
      const bool by_epoch = scheduler.get<bool>("by_epoch", true);
      scheduler.set(
          "end", by_epoch ? train_length->max_epochs : train_length->max_iters);
    }
    registry::BuildOptions options;
    options.runtime = &runtime;
    options.path = cfg.is_dict() ? "param_scheduler"
                                 : "param_scheduler[" + std::to_string(i) + "]";
    schedulers.push_back(registry::PARAM_SCHEDULERS.build(scheduler, options));
  }
  return schedulers;
}

}  // namespace mmengine::optim
