#include "mmengine/utils/plugin.h"

#include <dlfcn.h>

#include <filesystem>
#include <iostream>
#include <mutex>
#include <set>

#include "mmengine/utils/error.h"

namespace mmengine::utils {

namespace {

std::string resolve(const std::string& library, const std::string& base_dir) {
  namespace fs = std::filesystem;
  const fs::path path(library);
  if (path.is_absolute() || library.find('/') == std::string::npos) {
    if (!base_dir.empty() && library.find('/') == std::string::npos &&
        fs::exists(fs::path(base_dir) / path)) {
      return (fs::path(base_dir) / path).string();
    }
    return library;
  }
  if (!base_dir.empty() && fs::exists(fs::path(base_dir) / path)) {
    return fs::absolute(fs::path(base_dir) / path).string();
  }
  return fs::absolute(path).string();
}

}  // namespace

void load_plugin(const std::string& library, const std::string& base_dir) {
  static std::mutex mutex;
  static std::set<void*> initialised;
  const std::string path = resolve(library, base_dir);
  std::lock_guard lock(mutex);
  // RTLD_GLOBAL: plugins may depend on each other's symbols.
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    throw FileError(fmt::format(
        "custom_imports: cannot load plugin library '{}' (resolved to '{}'): "
        "{}",
        library,
        path,
        why != nullptr ? why : "unknown error"));
  }
  if (initialised.contains(handle)) {
    return;
  }
  dlerror();
  void* symbol = dlsym(handle, MMENGINE_PLUGIN_ENTRY_SYMBOL);
  if (symbol == nullptr) {
    dlclose(handle);
    throw FileError(fmt::format(
        "custom_imports: plugin library '{}' has no entry point '{}' (define "
        "it with MMENGINE_PLUGIN_ENTRY() in the plugin)",
        path,
        MMENGINE_PLUGIN_ENTRY_SYMBOL));
  }
  initialised.insert(handle);
  reinterpret_cast<void (*)()>(symbol)();
}

void import_modules_from_strings(
    const std::vector<std::string>& imports,
    bool allow_failed_imports,
    const std::string& base_dir) {
  for (const auto& library : imports) {
    try {
      load_plugin(library, base_dir);
    } catch (const FileError& e) {
      if (!allow_failed_imports) {
        throw;
      }
      std::cerr << "UserWarning: " << library
                << " failed to import and is ignored. (" << e.what() << ")\n";
    }
  }
}

}  // namespace mmengine::utils
