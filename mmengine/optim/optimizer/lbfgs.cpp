#include "mmengine/optim/optimizer/lbfgs.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <cmath>
#include <deque>

#include "mmengine/optim/optimizer/lbfgs_impl.h"
#include "mmengine/optim/optimizer/optimizer_impl.h"
#include "mmengine/utils/error.h"

namespace mmengine::optim {

using config::Value;
using detail::Num;
using structures::Tree;

namespace {

Value lbfgs_defaults(const LBFGSOptions& o) {
  detail::check_hyper(o.lr >= 0, "learning rate", o.lr);
  MMENGINE_CHECK(
      !o.line_search_fn || *o.line_search_fn == "strong_wolfe",
      "LBFGS: only 'strong_wolfe' is supported as line_search_fn, got '",
      o.line_search_fn.value_or(""),
      "'");
  return Value::dict(
      {{"lr", o.lr},
       {"max_iter", o.max_iter},
       {"max_eval", o.max_eval.value_or(o.max_iter * 5 / 4)},
       {"tolerance_grad", o.tolerance_grad},
       {"tolerance_change", o.tolerance_change},
       {"history_size", o.history_size},
       {"line_search_fn",
        o.line_search_fn ? Value(*o.line_search_fn) : Value()}});
}

LBFGSOptions options_from(registry::BuildArgs& args) {
  LBFGSOptions o;
  o.lr = args.take<double>("lr", o.lr);
  o.max_iter = args.take<std::int64_t>("max_iter", o.max_iter);
  if (Value v = args.take_value("max_eval", Value()); !v.is_none()) {
    o.max_eval = v.as<std::int64_t>();
  }
  o.tolerance_grad = args.take<double>("tolerance_grad", o.tolerance_grad);
  o.tolerance_change =
      args.take<double>("tolerance_change", o.tolerance_change);
  o.history_size = args.take<std::int64_t>("history_size", o.history_size);
  if (Value v = args.take_value("line_search_fn", Value()); !v.is_none()) {
    o.line_search_fn = v.as<std::string>();
  }
  return o;
}

at::Tensor contiguous_clone(const at::Tensor& t) {
  return t.clone(at::MemoryFormat::Contiguous);
}

bool max_abs_le(const at::Tensor& t, double tolerance) {
  return at::le(t.abs().max(), tolerance).item<bool>();
}

// The per-step locals LBFGS keeps in the state of its first parameter.
struct History {
  at::Tensor d;
  std::optional<Num> t;
  std::deque<at::Tensor> old_dirs, old_stps;
  std::deque<Num> ro;
  std::optional<Num> h_diag;  // none: the int 1 of the first iteration
  at::Tensor prev_flat_grad;
  std::optional<double> prev_loss;
  std::optional<std::vector<std::optional<Num>>> al;

  static History load(const Tree& s);
  void store(Tree& s) const;
};

History History::load(const Tree& s) {
  History h;
  auto get = [&](const char* key) -> const Tree* {
    const Tree* v = s.find(key);
    return v != nullptr && !v->is_none() ? v : nullptr;
  };
  if (const Tree* v = get("d")) {
    h.d = v->tensor();
  }
  if (const Tree* v = get("t")) {
    h.t = Num::from_tree(*v);
  }
  for (auto [key, list] :
       {std::pair{"old_dirs", &h.old_dirs},
        std::pair{"old_stps", &h.old_stps}}) {
    if (const Tree* v = get(key)) {
      for (const Tree& e : v->elements()) {
        list->push_back(e.tensor());
      }
    }
  }
  if (const Tree* v = get("ro")) {
    for (const Tree& e : v->elements()) {
      h.ro.push_back(Num::from_tree(e));
    }
  }
  if (const Tree* v = get("H_diag"); v != nullptr && v->is_tensor()) {
    h.h_diag = Num(v->tensor());
  }
  if (const Tree* v = get("prev_flat_grad")) {
    h.prev_flat_grad = v->tensor();
  }
  if (const Tree* v = get("prev_loss")) {
    h.prev_loss = v->as<double>();
  }
  if (const Tree* v = get("al")) {
    h.al.emplace();
    for (const Tree& e : v->elements()) {
      h.al->push_back(
          e.is_none() ? std::nullopt : std::optional(Num::from_tree(e)));
    }
  }
  return h;
}

void History::store(Tree& s) const {
  auto tensors = [](const std::deque<at::Tensor>& list) {
    std::vector<Tree> out(list.begin(), list.end());
    return Tree::list(std::move(out));
  };
  if (al) {
    std::vector<Tree> items;
    for (const auto& a : *al) {
      items.push_back(a ? a->to_tree() : Tree());
    }
    s["al"] = Tree::list(std::move(items));
  }
  s["d"] = d.defined() ? Tree(d) : Tree();
  s["t"] = t ? t->to_tree() : Tree();
  s["old_dirs"] = tensors(old_dirs);
  s["old_stps"] = tensors(old_stps);
  std::vector<Tree> ros;
  for (const Num& r : ro) {
    ros.push_back(r.to_tree());
  }
  s["ro"] = Tree::list(std::move(ros));
  s["H_diag"] = h_diag ? h_diag->to_tree() : Tree(1);
  s["prev_flat_grad"] =
      prev_flat_grad.defined() ? Tree(prev_flat_grad) : Tree();
  s["prev_loss"] = prev_loss ? Tree(*prev_loss) : Tree();
}

// The two-loop recursion: the new search direction from the history.
at::Tensor lbfgs_direction(History& h, const at::Tensor& flat_grad) {
  const std::size_t num_old = h.old_dirs.size();
  std::vector<std::optional<Num>>& al = *h.al;
  at::Tensor q = flat_grad.neg();
  for (std::size_t k = num_old; k-- > 0;) {
    al[k] = Num(h.old_stps[k].dot(q)) * h.ro[k];
    q.add_(h.old_dirs[k], (-*al[k]).value());
  }
  at::Tensor r = h.h_diag ? at::mul(q, h.h_diag->tensor()) : at::mul(q, 1);
  for (std::size_t k = 0; k < num_old; ++k) {
    const Num be_i = Num(h.old_dirs[k].dot(r)) * h.ro[k];
    r.add_(h.old_stps[k], (*al[k] - be_i).value());
  }
  return r;
}

// Records the last step's curvature pair (y, s) when ys > 1e-10.
void update_history(
    History& h, const at::Tensor& flat_grad, std::int64_t history_size) {
  at::Tensor y = flat_grad.sub(h.prev_flat_grad);
  at::Tensor s =
      h.t->is_tensor() ? h.d.mul(h.t->tensor()) : h.d.mul(h.t->value());
  const Num ys(y.dot(s));
  if (ys > Num(1e-10)) {
    if (static_cast<std::int64_t>(h.old_dirs.size()) == history_size) {
      h.old_dirs.pop_front();
      h.old_stps.pop_front();
      h.ro.pop_front();
    }
    h.old_dirs.push_back(y);
    h.old_stps.push_back(s);
    h.ro.push_back(Num(1.0) / ys);
    h.h_diag = ys / Num(y.dot(y));
  }
}

at::Scalar scalar_of(const Num& n) {
  return n.value();
}

}  // namespace

LBFGS::LBFGS(std::vector<ParamGroup> param_groups, const LBFGSOptions& options)
    : Optimizer(std::move(param_groups), lbfgs_defaults(options)) {
  MMENGINE_CHECK(
      this->param_groups().size() == 1,
      "LBFGS doesn't support per-parameter options (parameter groups)");
}

LBFGS::LBFGS(registry::BuildArgs& args)
    : LBFGS(
          args.object<std::vector<ParamGroup>>("params"), options_from(args)) {}

std::int64_t LBFGS::numel() const {
  std::int64_t n = 0;
  for (const at::Tensor& p : param_groups()[0].params) {
    n += p.is_complex() ? 2 * p.numel() : p.numel();
  }
  return n;
}

at::Tensor LBFGS::gather_flat_grad() const {
  std::vector<at::Tensor> views;
  for (const at::Tensor& p : param_groups()[0].params) {
    const at::Tensor& grad = p.grad();
    at::Tensor view;
    if (!grad.defined()) {
      view = at::zeros({p.numel()}, p.options());
    } else if (grad.is_sparse()) {
      view = grad.to_dense().view(-1);
    } else {
      view = grad.view(-1);
    }
    if (view.is_complex()) {
      view = at::view_as_real(view).view(-1);
    }
    views.push_back(view);
  }
  return at::cat(views, 0);
}

void LBFGS::add_grad(const at::Scalar& step_size, const at::Tensor& update) {
  std::int64_t offset = 0;
  for (at::Tensor p : param_groups()[0].params) {
    if (p.is_complex()) {
      p = at::view_as_real(p);
    }
    const std::int64_t n = p.numel();
    p.add_(update.slice(0, offset, offset + n).view_as(p), step_size);
    offset += n;
  }
  MMENGINE_INTERNAL_ASSERT(offset == numel(), "LBFGS: flat size mismatch");
}

at::Tensor LBFGS::step(const Closure& closure) {
  MMENGINE_CHECK(closure, "LBFGS.step() requires a closure");
  auto evaluate = [&] {
    at::AutoGradMode enable(true);
    return closure();
  };
  at::NoGradGuard no_grad;
  const ParamGroup& group = param_groups()[0];
  const double lr = group.get("lr");
  const auto max_iter = group.options["max_iter"].as<std::int64_t>();
  const auto max_eval = group.options["max_eval"].as<std::int64_t>();
  const double tolerance_grad = group.get("tolerance_grad");
  const double tolerance_change = group.get("tolerance_change");
  const Value& line_search_fn = group.options["line_search_fn"];
  const auto history_size = group.options["history_size"].as<std::int64_t>();

  Tree& s = state(group.params[0]);
  if (!s.contains("func_evals")) {
    s["func_evals"] = Tree(0);
  }
  if (!s.contains("n_iter")) {
    s["n_iter"] = Tree(0);
  }
  auto bump = [&](const char* key, std::int64_t by) {
    const auto v = s[key].as<std::int64_t>() + by;
    s[key] = Tree(v);
    return v;
  };
  at::Tensor orig_loss = evaluate();
  double loss = orig_loss.item<double>();
  std::int64_t current_evals = 1;
  bump("func_evals", 1);
  at::Tensor flat_grad = gather_flat_grad();
  bool opt_cond = max_abs_le(flat_grad, tolerance_grad);
  if (opt_cond) {
    return orig_loss;
  }
  History h = History::load(s);
  std::int64_t n_iter = 0;
  while (n_iter < max_iter) {
    ++n_iter;
    const std::int64_t state_n_iter = bump("n_iter", 1);
    if (state_n_iter == 1) {
      h.d = flat_grad.neg();
      h.old_dirs.clear();
      h.old_stps.clear();
      h.ro.clear();
      h.h_diag.reset();
    } else {
      update_history(h, flat_grad, history_size);
      if (!h.al) {
        h.al.emplace(static_cast<std::size_t>(history_size));
        s["al"] = Tree();  // keeps PyTorch's key order
      }
      h.d = lbfgs_direction(h, flat_grad);
    }
    if (!h.prev_flat_grad.defined()) {
      h.prev_flat_grad = contiguous_clone(flat_grad);
    } else {
      h.prev_flat_grad.copy_(flat_grad);
    }
    h.prev_loss = loss;
    if (state_n_iter == 1) {
      h.t = detail::py_min(Num(1.0), Num(1.0) / Num(flat_grad.abs().sum())) *
            Num(lr);
    } else {
      h.t = Num(lr);
    }
    const Num gtd(flat_grad.dot(h.d));
    if (gtd > Num(-tolerance_change)) {
      break;
    }
    std::int64_t ls_func_evals = 0;
    if (!line_search_fn.is_none()) {
      MMENGINE_CHECK(
          line_search_fn.as<std::string>() == "strong_wolfe",
          "only 'strong_wolfe' is supported");
      std::vector<at::Tensor> x_init;
      for (const at::Tensor& p : group.params) {
        x_init.push_back(contiguous_clone(p));
      }
      auto obj_func = [&](const Num& t) {
        add_grad(scalar_of(t), h.d);
        const double f = evaluate().item<double>();
        at::Tensor g = gather_flat_grad();
        for (std::size_t i = 0; i < x_init.size(); ++i) {
          group.params[i].copy_(x_init[i]);
        }
        return std::pair{f, g};
      };
      detail::LineSearchResult r = detail::strong_wolfe(
          obj_func,
          *h.t,
          h.d,
          loss,
          flat_grad,
          gtd,
          static_cast<int>(max_eval - current_evals));
      loss = r.loss;
      flat_grad = r.flat_grad;
      h.t = r.t;
      ls_func_evals = r.func_evals;
      add_grad(scalar_of(*h.t), h.d);
      opt_cond = max_abs_le(flat_grad, tolerance_grad);
    } else {
      add_grad(scalar_of(*h.t), h.d);
      if (n_iter != max_iter) {
        loss = evaluate().item<double>();
        flat_grad = gather_flat_grad();
        opt_cond = max_abs_le(flat_grad, tolerance_grad);
        ls_func_evals = 1;
      }
    }
    current_evals += ls_func_evals;
    bump("func_evals", ls_func_evals);
    if (n_iter == max_iter || current_evals >= max_eval || opt_cond) {
      break;
    }
    const at::Tensor moved =
        h.t->is_tensor() ? h.d.mul(h.t->tensor()) : h.d.mul(h.t->value());
    if (max_abs_le(moved, tolerance_change) ||
        std::abs(loss - *h.prev_loss) < tolerance_change) {
      break;
    }
  }
  h.store(s);
  return orig_loss;
}

}  // namespace mmengine::optim
