#include "mmengine/optim/optimizer/radam.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <cmath>

#include "mmengine/optim/optimizer/optimizer_impl.h"
#include "mmengine/utils/error.h"

namespace mmengine::optim {

using config::Value;
using structures::Tree;

namespace {

Value radam_defaults(const RAdamOptions& o) {
  detail::check_hyper(o.lr >= 0, "learning rate", o.lr);
  detail::check_hyper(o.eps >= 0, "epsilon value", o.eps);
  const auto [b1, b2] = o.betas;
  detail::check_betas(o.betas);
  detail::check_hyper(
      o.weight_decay >= 0, "weight_decay value", o.weight_decay);
  detail::check_flag(o.foreach, "foreach", "RAdam");
  return Value::dict(
      {{"lr", o.lr},
       {"betas", Value::tuple({b1, b2})},
       {"eps", o.eps},
       {"weight_decay", o.weight_decay},
       {"maximize", o.maximize},
       {"foreach", o.foreach},
       {"capturable", false},
       {"decoupled_weight_decay", o.decoupled_weight_decay},
       {"differentiable", false}});
}

RAdamOptions options_from(registry::BuildArgs& args) {
  RAdamOptions o;
  o.lr = args.take<double>("lr", o.lr);
  o.betas = detail::take_betas(args, o.betas, "RAdam");
  o.eps = args.take<double>("eps", o.eps);
  o.weight_decay = args.take<double>("weight_decay", o.weight_decay);
  o.decoupled_weight_decay =
      args.take<bool>("decoupled_weight_decay", o.decoupled_weight_decay);
  o.maximize = args.take<bool>("maximize", o.maximize);
  o.foreach = detail::take_flag(args, "foreach", Value(), "RAdam");
  detail::take_flag(args, "capturable", false, "RAdam");
  detail::take_flag(args, "differentiable", false, "RAdam");
  return o;
}

// Per-parameter step sizes of the rectified update (Python floats in
// PyTorch's non-capturable path).
struct RAdamSizes {
  std::vector<double> unrect_step_size;
  std::vector<double> bias_correction2;
};

RAdamSizes radam_sizes(
    const std::vector<double>& steps, double lr, double beta1, double beta2) {
  const double rho_inf = 2 / (1 - beta2) - 1;
  RAdamSizes out;
  for (double step : steps) {
    const double b2t = std::pow(beta2, step);
    const double rho_t = rho_inf - 2 * step * b2t / (1 - b2t);
    double rect = 0;
    if (rho_t > 5) {
      rect = std::pow(
          (rho_t - 4) * (rho_t - 2) * rho_inf /
              ((rho_inf - 4) * (rho_inf - 2) * rho_t),
          0.5);
    }
    const double unrectified = rect > 0 ? 0.0 : 1.0;
    const double bc1 = 1 - std::pow(beta1, step);
    out.unrect_step_size.push_back((lr * unrectified / bc1) * -1);
    out.bias_correction2.push_back(
        std::pow(1 - std::pow(beta2, step), 0.5) * (lr * rect / bc1) * -1);
  }
  return out;
}

}  // namespace

RAdam::RAdam(std::vector<ParamGroup> param_groups, const RAdamOptions& options)
    : Optimizer(std::move(param_groups), radam_defaults(options)) {}

RAdam::RAdam(registry::BuildArgs& args)
    : RAdam(
          args.object<std::vector<ParamGroup>>("params"), options_from(args)) {}

at::Tensor RAdam::step(const Closure& closure) {
  at::Tensor loss = detail::run_closure(closure);
  at::NoGradGuard no_grad;
  for (ParamGroup& group : param_groups()) {
    detail::GradTensors t = detail::with_grads(group, name());
    if (t.params.empty()) {
      continue;
    }
    const double lr = group.get("lr");
    const auto betas = detail::betas_of(group);
    const double beta1 = betas.first;
    const double beta2 = betas.second;
    const double eps = group.get("eps");
    const double weight_decay = group.get("weight_decay");
    const bool decoupled = detail::flag_of(group, "decoupled_weight_decay");
    const bool maximize = detail::flag_of(group, "maximize");
    std::vector<at::Tensor> exp_avgs, exp_avg_sqs, steps;
    for (const at::Tensor& p : t.params) {
      Tree& s = state(p);
      auto zeros = [&] { return at::zeros_like(p); };
      steps.push_back(detail::state_tensor(
          s, "step", [] { return detail::scalar_state(0); }));
      exp_avgs.push_back(detail::state_tensor(s, "exp_avg", zeros));
      exp_avg_sqs.push_back(detail::state_tensor(s, "exp_avg_sq", zeros));
    }
    detail::increment_steps(steps);
    if (t.has_complex) {
      for (auto* list : {&t.params, &t.grads, &exp_avgs, &exp_avg_sqs}) {
        detail::view_as_real(*list);
      }
    }
    const RAdamSizes sizes =
        radam_sizes(detail::values_of(steps), lr, beta1, beta2);
    detail::for_each_chunk(
        {t.params, t.grads, exp_avgs, exp_avg_sqs},
        {sizes.bias_correction2, sizes.unrect_step_size},
        [&](detail::ChunkLists& l, detail::ChunkScalars& sc) {
          std::vector<at::Tensor>& params = l[0];
          std::vector<at::Tensor>& grads = l[1];
          if (maximize) {
            grads = at::_foreach_neg(grads);
          }
          if (weight_decay != 0 && decoupled) {
            at::_foreach_mul_(params, 1 - lr * weight_decay);
          } else {
            detail::prepare_grads(grads, params, false, weight_decay);
          }
          at::_foreach_lerp_(l[2], grads, 1 - beta1);
          at::_foreach_mul_(l[3], beta2);
          at::_foreach_addcmul_(l[3], grads, grads, 1 - beta2);
          std::vector<at::Tensor> buffer = at::_foreach_sqrt(l[3]);
          at::_foreach_add_(buffer, eps);
          at::_foreach_div_(buffer, sc[0]);
          at::_foreach_reciprocal_(buffer);
          at::_foreach_add_(buffer, sc[1]);
          at::_foreach_addcmul_(params, l[2], buffer);
        });
  }
  return loss;
}

}  // namespace mmengine::optim
