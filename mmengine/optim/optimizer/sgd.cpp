#include "mmengine/optim/optimizer/sgd.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include "mmengine/optim/optimizer/optimizer_impl.h"
#include "mmengine/utils/error.h"

namespace mmengine::optim {

using config::Value;
using structures::Tree;

namespace {

Value sgd_defaults(const SGDOptions& o) {
  detail::check_hyper(o.lr >= 0, "learning rate", o.lr);
  detail::check_hyper(o.momentum >= 0, "momentum value", o.momentum);
  detail::check_hyper(
      o.weight_decay >= 0, "weight_decay value", o.weight_decay);
  detail::check_flag(o.foreach, "foreach", "SGD");
  detail::check_flag(o.fused, "fused", "SGD");
  MMENGINE_CHECK(
      !o.nesterov || (o.momentum > 0 && o.dampening == 0),
      "Nesterov momentum requires a momentum and zero dampening");
  return Value::dict(
      {{"lr", o.lr},
       {"momentum", o.momentum},
       {"dampening", o.dampening},
       {"weight_decay", o.weight_decay},
       {"nesterov", o.nesterov},
       {"maximize", o.maximize},
       {"foreach", o.foreach},
       {"differentiable", false},
       {"fused", o.fused}});
}

SGDOptions options_from(registry::BuildArgs& args) {
  SGDOptions o;
  o.lr = args.take<double>("lr", o.lr);
  o.momentum = args.take<double>("momentum", o.momentum);
  o.dampening = args.take<double>("dampening", o.dampening);
  o.weight_decay = args.take<double>("weight_decay", o.weight_decay);
  o.nesterov = args.take<bool>("nesterov", o.nesterov);
  o.maximize = args.take<bool>("maximize", o.maximize);
  o.foreach = detail::take_flag(args, "foreach", Value(), "SGD");
  o.fused = detail::take_flag(args, "fused", Value(), "SGD");
  detail::take_flag(args, "differentiable", false, "SGD");
  return o;
}

}  // namespace

SGD::SGD(std::vector<ParamGroup> param_groups, const SGDOptions& options)
    : Optimizer(std::move(param_groups), sgd_defaults(options)) {}

SGD::SGD(registry::BuildArgs& args)
    : SGD(args.object<std::vector<ParamGroup>>("params"), options_from(args)) {}

at::Tensor SGD::step(const Closure& closure) {
  at::Tensor loss = detail::run_closure(closure);
  at::NoGradGuard no_grad;
  for (ParamGroup& group : param_groups()) {
    const double lr = group.get("lr");
    const double momentum = group.get("momentum");
    const double dampening = group.get("dampening");
    const double weight_decay = group.get("weight_decay");
    const bool nesterov = group.options["nesterov"].as<bool>();
    const bool maximize = group.options["maximize"].as<bool>();

    std::vector<at::Tensor> params;
    std::vector<at::Tensor> grads;
    for (const at::Tensor& p : group.params) {
      if (p.grad().defined()) {
        params.push_back(p);
        grads.push_back(p.grad());
      }
    }
    if (params.empty()) {
      continue;
    }
    if (maximize) {
      grads = at::_foreach_neg(grads);
    }
    if (weight_decay != 0) {
      if (maximize) {
        at::_foreach_add_(grads, params, weight_decay);
      } else {
        grads = at::_foreach_add(grads, params, weight_decay);
      }
    }
    if (momentum != 0) {
      std::vector<at::Tensor> bufs;
      bool all_have_buffer = true;
      for (const at::Tensor& p : params) {
        const Tree* s = find_state(p);
        if (s == nullptr || !s->contains("momentum_buffer")) {
          all_have_buffer = false;
          break;
        }
        bufs.push_back((*s)["momentum_buffer"].tensor());
      }
      if (all_have_buffer) {
        at::_foreach_mul_(bufs, momentum);
        at::_foreach_add_(bufs, grads, 1 - dampening);
      } else {
        bufs.clear();
        for (std::size_t i = 0; i < params.size(); ++i) {
          Tree& s = state(params[i]);
          if (!s.contains("momentum_buffer")) {
            s["momentum_buffer"] = Tree(grads[i].detach().clone());
          } else {
            s["momentum_buffer"].tensor().mul_(momentum).add_(
                grads[i], 1 - dampening);
          }
          bufs.push_back(s["momentum_buffer"].tensor());
        }
      }
      if (nesterov) {
        at::_foreach_add_(grads, bufs, momentum);
      } else {
        grads = bufs;
      }
    }
    at::_foreach_add_(params, grads, -lr);
  }
  return loss;
}

}  // namespace mmengine::optim
