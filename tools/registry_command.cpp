#include <iostream>

#include "mmengine/registry/root.h"
#include "mmengine/utils/error.h"
#include "tools/commands.h"

namespace mmengine::tools {

namespace {

// "HOOKS", "hooks" and "hook" all name the hook registry.
registry::RegistryBase* find_registry(const std::string& wanted) {
  std::string lower = wanted;
  for (char& c : lower) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  for (auto* r : registry::root_registries()) {
    std::string name = r->name();
    std::string plural = name + "s";
    for (char& c : plural) {
      c = c == ' ' ? '_' : c;
    }
    if (lower == name || lower == plural ||
        (lower.size() > 1 && lower.back() == 's' &&
         lower.substr(0, lower.size() - 1) == name)) {
      return r;
    }
  }
  return nullptr;
}

}  // namespace

void add_registry_command(CLI::App& app) {
  auto name = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand(
      "registry",
      "List the root registries, or the names registered in one "
      "(e.g. `mmengine registry HOOKS`)");
  cmd->add_option("name", *name, "registry (HOOKS, hook, optimizer, ...)");
  cmd->callback([name] {
    if (name->empty()) {
      for (const auto* r : registry::root_registries()) {
        std::cout << r->name() << " (" << r->size() << " registered)\n";
      }
      return;
    }
    const auto* r = find_registry(*name);
    MMENGINE_CHECK_KEY(
        r != nullptr,
        "no registry called '",
        *name,
        "' (run `mmengine registry` for the list)");
    std::cout << r->help();
  });
}

}  // namespace mmengine::tools
