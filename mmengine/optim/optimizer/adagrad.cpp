#include "mmengine/optim/optimizer/adagrad.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <complex>

#include "mmengine/optim/optimizer/optimizer_impl.h"

namespace mmengine::optim {

using config::Value;
using structures::Tree;

namespace {

Value adagrad_defaults(const AdagradOptions& o) {
  detail::check_hyper(o.lr >= 0, "learning rate", o.lr);
  detail::check_hyper(o.lr_decay >= 0, "lr_decay value", o.lr_decay);
  detail::check_hyper(
      o.weight_decay >= 0, "weight_decay value", o.weight_decay);
  detail::check_hyper(
      o.initial_accumulator_value >= 0,
      "initial_accumulator_value value",
      o.initial_accumulator_value);
  detail::check_hyper(o.eps >= 0, "epsilon value", o.eps);
  detail::check_flag(o.foreach, "foreach", "Adagrad");
  detail::check_flag(o.fused, "fused", "Adagrad");
  return Value::dict(
      {{"lr", o.lr},
       {"lr_decay", o.lr_decay},
       {"eps", o.eps},
       {"weight_decay", o.weight_decay},
       {"initial_accumulator_value", o.initial_accumulator_value},
       {"foreach", o.foreach},
       {"maximize", o.maximize},
       {"differentiable", false},
       {"fused", o.fused}});
}

AdagradOptions options_from(registry::BuildArgs& args) {
  AdagradOptions o;
  o.lr = args.take<double>("lr", o.lr);
  o.lr_decay = args.take<double>("lr_decay", o.lr_decay);
  o.weight_decay = args.take<double>("weight_decay", o.weight_decay);
  o.initial_accumulator_value = args.take<double>(
      "initial_accumulator_value", o.initial_accumulator_value);
  o.eps = args.take<double>("eps", o.eps);
  o.maximize = args.take<bool>("maximize", o.maximize);
  o.foreach = detail::take_flag(args, "foreach", Value(), "Adagrad");
  o.fused = detail::take_flag(args, "fused", Value(), "Adagrad");
  detail::take_flag(args, "differentiable", false, "Adagrad");
  return o;
}

// PyTorch fills `sum` with complex(v, v) for complex parameters.
at::Tensor initial_sum(const at::Tensor& p, double v) {
  if (p.is_complex()) {
    return at::full_like(p, c10::complex<double>(v, v));
  }
  return at::full_like(p, v);
}

}  // namespace

Adagrad::Adagrad(
    std::vector<ParamGroup> param_groups, const AdagradOptions& options)
    : Optimizer(std::move(param_groups), adagrad_defaults(options)),
      initial_accumulator_value_(options.initial_accumulator_value) {
  for (const ParamGroup& group : this->param_groups()) {
    for (const at::Tensor& p : group.params) {
      Tree& s = state(p);
      s["step"] = Tree(detail::scalar_state(0));
      s["sum"] = Tree(initial_sum(p, initial_accumulator_value_));
    }
  }
}

Adagrad::Adagrad(registry::BuildArgs& args)
    : Adagrad(
          args.object<std::vector<ParamGroup>>("params"), options_from(args)) {}

at::Tensor Adagrad::step(const Closure& closure) {
  at::Tensor loss = detail::run_closure(closure);
  at::NoGradGuard no_grad;
  for (ParamGroup& group : param_groups()) {
    detail::GradTensors t = detail::with_grads(group, name());
    if (t.params.empty()) {
      continue;
    }
    const double lr = group.get("lr");
    const double lr_decay = group.get("lr_decay");
    const double weight_decay = group.get("weight_decay");
    const double eps = group.get("eps");
    const bool maximize = detail::flag_of(group, "maximize");
    std::vector<at::Tensor> sums, steps;
    for (const at::Tensor& p : t.params) {
      Tree& s = state(p);
      steps.push_back(detail::state_tensor(
          s, "step", [] { return detail::scalar_state(0); }));
      sums.push_back(detail::state_tensor(s, "sum", [&] {
        return initial_sum(p, initial_accumulator_value_);
      }));
    }
    if (t.has_complex) {
      for (auto* list : {&t.params, &t.grads, &sums}) {
        detail::view_as_real(*list);
      }
    }
    detail::increment_steps(steps);
    std::vector<double> minus_clr;
    minus_clr.reserve(steps.size());
    for (double step : detail::values_of(steps)) {
      minus_clr.push_back(-lr / (1 + (step - 1) * lr_decay));
    }
    detail::for_each_chunk(
        {t.params, t.grads, sums},
        {minus_clr},
        [&](detail::ChunkLists& l, detail::ChunkScalars& sc) {
          std::vector<at::Tensor>& grads = l[1];
          const bool owned =
              detail::prepare_grads(grads, l[0], maximize, weight_decay);
          at::_foreach_addcmul_(l[2], grads, grads, 1);
          std::vector<at::Tensor> std_ = at::_foreach_sqrt(l[2]);
          at::_foreach_add_(std_, eps);
          std::vector<at::Tensor> numerator;
          if (owned) {
            at::_foreach_mul_(grads, sc[0]);
            numerator = grads;
          } else {
            numerator = at::_foreach_mul(grads, sc[0]);
          }
          at::_foreach_addcdiv_(l[0], numerator, std_);
        });
  }
  return loss;
}

}  // namespace mmengine::optim
