#pragma once
// What the checkpoint fidelity tests compare, computed by our Runner in the
// shape tests/fidelity/scripts/runner_ckpt.py prints for MMEngine's.

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace mmengine::testing {

/// Trains `config` in `work_dir`; returns files (timestamps masked as TS),
/// hooks_info, last_checkpoint, work_dir, log_lines and checkpoints (per .pth
/// file: keys, meta_keys, epoch, iter, hub_scalars, hub_info, scheduler_count).
nlohmann::json train_and_describe(
    const std::string& config, const std::filesystem::path& work_dir);

/// Runner::resume(checkpoint) with `config`; returns epoch, iter, weights,
/// lr, momentum, schedulers, scalars and info.
nlohmann::json resume_and_describe(
    const std::string& config,
    const std::filesystem::path& work_dir,
    const std::string& checkpoint);

}  // namespace mmengine::testing
