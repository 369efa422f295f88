#include "mmengine/registry/default_scope.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace mmengine::registry {

namespace {

struct State {
  std::mutex mutex;
  // Creation order; the last one is current.
  std::vector<std::shared_ptr<DefaultScope>> instances;
};

State& state() {
  static State s;
  return s;
}

std::shared_ptr<DefaultScope> find_locked(State& s, const std::string& name) {
  auto it = std::find_if(
      s.instances.begin(), s.instances.end(), [&](const auto& instance) {
        return instance->instance_name() == name;
      });
  return it == s.instances.end() ? nullptr : *it;
}

}  // namespace

std::shared_ptr<DefaultScope> DefaultScope::get_instance(
    const std::string& name, const std::string& scope_name) {
  State& s = state();
  std::lock_guard lock(s.mutex);
  if (auto existing = find_locked(s, name)) {
    return existing;
  }
  auto instance = std::make_shared<DefaultScope>(name, scope_name);
  s.instances.push_back(instance);
  return instance;
}

std::shared_ptr<DefaultScope> DefaultScope::get_current_instance() {
  State& s = state();
  std::lock_guard lock(s.mutex);
  return s.instances.empty() ? nullptr : s.instances.back();
}

bool DefaultScope::check_instance_created(const std::string& name) {
  State& s = state();
  std::lock_guard lock(s.mutex);
  return find_locked(s, name) != nullptr;
}

DefaultScope::Overwrite::Overwrite(const std::string& scope_name) {
  if (scope_name.empty()) {
    return;
  }
  static std::atomic<unsigned long> counter{0};
  name_ = fmt::format("overwrite-{}", counter++);
  State& s = state();
  std::lock_guard lock(s.mutex);
  s.instances.push_back(std::make_shared<DefaultScope>(name_, scope_name));
}

DefaultScope::Overwrite::~Overwrite() {
  if (name_.empty()) {
    return;
  }
  State& s = state();
  std::lock_guard lock(s.mutex);
  std::erase_if(s.instances, [&](const auto& instance) {
    return instance->instance_name() == name_;
  });
}

void init_default_scope(const std::string& scope) {
  auto current = DefaultScope::get_current_instance();
  if (current != nullptr && current->scope_name() == scope) {
    return;
  }
  std::string name = "init_default_scope-" + scope;
  // A fresh name makes the new instance the latest even if one existed.
  for (int i = 1; DefaultScope::check_instance_created(name); ++i) {
    name = fmt::format("init_default_scope-{}-{}", scope, i);
  }
  DefaultScope::get_instance(name, scope);
}

}  // namespace mmengine::registry
