#include "mmengine/model/averaged_model.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/core/Generator.h>
#include <c10/util/Exception.h>
#include <torch/csrc/autograd/grad_mode.h>

#include <algorithm>
#include <map>
#include <mutex>

#include <fmt/format.h>

#include "mmengine/config/value.h"
#include "mmengine/logging/logger.h"
#include "mmengine/registry/root.h"
#include "mmengine/utils/error.h"

namespace mmengine::model {
namespace {

using TensorMap = std::map<std::string, at::Tensor>;

// A module tree with copies of `src`'s parameters and buffers under the
// same names, for modules libtorch cannot clone.
std::shared_ptr<torch::nn::Module> copy_tensors(const torch::nn::Module& src) {
  auto out = std::make_shared<torch::nn::Module>(src.name());
  for (const auto& p : src.named_parameters(/*recurse=*/false)) {
    out->register_parameter(
        p.key(), p.value().detach().clone(), /*requires_grad=*/false);
  }
  for (const auto& b : src.named_buffers(/*recurse=*/false)) {
    out->register_buffer(b.key(), b.value().detach().clone());
  }
  for (const auto& c : src.named_children()) {
    out->register_module(c.key(), copy_tensors(*c.value()));
  }
  return out;
}

// Python's deepcopy: torch's clone() for Cloneable modules (its reset()
// must not consume the global RNG, so the generator state is restored),
// else a copy of the tensors.
std::shared_ptr<torch::nn::Module> deep_copy(const torch::nn::Module& src) {
  auto gen = at::detail::getDefaultCPUGenerator();
  const at::Tensor state = gen.get_state();
  std::shared_ptr<torch::nn::Module> out;
  try {
    out = src.clone();
  } catch (const c10::Error&) {
    out = nullptr;
  }
  gen.set_state(state);
  if (out == nullptr) {
    return copy_tensors(src);
  }
  for (auto& p : out->parameters()) {
    p.set_requires_grad(false);
  }
  return out;
}

// named_parameters (+ named_buffers with `buffers`) of `m`, by name.
TensorMap named_tensors(const torch::nn::Module& m, bool buffers) {
  TensorMap out;
  for (const auto& p : m.named_parameters()) {
    out.emplace(p.key(), p.value());
  }
  if (buffers) {
    for (const auto& b : m.named_buffers()) {
      out.emplace(b.key(), b.value());
    }
  }
  return out;
}

std::optional<c10::Device> parse_device(
    const std::optional<std::string>& device, const std::string& where) {
  if (!device) {
    return std::nullopt;
  }
  try {
    return c10::Device(*device);
  } catch (const c10::Error&) {
    throw ValueError(fmt::format(
        "{}: invalid device '{}' (expected e.g. 'cpu', 'cuda:0')",
        where,
        *device));
  }
}

}  // namespace

BaseAveragedModel::BaseAveragedModel(
    const torch::nn::Module& model,
    std::int64_t interval,
    std::optional<c10::Device> device,
    bool update_buffers)
    : interval_(interval), update_buffers_(update_buffers) {
  MMENGINE_CHECK(
      interval >= 1,
      "[BaseAveragedModel] interval must be a positive integer, but got ",
      interval);
  module_ = register_module("module", deep_copy(model));
  if (device) {
    module_->to(*device);
  }
  steps_ = register_buffer(
      "steps",
      at::zeros(
          {},
          at::TensorOptions().dtype(at::kLong).device(
              device.value_or(c10::Device(c10::kCPU)))));
  for (const auto& p : module_->named_parameters()) {
    avg_parameters_.emplace_back(p.key(), p.value());
  }
  if (update_buffers) {
    for (const auto& b : module_->named_buffers()) {
      avg_parameters_.emplace_back(b.key(), b.value());
    }
  }
}

void BaseAveragedModel::update_parameters(const torch::nn::Module& model) {
  const TensorMap src = named_tensors(model, update_buffers_);
  const std::int64_t steps = steps_.item<std::int64_t>();
  torch::NoGradGuard no_grad;
  const bool average = steps != 0 && steps % interval_ == 0;
  if (steps == 0 || average) {
    for (const auto& [name, avg] : avg_parameters_) {
      auto it = src.find(name);
      MMENGINE_CHECK_KEY(
          it != src.end(),
          "[",
          this->name(),
          "] the source model has no parameter '",
          name,
          "'");
      if (steps == 0) {
        avg.copy_(it->second);
      } else if (at::isFloatingType(avg.scalar_type())) {
        avg_func(avg, it->second.to(avg.device()), steps);
      }
    }
  }
  if (!update_buffers_) {
    const auto dst = module_->buffers();
    const auto from = model.buffers();
    for (std::size_t i = 0; i < std::min(dst.size(), from.size()); ++i) {
      dst[i].copy_(from[i]);
    }
  }
  steps_.add_(1);
}

BaseAveragedModel::Args BaseAveragedModel::take_base_args(
    registry::BuildArgs& args) {
  Args out;
  out.model = args.object<std::shared_ptr<torch::nn::Module>>("model");
  MMENGINE_CHECK_TYPE(
      out.model != nullptr, args.where(), ": `model` must not be null");
  out.interval = args.take<std::int64_t>("interval", 1);
  out.device = parse_device(
      args.take<std::optional<std::string>>("device", std::nullopt),
      args.where());
  out.update_buffers = args.take<bool>("update_buffers", false);
  return out;
}

ExponentialMovingAverage::ExponentialMovingAverage(
    const torch::nn::Module& model,
    double momentum,
    std::int64_t interval,
    std::optional<c10::Device> device,
    bool update_buffers)
    : BaseAveragedModel(model, interval, device, update_buffers),
      momentum_(momentum) {
  MMENGINE_CHECK(
      0.0 < momentum && momentum < 1.0,
      "momentum must be in range (0.0, 1.0)but got ",
      config::float_repr(momentum));
  if (momentum > 0.5) {
    logging::print_log(
        fmt::format(
            "The value of momentum in EMA is usually a small number,which is "
            "different from the conventional notion of momentum but got {}. "
            "Please make sure the value is correct.",
            config::float_repr(momentum)),
        "current",
        logging::kWarning);
  }
}

std::shared_ptr<ExponentialMovingAverage> ExponentialMovingAverage::from_config(
    registry::BuildArgs& args) {
  const double momentum = args.take<double>("momentum", 0.0002);
  Args a = take_base_args(args);
  return std::make_shared<ExponentialMovingAverage>(
      *a.model, momentum, a.interval, a.device, a.update_buffers);
}

void ExponentialMovingAverage::avg_func(
    const at::Tensor& averaged, const at::Tensor& source, std::int64_t) {
  averaged.lerp_(source, momentum_);
}

MomentumAnnealingEMA::MomentumAnnealingEMA(
    const torch::nn::Module& model,
    double momentum,
    double gamma,
    std::int64_t interval,
    std::optional<c10::Device> device,
    bool update_buffers)
    : ExponentialMovingAverage(
          model, momentum, interval, device, update_buffers),
      gamma_(gamma) {
  MMENGINE_CHECK(
      gamma > 0,
      "gamma must be greater than 0, but got ",
      config::Value(gamma).repr());
}

std::shared_ptr<MomentumAnnealingEMA> MomentumAnnealingEMA::from_config(
    registry::BuildArgs& args) {
  const double momentum = args.take<double>("momentum", 0.0002);
  const double gamma = args.take<double>("gamma", 100);
  Args a = take_base_args(args);
  return std::make_shared<MomentumAnnealingEMA>(
      *a.model, momentum, gamma, a.interval, a.device, a.update_buffers);
}

void MomentumAnnealingEMA::avg_func(
    const at::Tensor& averaged, const at::Tensor& source, std::int64_t steps) {
  const double m =
      std::max(momentum(), gamma_ / (gamma_ + static_cast<double>(steps)));
  averaged.lerp_(source, m);
}

std::shared_ptr<StochasticWeightAverage> StochasticWeightAverage::from_config(
    registry::BuildArgs& args) {
  Args a = take_base_args(args);
  return std::make_shared<StochasticWeightAverage>(
      *a.model, a.interval, a.device, a.update_buffers);
}

void StochasticWeightAverage::avg_func(
    const at::Tensor& averaged, const at::Tensor& source, std::int64_t steps) {
  averaged.add_(
      source - averaged, 1.0 / static_cast<double>(steps / interval() + 1));
}

void register_averaged_models() {
  static std::once_flag once;
  std::call_once(once, [] {
    const char* where = "mmengine/model";
    auto& models = registry::MODELS;
    registry::register_class<StochasticWeightAverage>(
        models, "StochasticWeightAverage", where, "SWA of a model's weights");
    registry::register_class<ExponentialMovingAverage>(
        models, "ExponentialMovingAverage", where, "EMA of a model's weights");
    registry::register_class<MomentumAnnealingEMA>(
        models, "MomentumAnnealingEMA", where, "EMA with annealed momentum");
  });
}

}  // namespace mmengine::model
