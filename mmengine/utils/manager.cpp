#include "mmengine/utils/manager.h"

#include <iostream>

#include "mmengine/utils/error.h"

namespace mmengine::utils {

ManagerRegistry::ManagerRegistry(std::string class_name)
    : class_name_(std::move(class_name)) {}

std::shared_ptr<void> ManagerRegistry::get_instance(
    const std::string& name, const Factory& make, bool has_kwargs) {
  MMENGINE_CHECK(
      !name.empty(),
      class_name_,
      ": name argument must be an non-empty string.");
  std::lock_guard lock(mutex_);
  for (const auto& [key, instance] : instances_) {
    if (key == name) {
      if (has_kwargs) {
        // MMEngine's warnings.warn (a UserWarning on stderr).
        std::cerr << "UserWarning: <class '" << class_name_
                  << "'> instance named of " << name
                  << " has been created, the method `get_instance` should "
                     "not accept any other arguments\n";
      }
      return instance;
    }
  }
  std::shared_ptr<void> instance = make();
  instances_.emplace_back(name, instance);
  return instance;
}

std::shared_ptr<void> ManagerRegistry::current() const {
  std::lock_guard lock(mutex_);
  return instances_.empty() ? nullptr : instances_.back().second;
}

std::shared_ptr<void> ManagerRegistry::current_or_throw() const {
  std::lock_guard lock(mutex_);
  if (instances_.empty()) {
    throw Error(fmt::format(
        "Before calling {}.get_current_instance(), you should "
        "call get_instance(name=xxx) at least once.",
        class_name_));
  }
  return instances_.back().second;
}

std::shared_ptr<void> ManagerRegistry::find(const std::string& name) const {
  std::lock_guard lock(mutex_);
  for (const auto& [key, instance] : instances_) {
    if (key == name) {
      return instance;
    }
  }
  return nullptr;
}

bool ManagerRegistry::contains(const std::string& name) const {
  return find(name) != nullptr;
}

std::vector<std::string> ManagerRegistry::names() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  out.reserve(instances_.size());
  for (const auto& item : instances_) {
    out.push_back(item.first);
  }
  return out;
}

std::vector<std::shared_ptr<void>> ManagerRegistry::instances() const {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<void>> out;
  out.reserve(instances_.size());
  for (const auto& item : instances_) {
    out.push_back(item.second);
  }
  return out;
}

}  // namespace mmengine::utils
