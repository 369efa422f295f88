#include "mmengine/optim/optimizer/optimizer_wrapper_dict.h"

#include <ATen/ATen.h>

#include "mmengine/utils/error.h"

namespace mmengine::optim {

using config::Value;
using structures::Tree;

OptimWrapperDict::OptimWrapperDict(Items wrappers)
    : wrappers_(std::move(wrappers)) {
  for (const auto& [name, wrapper] : wrappers_) {
    MMENGINE_CHECK_TYPE(
        wrapper != nullptr,
        "`OptimWrapperDict` only accept OptimWrapper instance, but got ",
        name,
        ": None");
  }
}

void OptimWrapperDict::update_params(
    const at::Tensor& /*loss*/,
    const StepKwargs& /*step_kwargs*/,
    const ZeroKwargs& /*zero_kwargs*/) {
  throw NotImplementedError(
      "`update_params` should be called by each optimizer separately`");
}

void OptimWrapperDict::backward(
    const at::Tensor& /*loss*/, const BackwardKwargs& /*kw*/) {
  throw NotImplementedError(
      "`backward` should be called by each optimizer separately`");
}

void OptimWrapperDict::step(const StepKwargs& /*kwargs*/) {
  throw NotImplementedError(
      "`step` should be called by each optimizer separately`");
}

void OptimWrapperDict::zero_grad(const ZeroKwargs& /*kwargs*/) {
  // MMEngine drops the kwargs here: every wrapper uses its default.
  for (const auto& [name, wrapper] : wrappers_) {
    wrapper->zero_grad();
  }
}

OptimContext OptimWrapperDict::optim_context(torch::nn::Module& /*model*/) {
  throw NotImplementedError(
      "`optim_context` should be called by each optimizer separately");
}

void OptimWrapperDict::initialize_count_status(
    torch::nn::Module& /*model*/,
    int64_t /*init_counts*/,
    int64_t /*max_counts*/) {}

std::vector<ParamGroup*> OptimWrapperDict::param_groups() {
  std::vector<ParamGroup*> all;
  for (const auto& [name, wrapper] : wrappers_) {
    for (ParamGroup* group : wrapper->param_groups()) {
      all.push_back(group);
    }
  }
  return all;
}

std::vector<std::pair<std::string, std::vector<ParamGroup*>>>
OptimWrapperDict::param_groups_by_name() {
  std::vector<std::pair<std::string, std::vector<ParamGroup*>>> out;
  for (const auto& [name, wrapper] : wrappers_) {
    out.emplace_back(name, wrapper->param_groups());
  }
  return out;
}

void OptimWrapperDict::visit_lr(const LrVisitor& visit) const {
  std::string key;
  for (const auto& [name, wrapper] : wrappers_) {
    wrapper->visit_lr(
        [&](std::string_view inner, std::size_t index, const Value& lr) {
          key.assign(name).append(".").append(inner);
          visit(key, index, lr);
        });
  }
}

Value OptimWrapperDict::get_momentum() const {
  Value result = Value::dict();
  for (const auto& [name, wrapper] : wrappers_) {
    result[name + ".momentum"] = wrapper->get_momentum()["momentum"];
  }
  return result;
}

Tree OptimWrapperDict::state_dict() const {
  Tree sd = Tree::dict();
  for (const auto& [name, wrapper] : wrappers_) {
    sd[name] = wrapper->state_dict();
  }
  return sd;
}

void OptimWrapperDict::load_state_dict(const Tree& state_dict) {
  for (const auto& [key, value] : state_dict.items()) {
    const std::string name = key.to_string();
    MMENGINE_CHECK_KEY(
        contains(name),
        "Mismatched `state_dict`! cannot found ",
        name,
        " in OptimWrapperDict");
    (*this)[name].load_state_dict(value);
  }
}

std::string OptimWrapperDict::repr() const {
  std::string desc;
  for (const auto& [name, wrapper] : wrappers_) {
    desc += "name: " + name + "\n" + wrapper->repr();
  }
  return desc;
}

std::vector<std::string> OptimWrapperDict::keys() const {
  std::vector<std::string> names;
  for (const auto& [name, wrapper] : wrappers_) {
    names.push_back(name);
  }
  return names;
}

OptimWrapper& OptimWrapperDict::operator[](const std::string& name) const {
  for (const auto& [key, wrapper] : wrappers_) {
    if (key == name) {
      return *wrapper;
    }
  }
  throw KeyError(
      "Cannot find " + name +
      " in OptimWrapperDict, please check your optimizer constructor.");
}

bool OptimWrapperDict::contains(const std::string& name) const {
  for (const auto& [key, wrapper] : wrappers_) {
    if (key == name) {
      return true;
    }
  }
  return false;
}

}  // namespace mmengine::optim
