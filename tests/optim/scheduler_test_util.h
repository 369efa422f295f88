#pragma once

// Helpers shared by the scheduler tests: optimizers with given defaults and
// groups, built from the JSON specs the reference script also reads.

#include <ATen/ATen.h>

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mmengine/config/json_io.h"
#include "mmengine/optim/optimizer/optimizer.h"
#include "mmengine/optim/optimizer/sgd.h"

namespace mmengine::testing {

// An optimizer that only holds hyper-parameters (Adam-style `betas`, or
// neither momentum nor betas); schedulers never call step().
class HyperParamOptimizer : public optim::Optimizer {
 public:
  HyperParamOptimizer(
      std::string name,
      std::vector<optim::ParamGroup> groups,
      config::Value defaults)
      : Optimizer(std::move(groups), std::move(defaults)),
        name_(std::move(name)) {}
  std::string name() const override {
    return name_;
  }
  at::Tensor step(const optim::Closure& /*closure*/ = nullptr) override {
    return {};
  }

 private:
  std::string name_;
};

inline config::Value to_value(const nlohmann::json& j) {
  return config::parse_json(j.dump());
}

// {"type": "SGD"|"Adam"|"Adagrad", hyper-parameters...} and per-group
// overrides (one group when empty), each group holding one parameter.
inline std::shared_ptr<optim::Optimizer> make_optimizer(
    const nlohmann::json& spec, const nlohmann::json& groups = nullptr) {
  std::vector<optim::ParamGroup> param_groups;
  const nlohmann::json overrides =
      groups.is_array() ? groups : nlohmann::json::array({nlohmann::json{}});
  for (const auto& override_options : overrides) {
    optim::ParamGroup group;
    group.params.push_back(at::zeros({2}).requires_grad_(true));
    for (const auto& [key, value] : override_options.items()) {
      group.set(key, to_value(value));
    }
    param_groups.push_back(std::move(group));
  }
  const std::string type = spec.at("type");
  if (type == "SGD") {
    optim::SGDOptions o;
    o.lr = spec.value("lr", o.lr);
    o.momentum = spec.value("momentum", o.momentum);
    o.weight_decay = spec.value("weight_decay", o.weight_decay);
    return std::make_shared<optim::SGD>(std::move(param_groups), o);
  }
  config::Value defaults = config::Value::dict(
      {{"lr", spec.value("lr", 1e-3)}, {"weight_decay", 0}});
  if (type == "Adam") {
    auto betas = spec.value("betas", std::vector<double>{0.9, 0.999});
    defaults.set("betas", config::Value::tuple({betas[0], betas[1]}));
  }
  return std::make_shared<HyperParamOptimizer>(
      type, std::move(param_groups), std::move(defaults));
}

}  // namespace mmengine::testing
