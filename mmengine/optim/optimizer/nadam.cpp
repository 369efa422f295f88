#include "mmengine/optim/optimizer/nadam.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <cmath>

#include "mmengine/optim/optimizer/optimizer_impl.h"
#include "mmengine/utils/error.h"

namespace mmengine::optim {

using config::Value;
using structures::Tree;

namespace {

Value nadam_defaults(const NAdamOptions& o) {
  detail::check_hyper(o.lr >= 0, "learning rate", o.lr);
  detail::check_hyper(o.eps >= 0, "epsilon value", o.eps);
  const auto [b1, b2] = o.betas;
  detail::check_betas(o.betas);
  detail::check_hyper(
      o.weight_decay >= 0, "weight_decay value", o.weight_decay);
  detail::check_hyper(
      o.momentum_decay >= 0, "momentum_decay value", o.momentum_decay);
  detail::check_flag(o.foreach, "foreach", "NAdam");
  return Value::dict(
      {{"lr", o.lr},
       {"betas", Value::tuple({b1, b2})},
       {"eps", o.eps},
       {"weight_decay", o.weight_decay},
       {"momentum_decay", o.momentum_decay},
       {"decoupled_weight_decay", o.decoupled_weight_decay},
       {"maximize", o.maximize},
       {"foreach", o.foreach},
       {"capturable", false},
       {"differentiable", false}});
}

NAdamOptions options_from(registry::BuildArgs& args) {
  NAdamOptions o;
  o.lr = args.take<double>("lr", o.lr);
  o.betas = detail::take_betas(args, o.betas, "NAdam");
  o.eps = args.take<double>("eps", o.eps);
  o.weight_decay = args.take<double>("weight_decay", o.weight_decay);
  o.momentum_decay = args.take<double>("momentum_decay", o.momentum_decay);
  o.decoupled_weight_decay =
      args.take<bool>("decoupled_weight_decay", o.decoupled_weight_decay);
  o.maximize = args.take<bool>("maximize", o.maximize);
  o.foreach = detail::take_flag(args, "foreach", Value(), "NAdam");
  detail::take_flag(args, "capturable", false, "NAdam");
  detail::take_flag(args, "differentiable", false, "NAdam");
  return o;
}

}  // namespace

NAdam::NAdam(std::vector<ParamGroup> param_groups, const NAdamOptions& options)
    : Optimizer(std::move(param_groups), nadam_defaults(options)) {}

NAdam::NAdam(registry::BuildArgs& args)
    : NAdam(
          args.object<std::vector<ParamGroup>>("params"), options_from(args)) {}

at::Tensor NAdam::step(const Closure& closure) {
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
    const double momentum_decay = group.get("momentum_decay");
    const bool decoupled = detail::flag_of(group, "decoupled_weight_decay");
    const bool maximize = detail::flag_of(group, "maximize");
    std::vector<at::Tensor> exp_avgs, exp_avg_sqs, mu_products, steps;
    for (const at::Tensor& p : t.params) {
      Tree& s = state(p);
      auto zeros = [&] { return at::zeros_like(p); };
      steps.push_back(detail::state_tensor(
          s, "step", [] { return detail::scalar_state(0); }));
      mu_products.push_back(detail::state_tensor(
          s, "mu_product", [] { return detail::scalar_state(1); }));
      exp_avgs.push_back(detail::state_tensor(s, "exp_avg", zeros));
      exp_avg_sqs.push_back(detail::state_tensor(s, "exp_avg_sq", zeros));
    }
    if (t.has_complex) {
      for (auto* list : {&t.params, &t.grads, &exp_avgs, &exp_avg_sqs}) {
        detail::view_as_real(*list);
      }
    }
    detail::increment_steps(steps);
    const std::vector<double> step_values = detail::values_of(steps);
    const std::size_t n = step_values.size();
    std::vector<double> bc_sqrt(n), mus(n), mu_nexts(n);
    for (std::size_t i = 0; i < n; ++i) {
      const double step = step_values[i];
      bc_sqrt[i] = std::pow(1 - std::pow(beta2, step), 0.5);
      mus[i] = beta1 * (1.0 - 0.5 * std::pow(0.96, step * momentum_decay));
      mu_nexts[i] =
          beta1 * (1.0 - 0.5 * std::pow(0.96, (step + 1) * momentum_decay));
    }
    at::_foreach_mul_(mu_products, detail::to_scalars(mus));
    const std::vector<double> mu_product_values =
        detail::values_of(mu_products);
    std::vector<double> size_grads(n), size_expavg(n);
    for (std::size_t i = 0; i < n; ++i) {
      const double mp = mu_product_values[i];
      size_grads[i] = (lr * (1.0 - mus[i]) / (1.0 - mp)) * -1;
      size_expavg[i] = (lr * mu_nexts[i] / (1.0 - mp * mu_nexts[i])) * -1;
    }
    detail::for_each_chunk(
        {t.params, t.grads, exp_avgs, exp_avg_sqs},
        {bc_sqrt, size_grads, size_expavg},
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
          std::vector<at::Tensor> denom = at::_foreach_sqrt(l[3]);
          at::_foreach_div_(denom, sc[0]);
          at::_foreach_add_(denom, eps);
          at::_foreach_addcdiv_(params, grads, denom, sc[1]);
          at::_foreach_addcdiv_(params, l[2], denom, sc[2]);
        });
  }
  return loss;
}

}  // namespace mmengine::optim
