#pragma once

// Shared by the optimizer tests: the fixed problem of
// tests/fidelity/scripts/optim_trajectory.py, built with the same torch ops,
// and conversions between state dicts and that script's JSON.

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mmengine/structures/tree.h"

namespace mmengine::optim::testing {

using nlohmann::json;

/// The parameters, targets and weights of the script's problem.
struct Problem {
  std::vector<at::Tensor> params, targets, weights;
  std::set<int> no_grad;
  double sign = 1.0;

  explicit Problem(const std::vector<std::vector<std::int64_t>>& shapes);
  /// The script's loss (same ops, same order).
  at::Tensor loss() const;
  /// All parameter values, flattened and concatenated.
  std::vector<double> flat() const;
  /// The script's digest: sum, sum of squares, every 97th value.
  std::vector<double> digest() const;
};

/// A state tree as the script's JSON (tensors as {"__tensor__": dtype, ...}).
json encode(const structures::Tree& tree);
/// The script's JSON as a state tree (keys under "state" become ints).
structures::Tree decode(const json& value, const std::string& key = "");

/// Runs one case of the script with the engine; same output layout.
json run_case(const json& spec);

/// Runs the cases with the script and the engine; returns (ours, theirs).
std::pair<json, json> run_both(const json& cases);

/// Compares two of the script's JSON documents: numbers (also inside
/// tensors) within rtol * |expected| + atol, everything else equal.
void expect_near(
    const json& ours,
    const json& ref,
    double rtol,
    double atol,
    const std::string& path);

}  // namespace mmengine::optim::testing
