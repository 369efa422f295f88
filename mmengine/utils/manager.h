#pragma once

/// Named global instances, as MMEngine's ManagerMixin gives MMLogger,
/// MessageHub and Visualizer.
///
///   static utils::ManagerRegistry registry("MessageHub");
///   auto hub = registry.get_instance<MessageHub>("train", [] { ... });

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "mmengine/api.h"

namespace mmengine::utils {

/// The instances of one managed class, in creation order. Thread-safe (a
/// recursive lock, so a factory may create instances of another class).
/// Mirrors `mmengine.utils.ManagerMixin`'s class-level `_instance_dict`.
class MMENGINE_API ManagerRegistry {
 public:
  using Factory = std::function<std::shared_ptr<void>()>;

  /// `class_name` appears in messages ("MessageHub").
  explicit ManagerRegistry(std::string class_name);

  /// The instance named `name`, created by `make` when absent. When it
  /// exists and `has_kwargs`, warns as MMEngine does (the arguments are
  /// ignored). ValueError for an empty name.
  std::shared_ptr<void> get_instance(
      const std::string& name, const Factory& make, bool has_kwargs = false);
  /// Typed convenience over get_instance.
  template <typename T>
  std::shared_ptr<T> get(
      const std::string& name,
      const std::function<std::shared_ptr<T>()>& make,
      bool has_kwargs = false) {
    return std::static_pointer_cast<T>(get_instance(
        name, [&] { return std::shared_ptr<void>(make()); }, has_kwargs));
  }
  /// The most recently created instance, or nullptr when none exists.
  std::shared_ptr<void> current() const;
  /// Error "Before calling <Cls>.get_current_instance(), ..." when
  /// no instance exists; the latest one otherwise.
  std::shared_ptr<void> current_or_throw() const;
  /// The instance named `name`, or nullptr.
  std::shared_ptr<void> find(const std::string& name) const;
  /// `check_instance_created(name)`.
  bool contains(const std::string& name) const;
  /// Names in creation order.
  std::vector<std::string> names() const;
  /// Every instance, in creation order.
  std::vector<std::shared_ptr<void>> instances() const;

 private:
  std::string class_name_;
  mutable std::recursive_mutex mutex_;
  std::vector<std::pair<std::string, std::shared_ptr<void>>> instances_;
};

}  // namespace mmengine::utils
