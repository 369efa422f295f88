#include <ATen/ATen.h>

#include <cmath>
#include <tuple>
#include <vector>

#include "mmengine/optim/optimizer/lbfgs_impl.h"

namespace mmengine::optim::detail {

Num::Num(at::Tensor t) : t_(std::move(t)) {}

double Num::value() const {
  return is_tensor() ? t_.item<double>() : v_;
}

structures::Tree Num::to_tree() const {
  return is_tensor() ? structures::Tree(t_) : structures::Tree(v_);
}

Num Num::from_tree(const structures::Tree& tree) {
  if (tree.is_tensor()) {
    return Num(tree.tensor());
  }
  return Num(tree.as<double>());
}

// A tensor operand makes the result a tensor; the float operand then acts
// as a wrapped scalar (cast to the tensor's dtype), as in Python.
Num operator+(const Num& a, const Num& b) {
  if (a.is_tensor() && b.is_tensor()) {
    return Num(at::add(a.t_, b.t_));
  }
  if (a.is_tensor()) {
    return Num(at::add(a.t_, b.v_));
  }
  if (b.is_tensor()) {
    return Num(at::add(b.t_, a.v_));
  }
  return Num(a.v_ + b.v_);
}

Num operator-(const Num& a, const Num& b) {
  if (a.is_tensor() && b.is_tensor()) {
    return Num(at::sub(a.t_, b.t_));
  }
  if (a.is_tensor()) {
    return Num(at::sub(a.t_, b.v_));
  }
  if (b.is_tensor()) {
    return Num(at::rsub(b.t_, a.v_));
  }
  return Num(a.v_ - b.v_);
}

Num operator*(const Num& a, const Num& b) {
  if (a.is_tensor() && b.is_tensor()) {
    return Num(at::mul(a.t_, b.t_));
  }
  if (a.is_tensor()) {
    return Num(at::mul(a.t_, b.v_));
  }
  if (b.is_tensor()) {
    return Num(at::mul(b.t_, a.v_));
  }
  return Num(a.v_ * b.v_);
}

Num operator/(const Num& a, const Num& b) {
  if (a.is_tensor() && b.is_tensor()) {
    return Num(at::div(a.t_, b.t_));
  }
  if (a.is_tensor()) {
    return Num(at::div(a.t_, b.v_));
  }
  if (b.is_tensor()) {
    // Tensor.__rdiv__: `self.reciprocal() * other`.
    return Num(at::mul(at::reciprocal(b.t_), a.v_));
  }
  return Num(a.v_ / b.v_);
}

Num Num::operator-() const {
  return is_tensor() ? Num(at::neg(t_)) : Num(-v_);
}

bool operator<(const Num& a, const Num& b) {
  if (a.is_tensor() && b.is_tensor()) {
    return at::lt(a.t_, b.t_).item<bool>();
  }
  if (a.is_tensor()) {
    return at::lt(a.t_, b.v_).item<bool>();
  }
  if (b.is_tensor()) {
    return at::gt(b.t_, a.v_).item<bool>();
  }
  return a.v_ < b.v_;
}

bool operator<=(const Num& a, const Num& b) {
  if (a.is_tensor() && b.is_tensor()) {
    return at::le(a.t_, b.t_).item<bool>();
  }
  if (a.is_tensor()) {
    return at::le(a.t_, b.v_).item<bool>();
  }
  if (b.is_tensor()) {
    return at::ge(b.t_, a.v_).item<bool>();
  }
  return a.v_ <= b.v_;
}

Num abs(const Num& x) {
  return x.is_tensor() ? Num(at::abs(x.tensor())) : Num(std::fabs(x.value()));
}

Num square(const Num& x) {
  if (x.is_tensor()) {
    return Num(at::pow(x.tensor(), 2));
  }
  const double v = x.value();
  return Num(v * v);
}

Num sqrt(const Num& x) {
  return x.is_tensor() ? Num(at::sqrt(x.tensor())) : Num(std::sqrt(x.value()));
}

Num cubic_interpolate(
    const Num& x1,
    const Num& f1,
    const Num& g1,
    const Num& x2,
    const Num& f2,
    const Num& g2,
    const std::pair<Num, Num>* bounds) {
  Num xmin_bound = x1 <= x2 ? x1 : x2;
  Num xmax_bound = x1 <= x2 ? x2 : x1;
  if (bounds != nullptr) {
    xmin_bound = bounds->first;
    xmax_bound = bounds->second;
  }
  const Num d1 = g1 + g2 - Num(3.0) * (f1 - f2) / (x1 - x2);
  const Num d2_square = square(d1) - g1 * g2;
  if (d2_square >= Num(0.0)) {
    const Num d2 = sqrt(d2_square);
    const Num min_pos =
        x1 <= x2
            ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + Num(2.0) * d2))
            : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + Num(2.0) * d2));
    return py_min(py_max(min_pos, xmin_bound), xmax_bound);
  }
  return (xmin_bound + xmax_bound) / Num(2.0);
}

namespace {

at::Tensor contiguous_clone(const at::Tensor& t) {
  return t.clone(at::MemoryFormat::Contiguous);
}

// The bracketing phase's state, as the Python locals of `_strong_wolfe`.
struct Bracket {
  std::vector<Num> t;
  std::vector<double> f;
  std::vector<at::Tensor> g;
  std::vector<Num> gtd;
};

}  // namespace

LineSearchResult strong_wolfe(
    const DirectionalEvaluate& obj_func,
    Num t,
    const at::Tensor& d,
    double f,
    const at::Tensor& g_in,
    const Num& gtd,
    int max_ls,
    double c1,
    double c2,
    double tolerance_change) {
  const Num d_norm(d.abs().max());
  const at::Tensor g = contiguous_clone(g_in);
  double f_new = 0;
  at::Tensor g_new;
  std::tie(f_new, g_new) = obj_func(t);
  int ls_func_evals = 1;
  Num gtd_new(g_new.dot(d));
  Num t_prev(0.0);
  double f_prev = f;
  at::Tensor g_prev = g;
  Num gtd_prev = gtd;
  bool done = false;
  int ls_iter = 0;
  Bracket b;
  const auto armijo_fails = [&](double f_value, const Num& step) {
    return Num(f_value) > (Num(f) + Num(c1) * step * gtd);
  };
  while (ls_iter < max_ls) {
    const auto bracket_here = [&] {
      b = {
          {t_prev, t},
          {f_prev, f_new},
          {g_prev, contiguous_clone(g_new)},
          {gtd_prev, gtd_new}};
    };
    if (armijo_fails(f_new, t) || (ls_iter > 1 && f_new >= f_prev)) {
      bracket_here();
      break;
    }
    if (abs(gtd_new) <= Num(-c2) * gtd) {
      b = {{t}, {f_new}, {g_new}, {}};
      done = true;
      break;
    }
    if (gtd_new >= Num(0.0)) {
      bracket_here();
      break;
    }
    const Num min_step = t + Num(0.01) * (t - t_prev);
    const Num max_step = t * Num(10.0);
    const Num tmp = t;
    const std::pair<Num, Num> bounds{min_step, max_step};
    t = cubic_interpolate(
        t_prev, Num(f_prev), gtd_prev, t, Num(f_new), gtd_new, &bounds);
    t_prev = tmp;
    f_prev = f_new;
    g_prev = contiguous_clone(g_new);
    gtd_prev = gtd_new;
    std::tie(f_new, g_new) = obj_func(t);
    ++ls_func_evals;
    gtd_new = Num(g_new.dot(d));
    ++ls_iter;
  }
  if (ls_iter == max_ls) {
    b.t = {Num(0.0), t};
    b.f = {f, f_new};
    b.g = {g, g_new};
  }
  bool insuf_progress = false;
  int low = b.f.front() <= b.f.back() ? 0 : 1;
  int high = 1 - low;
  while (!done && ls_iter < max_ls) {
    if (abs(b.t[1] - b.t[0]) * d_norm < Num(tolerance_change)) {
      break;
    }
    t = cubic_interpolate(
        b.t[0], Num(b.f[0]), b.gtd[0], b.t[1], Num(b.f[1]), b.gtd[1]);
    const Num bmax = py_max(b.t[0], b.t[1]);
    const Num bmin = py_min(b.t[0], b.t[1]);
    const Num eps = Num(0.1) * (bmax - bmin);
    if (py_min(bmax - t, t - bmin) < eps) {
      if (insuf_progress || t >= bmax || t <= bmin) {
        t = abs(t - bmax) < abs(t - bmin) ? bmax - eps : bmin + eps;
        insuf_progress = false;
      } else {
        insuf_progress = true;
      }
    } else {
      insuf_progress = false;
    }
    std::tie(f_new, g_new) = obj_func(t);
    ++ls_func_evals;
    gtd_new = Num(g_new.dot(d));
    ++ls_iter;
    if (armijo_fails(f_new, t) || f_new >= b.f[low]) {
      b.t[high] = t;
      b.f[high] = f_new;
      b.g[high] = contiguous_clone(g_new);
      b.gtd[high] = gtd_new;
      low = b.f[0] <= b.f[1] ? 0 : 1;
      high = 1 - low;
    } else {
      if (abs(gtd_new) <= Num(-c2) * gtd) {
        done = true;
      } else if (gtd_new * (b.t[high] - b.t[low]) >= Num(0.0)) {
        b.t[high] = b.t[low];
        b.f[high] = b.f[low];
        b.g[high] = b.g[low];
        b.gtd[high] = b.gtd[low];
      }
      b.t[low] = t;
      b.f[low] = f_new;
      b.g[low] = contiguous_clone(g_new);
      b.gtd[low] = gtd_new;
    }
  }
  return {b.f[low], b.g[low], b.t[low], ls_func_evals};
}

}  // namespace mmengine::optim::detail
