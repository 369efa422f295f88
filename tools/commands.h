#pragma once

#include <CLI/CLI.hpp>

namespace mmengine::tools {

/// Adds `mmengine collect-env` to the app.
void add_collect_env_command(CLI::App& app);

/// Adds `mmengine registry [NAME]`.
void add_registry_command(CLI::App& app);

/// Adds `mmengine print-config CONFIG [--cfg-options K=V ...] [--format]`.
void add_print_config_command(CLI::App& app);

/// Adds `mmengine train CONFIG [--work-dir DIR] [--cfg-options ...]`.
void add_train_command(CLI::App& app);

/// Adds `mmengine test CONFIG [--checkpoint FILE] [--work-dir DIR]
/// [--cfg-options ...]`; prints the metrics as JSON.
void add_test_command(CLI::App& app);

#ifdef MMENGINE_CLI_HAS_ENGINE
/// Adds `mmengine vis-scheduler CONFIG [--dataset-size N | --epoch-length N]
/// [--ngpus N] [--param lr|momentum] [--out FILE.json]`.
void add_vis_scheduler_command(CLI::App& app);

/// Adds `mmengine convert-checkpoint IN [OUT] [--publish] [--inspect]`.
void add_convert_checkpoint_command(CLI::App& app);
#endif

}  // namespace mmengine::tools
