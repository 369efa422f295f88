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

}  // namespace mmengine::tools
