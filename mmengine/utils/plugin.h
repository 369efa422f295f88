#pragma once

#include <string>
#include <vector>

#include "mmengine/api.h"

/// Name of the function a plugin library exports; it registers the
/// plugin's classes. Define it with MMENGINE_PLUGIN_ENTRY.
#define MMENGINE_PLUGIN_ENTRY_SYMBOL "mmengine_plugin_register"

/// Defines a plugin's entry point:
///   MMENGINE_PLUGIN_ENTRY() { register_class<MyHook>(HOOKS, "MyHook"); }
#define MMENGINE_PLUGIN_ENTRY()                          \
  extern "C" __attribute__((visibility("default"))) void \
  mmengine_plugin_register()

namespace mmengine::utils {

/// Loads a shared library and calls its entry point once (loading the same
/// library again does nothing). `base_dir` resolves relative paths (the
/// config's folder); names without '/' also go through the system search
/// (LD_LIBRARY_PATH). Throws FileError naming the library and the symbol.
/// The C++ counterpart of importing a module from `custom_imports`.
MMENGINE_API void load_plugin(
    const std::string& library, const std::string& base_dir = {});

/// Loads every library in `imports`; with `allow_failed_imports` a failure
/// only warns (on stderr) and is skipped, as
/// `mmengine.utils.import_modules_from_strings`.
MMENGINE_API void import_modules_from_strings(
    const std::vector<std::string>& imports,
    bool allow_failed_imports = false,
    const std::string& base_dir = {});

}  // namespace mmengine::utils
