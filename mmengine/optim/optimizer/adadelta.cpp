#include "mmengine/optim/optimizer/adadelta.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include "mmengine/optim/optimizer/optimizer_impl.h"

namespace mmengine::optim {

using config::Value;
using structures::Tree;

namespace {

Value adadelta_defaults(const AdadeltaOptions& o) {
  detail::check_hyper(o.lr >= 0, "learning rate", o.lr);
  detail::check_hyper(o.rho >= 0 && o.rho <= 1, "rho value", o.rho);
  detail::check_hyper(o.eps >= 0, "epsilon value", o.eps);
  detail::check_hyper(
      o.weight_decay >= 0, "weight_decay value", o.weight_decay);
  detail::check_flag(o.foreach, "foreach", "Adadelta");
  return Value::dict(
      {{"lr", o.lr},
       {"rho", o.rho},
       {"eps", o.eps},
       {"weight_decay", o.weight_decay},
       {"maximize", o.maximize},
       {"capturable", false},
       {"foreach", o.foreach},
       {"differentiable", false}});
}

AdadeltaOptions options_from(registry::BuildArgs& args) {
  AdadeltaOptions o;
  o.lr = args.take<double>("lr", o.lr);
  o.rho = args.take<double>("rho", o.rho);
  o.eps = args.take<double>("eps", o.eps);
  o.weight_decay = args.take<double>("weight_decay", o.weight_decay);
  o.maximize = args.take<bool>("maximize", o.maximize);
  o.foreach = detail::take_flag(args, "foreach", Value(), "Adadelta");
  detail::take_flag(args, "capturable", false, "Adadelta");
  detail::take_flag(args, "differentiable", false, "Adadelta");
  return o;
}

}  // namespace

Adadelta::Adadelta(
    std::vector<ParamGroup> param_groups, const AdadeltaOptions& options)
    : Optimizer(std::move(param_groups), adadelta_defaults(options)) {}

Adadelta::Adadelta(registry::BuildArgs& args)
    : Adadelta(
          args.object<std::vector<ParamGroup>>("params"), options_from(args)) {}

at::Tensor Adadelta::step(const Closure& closure) {
  at::Tensor loss = detail::run_closure(closure);
  at::NoGradGuard no_grad;
  for (ParamGroup& group : param_groups()) {
    detail::GradTensors t = detail::with_grads(group, name());
    if (t.params.empty()) {
      continue;
    }
    const double lr = group.get("lr");
    const double rho = group.get("rho");
    const double eps = group.get("eps");
    const double weight_decay = group.get("weight_decay");
    const bool maximize = detail::flag_of(group, "maximize");
    std::vector<at::Tensor> square_avgs, acc_deltas, steps;
    for (const at::Tensor& p : t.params) {
      Tree& s = state(p);
      auto zeros = [&] { return at::zeros_like(p); };
      steps.push_back(detail::state_tensor(
          s, "step", [] { return detail::scalar_state(0); }));
      square_avgs.push_back(detail::state_tensor(s, "square_avg", zeros));
      acc_deltas.push_back(detail::state_tensor(s, "acc_delta", zeros));
    }
    if (t.has_complex) {
      for (auto* list : {&t.params, &t.grads, &square_avgs, &acc_deltas}) {
        detail::view_as_real(*list);
      }
    }
    detail::increment_steps(steps);
    detail::for_each_chunk(
        {t.params, t.grads, square_avgs, acc_deltas},
        {},
        [&](detail::ChunkLists& l, detail::ChunkScalars& /*unused*/) {
          std::vector<at::Tensor>& grads = l[1];
          detail::prepare_grads(grads, l[0], maximize, weight_decay);
          at::_foreach_mul_(l[2], rho);
          at::_foreach_addcmul_(l[2], grads, grads, 1 - rho);
          std::vector<at::Tensor> std_ = at::_foreach_add(l[2], eps);
          at::_foreach_sqrt_(std_);
          std::vector<at::Tensor> deltas = at::_foreach_add(l[3], eps);
          at::_foreach_sqrt_(deltas);
          at::_foreach_div_(deltas, std_);
          at::_foreach_mul_(deltas, grads);
          at::_foreach_mul_(l[3], rho);
          at::_foreach_addcmul_(l[3], deltas, deltas, 1 - rho);
          at::_foreach_add_(l[0], deltas, -lr);
        });
  }
  return loss;
}

}  // namespace mmengine::optim
