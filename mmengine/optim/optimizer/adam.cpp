#include "mmengine/optim/optimizer/adam.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <cmath>

#include "mmengine/optim/optimizer/optimizer_impl.h"
#include "mmengine/utils/error.h"

namespace mmengine::optim {

using config::Value;
using structures::Tree;

namespace {

Value adam_defaults(const AdamOptions& o) {
  detail::check_hyper(o.lr >= 0, "learning rate", o.lr);
  detail::check_hyper(o.eps >= 0, "epsilon value", o.eps);
  const auto [b1, b2] = o.betas;
  detail::check_betas(o.betas);
  detail::check_hyper(
      o.weight_decay >= 0, "weight_decay value", o.weight_decay);
  detail::check_flag(o.foreach, "foreach", "Adam");
  detail::check_flag(o.fused, "fused", "Adam");
  return Value::dict(
      {{"lr", o.lr},
       {"betas", Value::tuple({b1, b2})},
       {"eps", o.eps},
       {"weight_decay", o.weight_decay},
       {"amsgrad", o.amsgrad},
       {"maximize", o.maximize},
       {"foreach", o.foreach},
       {"capturable", false},
       {"differentiable", false},
       {"fused", o.fused},
       {"decoupled_weight_decay", o.decoupled_weight_decay}});
}

struct AdamGroup {
  detail::GradTensors t;
  std::vector<at::Tensor> exp_avgs, exp_avg_sqs, max_exp_avg_sqs, steps;
};

}  // namespace

AdamOptions Adam::options_from(
    registry::BuildArgs& args, AdamOptions o, bool accept_decoupled) {
  const char* cls = accept_decoupled ? "Adam" : "AdamW";
  o.lr = args.take<double>("lr", o.lr);
  o.betas = detail::take_betas(args, o.betas, cls);
  o.eps = args.take<double>("eps", o.eps);
  o.weight_decay = args.take<double>("weight_decay", o.weight_decay);
  o.amsgrad = args.take<bool>("amsgrad", o.amsgrad);
  o.maximize = args.take<bool>("maximize", o.maximize);
  if (accept_decoupled) {
    o.decoupled_weight_decay =
        args.take<bool>("decoupled_weight_decay", o.decoupled_weight_decay);
  }
  o.foreach = detail::take_flag(args, "foreach", Value(), cls);
  o.fused = detail::take_flag(args, "fused", Value(), cls);
  detail::take_flag(args, "capturable", false, cls);
  detail::take_flag(args, "differentiable", false, cls);
  return o;
}

Adam::Adam(std::vector<ParamGroup> param_groups, const AdamOptions& options)
    : Optimizer(std::move(param_groups), adam_defaults(options)) {}

Adam::Adam(registry::BuildArgs& args)
    : Adam(
          args.object<std::vector<ParamGroup>>("params"),
          options_from(args, AdamOptions{}, true)) {}

at::Tensor Adam::step(const Closure& closure) {
  at::Tensor loss = detail::run_closure(closure);
  at::NoGradGuard no_grad;
  for (ParamGroup& group : param_groups()) {
    const bool amsgrad = detail::flag_of(group, "amsgrad");
    AdamGroup g;
    g.t = detail::with_grads(group, name());
    if (g.t.params.empty()) {
      continue;
    }
    for (const at::Tensor& p : g.t.params) {
      Tree& s = state(p);
      auto zeros = [&] { return at::zeros_like(p); };
      g.steps.push_back(detail::state_tensor(
          s, "step", [] { return detail::scalar_state(0); }));
      g.exp_avgs.push_back(detail::state_tensor(s, "exp_avg", zeros));
      g.exp_avg_sqs.push_back(detail::state_tensor(s, "exp_avg_sq", zeros));
      if (amsgrad) {
        g.max_exp_avg_sqs.push_back(
            detail::state_tensor(s, "max_exp_avg_sq", zeros));
      }
    }
    const auto betas = detail::betas_of(group);
    const double beta1 = betas.first;
    const double beta2 = betas.second;
    const double lr = group.get("lr");
    const double weight_decay = group.get("weight_decay");
    const double eps = group.get("eps");
    const bool maximize = detail::flag_of(group, "maximize");
    const bool decoupled = detail::flag_of(group, "decoupled_weight_decay");
    if (g.t.has_complex) {
      for (auto* list :
           {&g.t.params,
            &g.t.grads,
            &g.exp_avgs,
            &g.exp_avg_sqs,
            &g.max_exp_avg_sqs}) {
        detail::view_as_real(*list);
      }
    }
    detail::increment_steps(g.steps);
    const std::vector<double> steps = detail::values_of(g.steps);
    std::vector<double> step_size(steps.size());
    std::vector<double> bc2_sqrt(steps.size());
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const double bc1 = 1 - std::pow(beta1, steps[i]);
      step_size[i] = (lr / bc1) * -1;
      bc2_sqrt[i] = std::pow(1 - std::pow(beta2, steps[i]), 0.5);
    }
    detail::for_each_chunk(
        {g.t.params, g.t.grads, g.exp_avgs, g.exp_avg_sqs, g.max_exp_avg_sqs},
        {bc2_sqrt, step_size},
        [&](detail::ChunkLists& l, detail::ChunkScalars& sc) {
          std::vector<at::Tensor>& params = l[0];
          std::vector<at::Tensor>& grads = l[1];
          if (maximize) {
            grads = at::_foreach_neg(grads);
          }
          if (weight_decay != 0) {
            if (decoupled) {
              at::_foreach_mul_(params, 1 - lr * weight_decay);
            } else if (maximize) {
              at::_foreach_add_(grads, params, weight_decay);
            } else {
              grads = at::_foreach_add(grads, params, weight_decay);
            }
          }
          at::_foreach_lerp_(l[2], grads, 1 - beta1);
          at::_foreach_mul_(l[3], beta2);
          at::_foreach_addcmul_(l[3], grads, grads, 1 - beta2);
          std::vector<at::Tensor> denom;
          if (amsgrad) {
            at::_foreach_maximum_(l[4], l[3]);
            denom = at::_foreach_sqrt(l[4]);
          } else {
            denom = at::_foreach_sqrt(l[3]);
          }
          at::_foreach_div_(denom, sc[0]);
          at::_foreach_add_(denom, eps);
          at::_foreach_addcdiv_(params, l[2], denom, sc[1]);
        });
  }
  return loss;
}

}  // namespace mmengine::optim
