#pragma once
// The toy job of the runner tests: ToyModel, ToyDataset, ToyMetric and
// RecordHook, equal to the ones tests/fidelity/scripts/runner_toy.py
// registers in the real MMEngine.

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace mmengine::testing {

/// Registers the toy classes (idempotent), plus every built-in module.
void register_toy_job();

/// The RecordHook calls of the last run: [stage, epoch|null, iter|null,
/// batch_idx|null(, sorted metric names)].
nlohmann::json& recorded_calls();

/// tests/fidelity/runner_configs/<name>.
std::string toy_config(const std::string& name);

}  // namespace mmengine::testing
