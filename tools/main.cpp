// The `mmengine` command line. Errors from the library are printed as one
// "error: <Kind>: <message>" line and exit with status 1.
#include <exception>
#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "mmengine/utils/error.h"
#include "mmengine/version.h"
#include "tools/commands.h"

int main(int argc, char** argv) {
  CLI::App app{
      "MMEngine for C++: train, test and inspect models from MMEngine "
      "configs",
      "mmengine"};
  app.set_version_flag(
      "--version",
      fmt::format(
          "mmengine {} (C++; mirrors MMEngine {})",
          MMENGINE_VERSION,
          MMENGINE_MIRRORS_VERSION));
  app.require_subcommand(1);
  mmengine::tools::add_collect_env_command(app);
  mmengine::tools::add_print_config_command(app);
  mmengine::tools::add_registry_command(app);
#ifdef MMENGINE_CLI_HAS_ENGINE
  mmengine::tools::add_train_command(app);
  mmengine::tools::add_test_command(app);
  mmengine::tools::add_vis_scheduler_command(app);
  mmengine::tools::add_convert_checkpoint_command(app);
#endif

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const mmengine::Error& e) {
    std::cerr << "error: " << e.kind() << ": " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
