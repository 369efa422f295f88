#include "mmengine/optim/optimizer/adamax.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <cmath>

#include "mmengine/optim/optimizer/optimizer_impl.h"

namespace mmengine::optim {

using config::Value;
using structures::Tree;

namespace {

Value adamax_defaults(const AdamaxOptions& o) {
  detail::check_hyper(o.lr >= 0, "learning rate", o.lr);
  detail::check_hyper(o.eps >= 0, "epsilon value", o.eps);
  const auto [b1, b2] = o.betas;
  detail::check_betas(o.betas);
  detail::check_hyper(
      o.weight_decay >= 0, "weight_decay value", o.weight_decay);
  detail::check_flag(o.foreach, "foreach", "Adamax");
  return Value::dict(
      {{"lr", o.lr},
       {"betas", Value::tuple({b1, b2})},
       {"eps", o.eps},
       {"weight_decay", o.weight_decay},
       {"foreach", o.foreach},
       {"maximize", o.maximize},
       {"differentiable", false},
       {"capturable", false}});
}

AdamaxOptions options_from(registry::BuildArgs& args) {
  AdamaxOptions o;
  o.lr = args.take<double>("lr", o.lr);
  o.betas = detail::take_betas(args, o.betas, "Adamax");
  o.eps = args.take<double>("eps", o.eps);
  o.weight_decay = args.take<double>("weight_decay", o.weight_decay);
  o.maximize = args.take<bool>("maximize", o.maximize);
  o.foreach = detail::take_flag(args, "foreach", Value(), "Adamax");
  detail::take_flag(args, "capturable", false, "Adamax");
  detail::take_flag(args, "differentiable", false, "Adamax");
  return o;
}

}  // namespace

Adamax::Adamax(
    std::vector<ParamGroup> param_groups, const AdamaxOptions& options)
    : Optimizer(std::move(param_groups), adamax_defaults(options)) {}

Adamax::Adamax(registry::BuildArgs& args)
    : Adamax(
          args.object<std::vector<ParamGroup>>("params"), options_from(args)) {}

at::Tensor Adamax::step(const Closure& closure) {
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
    const bool maximize = detail::flag_of(group, "maximize");
    std::vector<at::Tensor> exp_avgs, exp_infs, steps;
    for (const at::Tensor& p : t.params) {
      Tree& s = state(p);
      auto zeros = [&] { return at::zeros_like(p); };
      steps.push_back(detail::state_tensor(
          s, "step", [] { return detail::scalar_state(0); }));
      exp_avgs.push_back(detail::state_tensor(s, "exp_avg", zeros));
      exp_infs.push_back(detail::state_tensor(s, "exp_inf", zeros));
    }
    if (t.has_complex) {
      for (auto* list : {&t.params, &t.grads, &exp_avgs, &exp_infs}) {
        detail::view_as_real(*list);
      }
    }
    detail::increment_steps(steps);
    std::vector<double> step_size;
    step_size.reserve(steps.size());
    for (double step : detail::values_of(steps)) {
      step_size.push_back((lr / (1 - std::pow(beta1, step))) * -1);
    }
    detail::for_each_chunk(
        {t.params, t.grads, exp_avgs, exp_infs},
        {step_size},
        [&](detail::ChunkLists& l, detail::ChunkScalars& sc) {
          std::vector<at::Tensor>& grads = l[1];
          const bool owned =
              detail::prepare_grads(grads, l[0], maximize, weight_decay);
          at::_foreach_lerp_(l[2], grads, 1 - beta1);
          at::_foreach_mul_(l[3], beta2);
          if (owned) {
            at::_foreach_abs_(grads);
          } else {
            grads = at::_foreach_abs(grads);
          }
          at::_foreach_add_(grads, eps);
          at::_foreach_maximum_(l[3], grads);
          at::_foreach_addcdiv_(l[0], l[2], l[3], sc[0]);
        });
  }
  return loss;
}

}  // namespace mmengine::optim
