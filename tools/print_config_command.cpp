#include <iostream>

#include "mmengine/config/config.h"
#include "mmengine/config/dict_action.h"
#include "tools/commands.h"

namespace mmengine::tools {

namespace {

struct PrintConfigArgs {
  std::string config;
  std::vector<std::string> cfg_options;
  std::string format = "py";
};

}  // namespace

void add_print_config_command(CLI::App& app) {
  auto args = std::make_shared<PrintConfigArgs>();
  auto* cmd = app.add_subcommand(
      "print-config",
      "Print the fully resolved config (bases merged, variables and "
      "--cfg-options applied)");
  cmd->add_option("config", args->config, "config file (.py/.json/.yaml)")
      ->required();
  cmd->add_option(
      "--cfg-options",
      args->cfg_options,
      "override settings, KEY=VALUE (MMEngine's DictAction grammar: "
      "a.b=1 x=[1,2,(3,4)] t=(1,2) lst.0.k=5)");
  cmd->add_option(
         "--format",
         args->format,
         "py (MMEngine's pretty_text), json (the dict, tuples as lists) or "
         "yaml")
      ->check(CLI::IsMember({"py", "json", "yaml"}));
  cmd->callback([args] {
    auto cfg = config::Config::fromfile(args->config);
    if (!args->cfg_options.empty()) {
      cfg.merge_from_dict(config::parse_options(args->cfg_options));
    }
    std::cout << cfg.dump_string(args->format);
    if (args->format == "json") {
      std::cout << "\n";
    }
  });
}

}  // namespace mmengine::tools
