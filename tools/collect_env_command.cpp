#include <iostream>

#include "tools/commands.h"

#ifdef MMENGINE_CLI_HAS_ENGINE
#include "mmengine/device/utils.h"
#endif
#include "mmengine/utils/collect_env.h"

namespace mmengine::tools {

void add_collect_env_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "collect-env",
      "Print the environment: OS, compiler, build flags, libtorch, CUDA, "
      "GPUs, threads (like MMEngine's collect_env)");
  cmd->callback([] {
#ifdef MMENGINE_CLI_HAS_ENGINE
    std::cout << utils::format_env(device::collect_env());
#else
    std::cout << utils::format_env(utils::collect_base_env());
#endif
  });
}

}  // namespace mmengine::tools
