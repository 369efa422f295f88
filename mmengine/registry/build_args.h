#pragma once

#include <any>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/value.h"
#include "mmengine/utils/error.h"

namespace mmengine::registry {

/// Runtime objects a build needs besides config values (the optimizer for
/// a scheduler, the runner for a loop). Mirrors the non-config entries of
/// MMEngine's `default_args`.
class MMENGINE_API RuntimeArgs {
 public:
  /// Adds `name` -> value (a shared_ptr, a pointer, or any copyable value).
  template <typename T>
  RuntimeArgs& set(std::string name, T value) {
    objects_[std::move(name)] = std::move(value);
    return *this;
  }
  bool contains(std::string_view name) const {
    return objects_.find(name) != objects_.end();
  }
  /// The object stored under `name` as T; TypeError names the stored type.
  template <typename T>
  const T& get(std::string_view name) const {
    auto it = objects_.find(name);
    MMENGINE_CHECK_KEY(
        it != objects_.end(), "missing runtime argument '", name, "'");
    const T* value = std::any_cast<T>(&it->second);
    MMENGINE_CHECK_TYPE(
        value != nullptr,
        "runtime argument '",
        name,
        "' has another type (",
        it->second.type().name(),
        ")");
    return *value;
  }

 private:
  std::map<std::string, std::any, std::less<>> objects_;
};

/// The arguments of one build: the config (without `type` and `_scope_`)
/// read key by key by the builder, plus runtime objects. After the builder
/// returns, the registry rejects every key it did not read, so a typo in a
/// config is an error, not silently ignored.
///
///   MyHook(BuildArgs& a) : interval_(a.take<int>("interval", 1)) {}
class MMENGINE_API BuildArgs {
 public:
  /// `where` names the object in errors, e.g. "HOOKS.CheckpointHook" or a
  /// key path such as "default_hooks.checkpoint".
  BuildArgs(
      config::Value cfg,
      std::string where,
      const RuntimeArgs* runtime = nullptr);

  /// Required key converted to T; KeyError when absent.
  template <typename T>
  T take(std::string_view key) {
    return cfg_ref(key).template as<T>();
  }
  /// Optional key converted to T, else `fallback`.
  template <typename T>
  T take(std::string_view key, T fallback) {
    if (!has(key)) {
      asked_.emplace(key);
      return fallback;
    }
    return cfg_ref(key).template as<T>();
  }
  /// Required/optional raw value (nested configs, lists of configs).
  config::Value take_value(std::string_view key);
  config::Value take_value(std::string_view key, config::Value fallback);
  /// True when the config has `key` (does not mark it read).
  bool has(std::string_view key) const;
  /// The whole config (does not mark anything read).
  const config::Value& cfg() const noexcept {
    return cfg_;
  }
  /// Marks every key read (for builders that forward **kwargs).
  void take_all();
  /// Keys present but never read, in config order.
  std::vector<std::string> unused_keys() const;
  /// Throws TypeError naming the unused keys and the closest accepted
  /// names, in Python's "__init__() got an unexpected keyword argument"
  /// wording prefixed with `where`.
  void check_all_used() const;

  /// Runtime object by name (see RuntimeArgs::get).
  template <typename T>
  const T& object(std::string_view name) const {
    MMENGINE_CHECK_KEY(
        runtime_ != nullptr && runtime_->contains(name),
        where_,
        ": missing runtime argument '",
        name,
        "'");
    return runtime_->template get<T>(name);
  }
  bool has_object(std::string_view name) const {
    return runtime_ != nullptr && runtime_->contains(name);
  }
  const RuntimeArgs* runtime() const noexcept {
    return runtime_;
  }
  const std::string& where() const noexcept {
    return where_;
  }

 private:
  config::ConstRef cfg_ref(std::string_view key);

  config::Value cfg_;
  std::string where_;
  const RuntimeArgs* runtime_;
  std::set<std::string, std::less<>> used_;
  std::set<std::string, std::less<>> asked_;
};

}  // namespace mmengine::registry
