#include "mmengine/model/weight_init.h"

#include <ATen/ops/tensor.h>
#include <torch/nn/init.h>
#include <torch/nn/module.h>

#include <cmath>
#include <limits>
#include <set>

#include "mmengine/model/base_module.h"
#include "mmengine/model/init_info_impl.h"
#include "mmengine/utils/error.h"

namespace mmengine::model {

namespace {

// The module's own (non-recursive) parameter `name`, or an undefined
// tensor. Tensors are handles: in-place ops on it change the parameter.
at::Tensor own_param(torch::nn::Module& module, const char* name) {
  const auto params = module.named_parameters(/*recurse=*/false);
  const at::Tensor* param = params.find(name);
  return param == nullptr ? at::Tensor() : *param;
}

void fill_bias(torch::nn::Module& module, double bias) {
  if (at::Tensor b = own_param(module, "bias"); b.defined()) {
    torch::nn::init::constant_(b, bias);
  }
}

void check_distribution(const std::string& distribution) {
  MMENGINE_CHECK(
      distribution == "uniform" || distribution == "normal",
      "distribution must be 'uniform' or 'normal', but got '",
      distribution,
      "'");
}

int64_t correct_fan(const at::Tensor& tensor, const std::string& mode) {
  MMENGINE_CHECK(
      mode == "fan_in" || mode == "fan_out",
      "Mode ",
      mode,
      " not supported, please use one of ['fan_in', 'fan_out']");
  auto [fan_in, fan_out] =
      torch::nn::init::_calculate_fan_in_and_fan_out(tensor);
  return mode == "fan_in" ? fan_in : fan_out;
}

thread_local detail::InitSession* current_session = nullptr;

}  // namespace

void constant_init(torch::nn::Module& module, double val, double bias) {
  if (at::Tensor w = own_param(module, "weight"); w.defined()) {
    torch::nn::init::constant_(w, val);
  }
  fill_bias(module, bias);
}

void xavier_init(
    torch::nn::Module& module,
    double gain,
    double bias,
    const std::string& distribution) {
  check_distribution(distribution);
  if (at::Tensor w = own_param(module, "weight"); w.defined()) {
    if (distribution == "uniform") {
      torch::nn::init::xavier_uniform_(w, gain);
    } else {
      torch::nn::init::xavier_normal_(w, gain);
    }
  }
  fill_bias(module, bias);
}

void normal_init(
    torch::nn::Module& module, double mean, double std, double bias) {
  if (at::Tensor w = own_param(module, "weight"); w.defined()) {
    torch::nn::init::normal_(w, mean, std);
  }
  fill_bias(module, bias);
}

void trunc_normal_init(
    torch::nn::Module& module,
    double mean,
    double std,
    double a,
    double b,
    double bias) {
  if (at::Tensor w = own_param(module, "weight"); w.defined()) {
    trunc_normal_(w, mean, std, a, b);
  }
  fill_bias(module, bias);
}

void uniform_init(torch::nn::Module& module, double a, double b, double bias) {
  if (at::Tensor w = own_param(module, "weight"); w.defined()) {
    torch::nn::init::uniform_(w, a, b);
  }
  fill_bias(module, bias);
}

void kaiming_init(
    torch::nn::Module& module,
    double a,
    const std::string& mode,
    const std::string& nonlinearity,
    double bias,
    const std::string& distribution) {
  check_distribution(distribution);
  if (at::Tensor w = own_param(module, "weight"); w.defined()) {
    // torch.nn.init.kaiming_{normal,uniform}_ with string arguments.
    const double std = calculate_gain(nonlinearity, a) /
                       std::sqrt(static_cast<double>(correct_fan(w, mode)));
    torch::NoGradGuard no_grad;
    if (distribution == "uniform") {
      const double bound = std::sqrt(3.0) * std;
      w.uniform_(-bound, bound);
    } else {
      w.normal_(0, std);
    }
  }
  fill_bias(module, bias);
}

void caffe2_xavier_init(torch::nn::Module& module, double bias) {
  kaiming_init(module, 1, "fan_in", "leaky_relu", bias, "uniform");
}

double bias_init_with_prob(double prior_prob) {
  return -std::log((1 - prior_prob) / prior_prob);
}

at::Tensor& trunc_normal_(
    at::Tensor& tensor, double mean, double std, double a, double b) {
  auto norm_cdf = [](double x) {
    return (1. + std::erf(x / std::sqrt(2.))) / 2.;
  };
  torch::NoGradGuard no_grad;
  const double lower = norm_cdf((a - mean) / std);
  const double upper = norm_cdf((b - mean) / std);
  tensor.uniform_(2 * lower - 1, 2 * upper - 1);
  tensor.erfinv_();
  tensor.mul_(std * std::sqrt(2.));
  tensor.add_(mean);
  tensor.clamp_(a, b);
  return tensor;
}

double calculate_gain(
    const std::string& nonlinearity, std::optional<double> param) {
  static const std::set<std::string> kLinear = {
      "linear",
      "conv1d",
      "conv2d",
      "conv3d",
      "conv_transpose1d",
      "conv_transpose2d",
      "conv_transpose3d",
      "sigmoid"};
  if (kLinear.count(nonlinearity) != 0) {
    return 1;
  }
  if (nonlinearity == "tanh") {
    return 5.0 / 3;
  }
  if (nonlinearity == "relu") {
    return std::sqrt(2.0);
  }
  if (nonlinearity == "leaky_relu") {
    const double slope = param.value_or(0.01);
    return std::sqrt(2.0 / (1 + slope * slope));
  }
  MMENGINE_CHECK(
      nonlinearity == "selu", "Unsupported nonlinearity ", nonlinearity);
  return 3.0 / 4;
}

std::string module_class_name(const torch::nn::Module& module) {
  std::string name = module.name();
  name = name.substr(0, name.find('<'));
  const auto colon = name.rfind("::");
  if (colon != std::string::npos) {
    name = name.substr(colon + 2);
  }
  constexpr std::string_view kImpl = "Impl";
  if (name.size() > kImpl.size() && name.ends_with(kImpl)) {
    name.resize(name.size() - kImpl.size());
  }
  return name;
}

std::vector<std::string> module_base_names(const torch::nn::Module& module) {
  if (const auto* base = dynamic_cast<const BaseModule*>(&module)) {
    return base->base_class_names();
  }
  const std::string name = module_class_name(module);
  auto starts = [&](std::string_view p) { return name.starts_with(p); };
  if (starts("ConvTranspose")) {
    return {"_ConvTransposeNd"};
  }
  if (starts("Conv")) {
    return {"_ConvNd"};
  }
  if (starts("BatchNorm")) {
    return {"_BatchNorm"};
  }
  if (starts("InstanceNorm")) {
    return {"_InstanceNorm"};
  }
  return {"Module"};
}

void update_init_info(torch::nn::Module& module, const std::string& init_info) {
  detail::InitSession* session = detail::current_init_session();
  if (session == nullptr) {
    return;
  }
  for (const auto& item : module.named_parameters()) {
    auto it = session->params.find(item.value().unsafeGetTensorImpl());
    MMENGINE_CHECK(
        it != session->params.end(),
        "Find a new :obj:`Parameter` named `",
        item.key(),
        "` during executing the `init_weights` of `",
        module_class_name(module),
        "`. Please do not add or replace parameters during executing the "
        "`init_weights`. ");
    const double mean = detail::param_mean(item.value());
    // NaN != NaN, as Python's tensor comparison.
    if (it->second.mean != mean) {
      it->second.init_info = init_info;
      it->second.mean = mean;
    }
  }
}

namespace detail {

InitSession* current_init_session() noexcept {
  return current_session;
}

void log_init(std::string level, std::string message) {
  if (current_session != nullptr) {
    current_session->log.push_back({std::move(level), std::move(message)});
  }
}

InitSessionScope::InitSessionScope(
    torch::nn::Module& root, const std::string& default_info) {
  for (const auto& item : root.named_parameters()) {
    session_.params[item.value().unsafeGetTensorImpl()] = {
        default_info, param_mean(item.value())};
  }
  current_session = &session_;
}

InitSessionScope::~InitSessionScope() {
  current_session = nullptr;
}

double param_mean(const at::Tensor& param) {
  if (param.numel() == 0) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  return param.detach().mean().item<double>();
}

}  // namespace detail

}  // namespace mmengine::model
