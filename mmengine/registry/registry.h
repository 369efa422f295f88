#pragma once

/// Registries map names to builders, so that every user-facing object can
/// be built from a config dict.
///
///   // in the user's own .cpp (one line, see MMENGINE_REGISTER)
///   MMENGINE_REGISTER(HOOKS, MyHook);
///   // anywhere
///   auto hook = HOOKS.build(Value::dict({{"type", "MyHook"}, {"k", 3}}));
///
/// Mirrors `mmengine.registry.Registry`: names, scopes (`'mmdet.ResNet'`,
/// `_scope_`, the default scope), parent/child registries with lookup
/// falling back to the parent. Differs in that builders must read every
/// config key (unknown keys are errors), names are looked up only among
/// registered builders (no import paths), and unknown names get close-match
/// suggestions.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/value.h"
#include "mmengine/registry/build_args.h"
#include "mmengine/registry/default_scope.h"

namespace mmengine::registry {

/// What a registration says besides the builder.
struct RegisterOptions {
  /// Replace an existing entry of the same name instead of failing.
  bool force = false;
  /// Where it was registered ("file.cpp:12"), shown in duplicate errors.
  std::string location;
  /// One line shown by `help()`.
  std::string doc;
};

/// Per-build inputs besides the config.
struct BuildOptions {
  /// Config defaults (a dict): applied with setdefault, as MMEngine's
  /// `default_args`.
  config::Value default_args;
  /// Runtime objects (optimizer, runner, ...).
  const RuntimeArgs* runtime = nullptr;
  /// Path of the config in the whole config, for error messages
  /// ("param_scheduler[1]").
  std::string path;
};

/// Objects that remember the config that rebuilds them. Registries fill it
/// when they build a T derived from Configurable.
class MMENGINE_API Configurable {
 public:
  virtual ~Configurable() = default;
  /// The config dict (with `type`) this object was built from; None when
  /// it was constructed in code.
  const config::Value& to_config() const noexcept {
    return built_config_;
  }
  /// Sets what to_config() returns (registries call it after a build).
  void set_built_config(config::Value cfg) {
    built_config_ = std::move(cfg);
  }

 private:
  config::Value built_config_;
};

/// The type-independent part of a registry: name, scope, the registry
/// tree, and name lookup with MMEngine's scope rules.
class MMENGINE_API RegistryBase {
 public:
  /// `name` as MMEngine's (e.g. "model"); `scope` defaults to "mmengine".
  /// A registry with a parent becomes parent.children()[scope]; a second
  /// child with the same scope is a RegistryError.
  RegistryBase(
      std::string name,
      RegistryBase* parent = nullptr,
      std::string scope = "mmengine");
  virtual ~RegistryBase();
  RegistryBase(const RegistryBase&) = delete;
  RegistryBase& operator=(const RegistryBase&) = delete;

  const std::string& name() const noexcept {
    return name_;
  }
  const std::string& scope() const noexcept {
    return scope_;
  }
  RegistryBase* parent() const noexcept {
    return parent_;
  }
  const std::map<std::string, RegistryBase*>& children() const noexcept {
    return children_;
  }
  /// The top of the tree.
  RegistryBase& root();
  /// The registry with `scope` in this subtree (depth-first), or nullptr.
  RegistryBase* search_child(std::string_view scope);

  /// Names registered here (not in parents), sorted.
  virtual std::vector<std::string> local_names() const = 0;
  /// True when `key` ("Name" or "scope.Name") resolves (MMEngine's `in`).
  bool contains(std::string_view key) const;
  /// Number of names registered here.
  size_t size() const {
    return local_names().size();
  }
  /// A table of names and docs, like printing a Registry in MMEngine.
  std::string help() const;

  /// Splits "scope.Name" at the first '.'; no '.' gives an empty scope.
  static std::pair<std::string, std::string> split_scope_key(
      std::string_view key);

 protected:
  /// The registry holding `key` by MMEngine's rules, and the plain name;
  /// nullptr when not found. Python import paths ('torch.optim.SGD') fall
  /// back to their last component.
  std::pair<const RegistryBase*, std::string> locate(
      std::string_view key) const;
  /// MMEngine's scope rules only.
  std::pair<const RegistryBase*, std::string> locate_scoped(
      std::string_view key) const;
  virtual bool has_local(std::string_view name) const = 0;
  virtual std::string doc_of(std::string_view name) const = 0;
  /// Error for an unknown type name, with close matches and the scopes
  /// searched.
  [[noreturn]] void throw_not_found(
      std::string_view type, std::string_view path) const;
  /// The registry of the current default scope in this tree (MMEngine's
  /// `switch_scope_and_registry`); this one when there is none.
  RegistryBase& current_scope_registry();

 private:
  std::string name_;
  std::string scope_;
  RegistryBase* parent_;
  std::map<std::string, RegistryBase*> children_;
};

/// A registry of builders of T (the common base class of what it builds).
template <typename T>
class Registry : public RegistryBase {
 public:
  /// Builds a T from the arguments; must read every key it accepts.
  using Builder = std::function<std::shared_ptr<T>(BuildArgs&)>;

  explicit Registry(
      std::string name,
      Registry* parent = nullptr,
      std::string scope = "mmengine")
      : RegistryBase(std::move(name), parent, std::move(scope)) {}

  /// Registers `builder` under `name`. KeyError "<name> is already
  /// registered in <registry> at <location>" unless options.force.
  void register_module(
      const std::string& name, Builder builder, RegisterOptions options = {}) {
    auto it = entries_.find(name);
    MMENGINE_CHECK_KEY(
        it == entries_.end() || options.force,
        name,
        " is already registered in ",
        this->name(),
        " at ",
        it == entries_.end() ? "" : it->second.options.location);
    entries_[name] = Entry{std::move(builder), std::move(options)};
  }

  /// The builder for "Name" or "scope.Name", or nullptr.
  const Builder* get(std::string_view key) const {
    auto [registry, name] = locate(key);
    if (registry == nullptr) {
      return nullptr;
    }
    const auto& entries = static_cast<const Registry*>(registry)->entries_;
    return &entries.find(name)->second.builder;
  }

  /// Builds from a config dict with `type` (and optional `_scope_`), the
  /// rest of the keys being the builder's arguments.
  std::shared_ptr<T> build(
      const config::Value& cfg, const BuildOptions& options = {});

  std::vector<std::string> local_names() const override {
    std::vector<std::string> names;
    for (const auto& [name, entry] : entries_) {
      names.push_back(name);
    }
    return names;
  }

 protected:
  bool has_local(std::string_view name) const override {
    return entries_.find(name) != entries_.end();
  }
  std::string doc_of(std::string_view name) const override {
    auto it = entries_.find(name);
    return it == entries_.end() ? std::string() : it->second.options.doc;
  }

 private:
  struct Entry {
    Builder builder;
    RegisterOptions options;
  };
  std::map<std::string, Entry, std::less<>> entries_;
};

namespace detail {

/// The checked, defaulted config of a build: the type name, the scope, the
/// arguments, and the full config to remember. Shared by all Registry<T>.
struct PreparedBuild {
  std::string type;
  std::string scope;
  config::Value args;
  config::Value full;
};

MMENGINE_API PreparedBuild prepare_build(
    const config::Value& cfg,
    const BuildOptions& options,
    const RegistryBase& registry);

/// Temporarily makes `scope` the default scope (no-op when empty).
class MMENGINE_API ScopeGuard {
 public:
  explicit ScopeGuard(const std::string& scope);
  ~ScopeGuard();
  ScopeGuard(const ScopeGuard&) = delete;
  ScopeGuard& operator=(const ScopeGuard&) = delete;

 private:
  bool active_;
  std::unique_ptr<DefaultScope::Overwrite> overwrite_;
};

}  // namespace detail

template <typename T>
std::shared_ptr<T> Registry<T>::build(
    const config::Value& cfg, const BuildOptions& options) {
  detail::PreparedBuild prepared = detail::prepare_build(cfg, options, *this);
  detail::ScopeGuard scope_guard(prepared.scope);
  auto& target = static_cast<Registry&>(this->current_scope_registry());
  const Builder* builder = target.get(prepared.type);
  if (builder == nullptr) {
    target.throw_not_found(prepared.type, options.path);
  }
  const std::string where = options.path.empty()
                                ? this->name() + "." + prepared.type
                                : options.path + " (" + prepared.type + ")";
  BuildArgs args(std::move(prepared.args), where, options.runtime);
  std::shared_ptr<T> object = (*builder)(args);
  args.check_all_used();
  MMENGINE_CHECK_T(
      RegistryError, object != nullptr, where, ": the builder returned null");
  if constexpr (std::is_base_of_v<Configurable, T>) {
    object->set_built_config(std::move(prepared.full));
  }
  return object;
}

}  // namespace mmengine::registry

/// Registers Class in REGISTRY under its own name, from the user's own
/// translation unit. Class needs `static std::shared_ptr<Class>
/// from_config(BuildArgs&)` or a constructor taking `BuildArgs&`.
#define MMENGINE_REGISTER(REGISTRY, Class) \
  MMENGINE_REGISTER_AS(REGISTRY, Class, #Class)

/// Same under another name.
#define MMENGINE_REGISTER_AS(REGISTRY, Class, Name)                            \
  static const bool MMENGINE_REGISTRY_CONCAT(mmengine_registered_, __LINE__) = \
      (::mmengine::registry::register_class<Class>(                            \
           REGISTRY, Name, __FILE__ ":" MMENGINE_REGISTRY_STR(__LINE__)),      \
       true)

#define MMENGINE_REGISTRY_CONCAT_(a, b) a##b
#define MMENGINE_REGISTRY_CONCAT(a, b) MMENGINE_REGISTRY_CONCAT_(a, b)
#define MMENGINE_REGISTRY_STR_(x) #x
#define MMENGINE_REGISTRY_STR(x) MMENGINE_REGISTRY_STR_(x)

namespace mmengine::registry {

/// Registers Class (see MMENGINE_REGISTER) into a registry of a base of it.
template <typename Class, typename Base>
void register_class(
    Registry<Base>& registry,
    const std::string& name,
    std::string location = {},
    std::string doc = {}) {
  typename Registry<Base>::Builder builder = [](BuildArgs& args) {
    if constexpr (requires { Class::from_config(args); }) {
      return std::shared_ptr<Base>(Class::from_config(args));
    } else {
      return std::shared_ptr<Base>(std::make_shared<Class>(args));
    }
  };
  RegisterOptions options;
  options.location = std::move(location);
  options.doc = std::move(doc);
  registry.register_module(name, std::move(builder), std::move(options));
}

}  // namespace mmengine::registry
