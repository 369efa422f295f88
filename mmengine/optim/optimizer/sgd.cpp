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
    // Buffers are created on the first step as copies of the (decayed)
    // gradients, as PyTorch's clone(); flags mark them for the chunks.
    std::vector<at::Tensor> bufs;
    std::vector<double> fresh;
    bool any_fresh = false;
    if (momentum != 0) {
      for (std::size_t i = 0; i < params.size(); ++i) {
        Tree& s = state(params[i]);
        const bool missing = !s.contains("momentum_buffer");
        if (missing) {
          s["momentum_buffer"] = Tree(at::empty_like(grads[i]));
        }
        bufs.push_back(s["momentum_buffer"].tensor());
        fresh.push_back(missing ? 1.0 : 0.0);
        any_fresh |= missing;
      }
    }
    detail::for_each_chunk(
        {params, grads, bufs},
        {fresh},
        [&](detail::ChunkLists& l, detail::ChunkScalars& sc) {
          std::vector<at::Tensor>& g = l[1];
          std::vector<at::Tensor>& b = l[2];
          detail::prepare_grads(g, l[0], maximize, weight_decay);
          if (momentum != 0) {
            if (!any_fresh) {
              at::_foreach_mul_(b, momentum);
              at::_foreach_add_(b, g, 1 - dampening);
            } else {
              for (std::size_t i = 0; i < b.size(); ++i) {
                if (sc[0][i].toDouble() != 0) {
                  b[i].copy_(g[i]);
                } else {
                  b[i].mul_(momentum).add_(g[i], 1 - dampening);
                }
              }
            }
            if (nesterov) {
              at::_foreach_add_(g, b, momentum);
            } else {
              g = b;
            }
          }
          at::_foreach_add_(l[0], g, -lr);
        });
  }
  return loss;
}

}  // namespace mmengine::optim
