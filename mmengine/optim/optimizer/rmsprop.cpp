#include "mmengine/optim/optimizer/rmsprop.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include "mmengine/optim/optimizer/optimizer_impl.h"

namespace mmengine::optim {

using config::Value;
using structures::Tree;

namespace {

Value rmsprop_defaults(const RMSpropOptions& o) {
  detail::check_hyper(o.lr >= 0, "learning rate", o.lr);
  detail::check_hyper(o.eps >= 0, "epsilon value", o.eps);
  detail::check_hyper(o.momentum >= 0, "momentum value", o.momentum);
  detail::check_hyper(
      o.weight_decay >= 0, "weight_decay value", o.weight_decay);
  detail::check_hyper(o.alpha >= 0, "alpha value", o.alpha);
  detail::check_flag(o.foreach, "foreach", "RMSprop");
  return Value::dict(
      {{"lr", o.lr},
       {"momentum", o.momentum},
       {"alpha", o.alpha},
       {"eps", o.eps},
       {"centered", o.centered},
       {"weight_decay", o.weight_decay},
       {"capturable", false},
       {"foreach", o.foreach},
       {"maximize", o.maximize},
       {"differentiable", false}});
}

RMSpropOptions options_from(registry::BuildArgs& args) {
  RMSpropOptions o;
  o.lr = args.take<double>("lr", o.lr);
  o.alpha = args.take<double>("alpha", o.alpha);
  o.eps = args.take<double>("eps", o.eps);
  o.weight_decay = args.take<double>("weight_decay", o.weight_decay);
  o.momentum = args.take<double>("momentum", o.momentum);
  o.centered = args.take<bool>("centered", o.centered);
  o.maximize = args.take<bool>("maximize", o.maximize);
  o.foreach = detail::take_flag(args, "foreach", Value(), "RMSprop");
  detail::take_flag(args, "capturable", false, "RMSprop");
  detail::take_flag(args, "differentiable", false, "RMSprop");
  return o;
}

}  // namespace

RMSprop::RMSprop(
    std::vector<ParamGroup> param_groups, const RMSpropOptions& options)
    : Optimizer(std::move(param_groups), rmsprop_defaults(options)) {}

RMSprop::RMSprop(registry::BuildArgs& args)
    : RMSprop(
          args.object<std::vector<ParamGroup>>("params"), options_from(args)) {}

at::Tensor RMSprop::step(const Closure& closure) {
  at::Tensor loss = detail::run_closure(closure);
  at::NoGradGuard no_grad;
  for (ParamGroup& group : param_groups()) {
    detail::GradTensors t = detail::with_grads(group, name());
    if (t.params.empty()) {
      continue;
    }
    const double lr = group.get("lr");
    const double alpha = group.get("alpha");
    const double eps = group.get("eps");
    const double weight_decay = group.get("weight_decay");
    const double momentum = group.get("momentum");
    const bool centered = detail::flag_of(group, "centered");
    const bool maximize = detail::flag_of(group, "maximize");
    std::vector<at::Tensor> square_avgs, grad_avgs, bufs, steps;
    for (const at::Tensor& p : t.params) {
      Tree& s = state(p);
      auto zeros = [&] { return at::zeros_like(p); };
      steps.push_back(detail::state_tensor(
          s, "step", [] { return detail::scalar_state(0); }));
      square_avgs.push_back(detail::state_tensor(s, "square_avg", zeros));
      if (momentum > 0) {
        bufs.push_back(detail::state_tensor(s, "momentum_buffer", zeros));
      }
      if (centered) {
        grad_avgs.push_back(detail::state_tensor(s, "grad_avg", zeros));
      }
    }
    if (t.has_complex) {
      for (auto* list :
           {&t.params, &t.grads, &square_avgs, &bufs, &grad_avgs}) {
        detail::view_as_real(*list);
      }
    }
    detail::increment_steps(steps);
    detail::for_each_chunk(
        {t.params, t.grads, square_avgs, grad_avgs, bufs},
        {},
        [&](detail::ChunkLists& l, detail::ChunkScalars& /*unused*/) {
          std::vector<at::Tensor>& params = l[0];
          std::vector<at::Tensor>& grads = l[1];
          detail::prepare_grads(grads, params, maximize, weight_decay);
          at::_foreach_mul_(l[2], alpha);
          at::_foreach_addcmul_(l[2], grads, grads, 1 - alpha);
          std::vector<at::Tensor> avg;
          if (centered) {
            at::_foreach_lerp_(l[3], grads, 1 - alpha);
            avg = at::_foreach_addcmul(l[2], l[3], l[3], -1);
            at::_foreach_sqrt_(avg);
          } else {
            avg = at::_foreach_sqrt(l[2]);
          }
          at::_foreach_add_(avg, eps);
          if (momentum > 0) {
            at::_foreach_mul_(l[4], momentum);
            at::_foreach_addcdiv_(l[4], grads, avg);
            at::_foreach_add_(params, l[4], -lr);
          } else {
            at::_foreach_addcdiv_(params, grads, avg, -lr);
          }
        });
  }
  return loss;
}

}  // namespace mmengine::optim
