// BaseInit and the initialisers built from configs (all but Pretrained).
#include <torch/nn/module.h>

#include <algorithm>

#include "mmengine/model/weight_init.h"
#include "mmengine/utils/error.h"

namespace mmengine::model {

namespace {

using config::Value;
using registry::BuildArgs;

Value number_arg(BuildArgs& args, std::string_view key, Value fallback) {
  Value v = args.take_value(key, std::move(fallback));
  MMENGINE_CHECK_TYPE(
      v.is_number(),
      args.where(),
      ": ",
      key,
      " must be a number, but got ",
      v.type_name(),
      " (",
      v.repr(),
      ")");
  return v;
}

Value required_number(BuildArgs& args, std::string_view key) {
  Value v = args.take_value(key);
  return number_arg(args, key, std::move(v));
}

std::string str_arg(BuildArgs& args, std::string_view key, const char* dflt) {
  return args.take<std::string>(key, std::string(dflt));
}

std::vector<std::string> layer_arg(BuildArgs& args) {
  const Value layer = args.take_value("layer", Value());
  if (layer.is_none()) {
    return {};
  }
  if (layer.is_string()) {
    return {layer.as<std::string>()};
  }
  MMENGINE_CHECK_TYPE(
      layer.is_list(),
      args.where(),
      ": layer must be a str or a list of str, but got a ",
      layer.type_name());
  return layer.as<std::vector<std::string>>();
}

void apply_post_order(
    torch::nn::Module& module,
    const std::function<void(torch::nn::Module&)>& fn) {
  for (const auto& child : module.children()) {
    apply_post_order(*child, fn);
  }
  fn(module);
}

double num(const Value& v) {
  return v.as<double>();
}

}  // namespace

BaseInit::BaseInit(BuildArgs& args) : layer_(layer_arg(args)) {
  const Value bias = args.take_value("bias", 0);
  MMENGINE_CHECK_TYPE(
      bias.is_number(),
      args.where(),
      ": bias must be a number, but got a ",
      bias.type_name());
  const Value prob = args.take_value("bias_prob", Value());
  MMENGINE_CHECK_TYPE(
      prob.is_none() || prob.is_float(),
      args.where(),
      ": bias_prob type must be float, but got ",
      prob.type_name());
  bias_ = prob.is_none() ? bias : Value(bias_init_with_prob(num(prob)));
}

double BaseInit::bias() const {
  return num(bias_);
}

void BaseInit::apply_selected(
    torch::nn::Module& module,
    const std::function<void(torch::nn::Module&)>& fn) const {
  apply_post_order(module, [&](torch::nn::Module& m) {
    if (wholemodule_) {
      fn(m);
      return;
    }
    std::vector<std::string> names = module_base_names(m);
    names.push_back(module_class_name(m));
    const bool selected =
        std::any_of(names.begin(), names.end(), [&](const std::string& name) {
          return std::find(layer_.begin(), layer_.end(), name) != layer_.end();
        });
    if (selected) {
      fn(m);
    }
  });
  update_init_info(module, init_info());
}

ConstantInit::ConstantInit(BuildArgs& args)
    : BaseInit(args), val_(required_number(args, "val")) {}

void ConstantInit::operator()(torch::nn::Module& module) const {
  apply_selected(module, [&](auto& m) { constant_init(m, num(val_), bias()); });
}

std::string ConstantInit::init_info() const {
  return "ConstantInit: val=" + val_.repr() + ", bias=" + bias_repr();
}

XavierInit::XavierInit(BuildArgs& args)
    : BaseInit(args),
      gain_(number_arg(args, "gain", 1)),
      distribution_(str_arg(args, "distribution", "normal")) {}

void XavierInit::operator()(torch::nn::Module& module) const {
  apply_selected(module, [&](auto& m) {
    xavier_init(m, num(gain_), bias(), distribution_);
  });
}

std::string XavierInit::init_info() const {
  return "XavierInit: gain=" + gain_.repr() +
         ", distribution=" + distribution_ + ", bias=" + bias_repr();
}

NormalInit::NormalInit(BuildArgs& args)
    : BaseInit(args),
      mean_(number_arg(args, "mean", 0)),
      std_(number_arg(args, "std", 1)) {}

void NormalInit::operator()(torch::nn::Module& module) const {
  apply_selected(
      module, [&](auto& m) { normal_init(m, num(mean_), num(std_), bias()); });
}

std::string NormalInit::init_info() const {
  return "NormalInit: mean=" + mean_.repr() + ", std=" + std_.repr() +
         ", bias=" + bias_repr();
}

TruncNormalInit::TruncNormalInit(BuildArgs& args)
    : BaseInit(args),
      mean_(number_arg(args, "mean", 0)),
      std_(number_arg(args, "std", 1)),
      a_(number_arg(args, "a", -2)),
      b_(number_arg(args, "b", 2)) {}

void TruncNormalInit::operator()(torch::nn::Module& module) const {
  apply_selected(module, [&](auto& m) {
    trunc_normal_init(m, num(mean_), num(std_), num(a_), num(b_), bias());
  });
}

std::string TruncNormalInit::init_info() const {
  return "TruncNormalInit: a=" + a_.repr() + ", b=" + b_.repr() +
         ", mean=" + mean_.repr() + ", std=" + std_.repr() +
         ", bias=" + bias_repr();
}

UniformInit::UniformInit(BuildArgs& args)
    : BaseInit(args),
      a_(number_arg(args, "a", 0)),
      b_(number_arg(args, "b", 1)) {}

void UniformInit::operator()(torch::nn::Module& module) const {
  apply_selected(
      module, [&](auto& m) { uniform_init(m, num(a_), num(b_), bias()); });
}

std::string UniformInit::init_info() const {
  return "UniformInit: a=" + a_.repr() + ", b=" + b_.repr() +
         ", bias=" + bias_repr();
}

KaimingInit::KaimingInit(BuildArgs& args)
    : BaseInit(args),
      a_(number_arg(args, "a", 0)),
      mode_(str_arg(args, "mode", "fan_out")),
      nonlinearity_(str_arg(args, "nonlinearity", "relu")),
      distribution_(str_arg(args, "distribution", "normal")) {}

KaimingInit::KaimingInit(
    BuildArgs& args,
    std::string class_name,
    Value a,
    std::string mode,
    std::string nonlinearity,
    std::string distribution)
    : BaseInit(args),
      class_name_(std::move(class_name)),
      a_(std::move(a)),
      mode_(std::move(mode)),
      nonlinearity_(std::move(nonlinearity)),
      distribution_(std::move(distribution)) {}

void KaimingInit::operator()(torch::nn::Module& module) const {
  apply_selected(module, [&](auto& m) {
    kaiming_init(m, num(a_), mode_, nonlinearity_, bias(), distribution_);
  });
}

std::string KaimingInit::init_info() const {
  return class_name_ + ": a=" + a_.repr() + ", mode=" + mode_ +
         ", nonlinearity=" + nonlinearity_ +
         ", distribution =" + distribution_ + ", bias=" + bias_repr();
}

Caffe2XavierInit::Caffe2XavierInit(BuildArgs& args)
    : KaimingInit(
          args, "Caffe2XavierInit", 1, "fan_in", "leaky_relu", "uniform") {}

}  // namespace mmengine::model
