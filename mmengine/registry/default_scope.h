#pragma once

#include <memory>
#include <string>

#include "mmengine/api.h"

namespace mmengine::registry {

/// The default scope: unscoped type names are looked up first in the
/// registry of this scope. Instances are global singletons by name; the
/// current one is the latest created. Mirrors
/// `mmengine.registry.DefaultScope` (a ManagerMixin). Thread-safe.
class MMENGINE_API DefaultScope {
 public:
  /// The instance called `name`, created with `scope_name` if absent (an
  /// existing instance keeps its scope, as in MMEngine).
  static std::shared_ptr<DefaultScope> get_instance(
      const std::string& name, const std::string& scope_name = "mmengine");
  /// The latest created instance, or nullptr when none exists.
  static std::shared_ptr<DefaultScope> get_current_instance();
  /// True when an instance called `name` exists.
  static bool check_instance_created(const std::string& name);

  const std::string& instance_name() const noexcept {
    return name_;
  }
  const std::string& scope_name() const noexcept {
    return scope_name_;
  }

  /// While alive, `scope_name` is the current default scope (nothing
  /// happens for an empty name). Mirrors `overwrite_default_scope`.
  class MMENGINE_API Overwrite {
   public:
    explicit Overwrite(const std::string& scope_name);
    ~Overwrite();
    Overwrite(const Overwrite&) = delete;
    Overwrite& operator=(const Overwrite&) = delete;

   private:
    std::string name_;
  };

  DefaultScope(std::string name, std::string scope_name)
      : name_(std::move(name)), scope_name_(std::move(scope_name)) {}

 private:
  std::string name_;
  std::string scope_name_;
};

/// Makes `scope` the current default scope (creating an instance named
/// after it when needed). Mirrors `mmengine.registry.init_default_scope`.
MMENGINE_API void init_default_scope(const std::string& scope);

}  // namespace mmengine::registry
