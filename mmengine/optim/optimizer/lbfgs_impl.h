#pragma once

// LBFGS's arithmetic mixes Python floats and 0-dim float32 tensors (`t`,
// `gtd`, `ro`, ...). Num reproduces that mix so that every intermediate
// value rounds as in torch/optim/lbfgs.py.

#include <ATen/core/Tensor.h>

#include <functional>
#include <utility>

#include "mmengine/structures/tree.h"

namespace mmengine::optim::detail {

/// A Python number as LBFGS sees it: a float or a 0-dim tensor; binary
/// operations with a tensor operand follow torch's scalar promotion.
class Num {
 public:
  Num(double v = 0) : v_(v) {}  // NOLINT(google-explicit-constructor)
  Num(at::Tensor t);            // NOLINT(google-explicit-constructor)

  bool is_tensor() const noexcept {
    return t_.defined();
  }
  const at::Tensor& tensor() const noexcept {
    return t_;
  }
  /// The value as a double (`.item()` for tensors).
  double value() const;
  /// A float or a tensor, as stored in the optimizer state.
  structures::Tree to_tree() const;
  /// Reads a float/int or a tensor from the optimizer state.
  static Num from_tree(const structures::Tree& tree);

  friend Num operator+(const Num& a, const Num& b);
  friend Num operator-(const Num& a, const Num& b);
  friend Num operator*(const Num& a, const Num& b);
  friend Num operator/(const Num& a, const Num& b);
  Num operator-() const;

  friend bool operator<(const Num& a, const Num& b);
  friend bool operator<=(const Num& a, const Num& b);
  friend bool operator>(const Num& a, const Num& b) {
    return b < a;
  }
  friend bool operator>=(const Num& a, const Num& b) {
    return b <= a;
  }

 private:
  double v_ = 0;
  at::Tensor t_;
};

/// Python's abs(), `x ** 2`, `.sqrt()`, and the two-argument min/max
/// (which return one of their operands).
Num abs(const Num& x);
Num square(const Num& x);
Num sqrt(const Num& x);
inline const Num& py_min(const Num& a, const Num& b) {
  return b < a ? b : a;
}
inline const Num& py_max(const Num& a, const Num& b) {
  return b > a ? b : a;
}

/// `_cubic_interpolate(x1, f1, g1, x2, f2, g2, bounds)`.
Num cubic_interpolate(
    const Num& x1,
    const Num& f1,
    const Num& g1,
    const Num& x2,
    const Num& f2,
    const Num& g2,
    const std::pair<Num, Num>* bounds = nullptr);

/// Evaluates the loss (a float) and flat gradient at x + t * d, then
/// restores x: LBFGS's `_directional_evaluate`.
using DirectionalEvaluate =
    std::function<std::pair<double, at::Tensor>(const Num& t)>;

/// Result of the strong-Wolfe line search.
struct LineSearchResult {
  double loss;
  at::Tensor flat_grad;
  Num t;
  int func_evals;
};

/// `_strong_wolfe(obj_func, x, t, d, f, g, gtd, c1, c2, tolerance_change,
/// max_ls)`.
LineSearchResult strong_wolfe(
    const DirectionalEvaluate& obj_func,
    Num t,
    const at::Tensor& d,
    double f,
    const at::Tensor& g,
    const Num& gtd,
    int max_ls,
    double c1 = 1e-4,
    double c2 = 0.9,
    double tolerance_change = 1e-9);

}  // namespace mmengine::optim::detail
