#include "mmengine/registry/registry.h"

#include <algorithm>

#include "mmengine/registry/default_scope.h"
#include "mmengine/utils/difflib.h"

namespace mmengine::registry {

using config::Key;
using config::Value;

RegistryBase::RegistryBase(
    std::string name, RegistryBase* parent, std::string scope)
    : name_(std::move(name)), scope_(std::move(scope)), parent_(parent) {
  if (parent_ == nullptr) {
    return;
  }
  MMENGINE_CHECK_T(
      RegistryError,
      !parent_->children_.contains(scope_),
      "scope ",
      scope_,
      " exists in ",
      parent_->name_,
      " registry");
  parent_->children_[scope_] = this;
}

RegistryBase::~RegistryBase() {
  if (parent_ != nullptr) {
    parent_->children_.erase(scope_);
  }
  for (auto& [scope, child] : children_) {
    child->parent_ = nullptr;
  }
}

RegistryBase& RegistryBase::root() {
  RegistryBase* r = this;
  while (r->parent_ != nullptr) {
    r = r->parent_;
  }
  return *r;
}

RegistryBase* RegistryBase::search_child(std::string_view scope) {
  if (scope_ == scope) {
    return this;
  }
  for (auto& [child_scope, child] : children_) {
    if (RegistryBase* found = child->search_child(scope)) {
      return found;
    }
  }
  return nullptr;
}

std::pair<std::string, std::string> RegistryBase::split_scope_key(
    std::string_view key) {
  const size_t dot = key.find('.');
  if (dot == std::string_view::npos) {
    return {std::string(), std::string(key)};
  }
  return {std::string(key.substr(0, dot)), std::string(key.substr(dot + 1))};
}

std::pair<const RegistryBase*, std::string> RegistryBase::locate_scoped(
    std::string_view key) const {
  auto [scope, name] = split_scope_key(key);
  if (scope.empty() || scope == scope_) {
    for (const RegistryBase* r = this; r != nullptr; r = r->parent_) {
      if (r->has_local(name)) {
        return {r, name};
      }
      if (!scope.empty()) {
        break;  // "own_scope.Name" looks only here
      }
    }
    return {nullptr, name};
  }
  if (auto it = children_.find(scope); it != children_.end()) {
    return it->second->locate_scoped(name);
  }
  const RegistryBase* r = this;
  while (r->parent_ != nullptr) {
    r = r->parent_;
  }
  if (r != this && (scope == r->scope_ || r->children_.contains(scope))) {
    return r->locate_scoped(key);
  }
  return {nullptr, name};
}

std::pair<const RegistryBase*, std::string> RegistryBase::locate(
    std::string_view key) const {
  auto found = locate_scoped(key);
  if (found.first != nullptr) {
    return found;
  }
  // A Python import path such as 'torch.optim.SGD' or
  // 'mmengine.hooks.LoggerHook' (what lazy-import configs produce): the
  // registered name is its last component. One dot stays "scope.Name".
  const size_t last_dot = key.rfind('.');
  if (last_dot == std::string_view::npos || key.find('.') == last_dot) {
    return found;
  }
  const std::string tail(key.substr(last_dot + 1));
  for (const RegistryBase* p = this; p != nullptr; p = p->parent_) {
    if (p->has_local(tail)) {
      return {p, tail};
    }
  }
  return found;
}

bool RegistryBase::contains(std::string_view key) const {
  return locate(key).first != nullptr;
}

std::string RegistryBase::help() const {
  std::string out = fmt::format("Registry of {} (scope {})\n", name_, scope_);
  for (const auto& name : local_names()) {
    const std::string doc = doc_of(name);
    out += doc.empty() ? fmt::format("  {}\n", name)
                       : fmt::format("  {:<32} {}\n", name, doc);
  }
  return out;
}

void RegistryBase::throw_not_found(
    std::string_view type, std::string_view path) const {
  std::vector<std::string> candidates;
  std::vector<std::string> searched;
  for (const RegistryBase* r = this; r != nullptr; r = r->parent_) {
    for (const auto& name : r->local_names()) {
      candidates.push_back(name);
      candidates.push_back(r->scope_ + "." + name);
    }
    searched.push_back(r->scope_ + "::" + r->name_);
  }
  const auto close = utils::get_close_matches(type, candidates, 3, 0.6);
  std::string hint;
  if (!close.empty()) {
    hint = fmt::format(
        " Did you mean: '{}'?", fmt::join(close.begin(), close.end(), "', '"));
  }
  throw KeyError(fmt::format(
      "{}{}{} is not in the {}::{} registry. Please check whether the value "
      "of `{}` is correct or it was registered as expected.{} (searched: "
      "{})",
      path,
      path.empty() ? "" : ": ",
      type,
      scope_,
      name_,
      type,
      hint,
      fmt::join(searched.begin(), searched.end(), ", ")));
}

RegistryBase& RegistryBase::current_scope_registry() {
  auto current = DefaultScope::get_current_instance();
  if (current == nullptr) {
    return *this;
  }
  RegistryBase* found = root().search_child(current->scope_name());
  // MMEngine warns and falls back to this registry.
  return found != nullptr ? *found : *this;
}

namespace detail {

PreparedBuild prepare_build(
    const Value& cfg,
    const BuildOptions& options,
    const RegistryBase& registry) {
  const std::string prefix = options.path.empty() ? "" : options.path + ": ";
  MMENGINE_CHECK_TYPE(
      cfg.is_dict(),
      prefix,
      "cfg should be a dict, ConfigDict or Config, but got <class '",
      cfg.type_name(),
      "'> (building from the ",
      registry.name(),
      " registry)");
  const Value& defaults = options.default_args;
  MMENGINE_CHECK_TYPE(
      defaults.is_none() || defaults.is_dict(),
      prefix,
      "default_args should be a dict, ConfigDict, Config or None, but got ",
      defaults.type_name());
  MMENGINE_CHECK_KEY(
      cfg.contains(Key("type")) || defaults.contains(Key("type")),
      prefix,
      "`cfg` or `default_args` must contain the key \"type\", but got ",
      cfg.repr(),
      "\n",
      defaults.repr());
  PreparedBuild out;
  out.full = cfg;
  if (defaults.is_dict()) {
    for (const auto& [k, v] : defaults.items()) {
      if (!out.full.contains(k)) {
        out.full.set(k, v);
      }
    }
  }
  out.args = out.full;
  if (out.args.contains(Key("_scope_"))) {
    const Value scope = out.args.pop(Key("_scope_"));
    MMENGINE_CHECK_TYPE(
        scope.is_none() || scope.is_string(),
        prefix,
        "_scope_ must be a str or None, but got ",
        scope.type_name());
    out.scope = scope.is_string() ? scope.as<std::string>() : "";
  }
  const Value type = out.args.pop(Key("type"));
  MMENGINE_CHECK_TYPE(
      type.is_string(),
      prefix,
      "type must be a str or valid type, but got <class '",
      type.type_name(),
      "'>");
  out.type = type.as<std::string>();
  return out;
}

ScopeGuard::ScopeGuard(const std::string& scope) : active_(!scope.empty()) {
  if (active_) {
    overwrite_ = std::make_unique<DefaultScope::Overwrite>(scope);
  }
}

ScopeGuard::~ScopeGuard() = default;

}  // namespace detail
}  // namespace mmengine::registry
