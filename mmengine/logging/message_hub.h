#pragma once

/// MessageHub: the scalars (HistoryBuffers) and runtime info the Runner,
/// hooks and LogProcessor share, as named global instances.
///
///   auto hub = MessageHub::get_instance("train");
///   hub->update_scalar("train/loss", 0.5);
///   hub->update_info("iter", 10);
///   hub->get_scalar("train/loss").mean(10);

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/value.h"
#include "mmengine/logging/history_buffer.h"

namespace mmengine::logging {

/// Mirrors `mmengine.logging.MessageHub` (a ManagerMixin): ordered
/// `log_scalars` (name -> HistoryBuffer), ordered `runtime_info` (name ->
/// config Value) and `resumed_keys`. Differs in taking numbers as Values
/// (the engine converts tensors with `.item()` before calling).
class MMENGINE_API MessageHub {
 public:
  using ScalarItems =
      std::vector<std::pair<std::string, std::shared_ptr<HistoryBuffer>>>;

  /// A standalone hub (not registered); use get_instance for shared ones.
  explicit MessageHub(std::string name);

  /// The instance named `name`, created on first use.
  static std::shared_ptr<MessageHub> get_instance(const std::string& name);
  /// The most recently created instance; creates "mmengine" when none.
  static std::shared_ptr<MessageHub> get_current_instance();
  /// True when an instance named `name` exists.
  static bool check_instance_created(const std::string& name);
  const std::string& instance_name() const noexcept {
    return name_;
  }

  /// Appends `value` (int or float) with `count` to the buffer of `key`.
  /// The resumed flag of a key is fixed at first use (ValueError after).
  void update_scalar(
      const std::string& key,
      const config::Value& value,
      std::int64_t count = 1,
      bool resumed = true);
  /// Each item is a number or {"value": v, "count": c}.
  void update_scalars(const config::Value& log_dict, bool resumed = true);
  /// Sets runtime info `key` (kept in first-set order).
  void update_info(
      const std::string& key, config::Value value, bool resumed = true);
  /// update_info for every item of a dict.
  void update_info_dict(const config::Value& info_dict, bool resumed = true);
  /// Removes and returns info `key`, or `fallback`.
  config::Value pop_info(const std::string& key, config::Value fallback = {});
  /// Info `key` or `fallback`.
  config::Value get_info(
      const std::string& key, config::Value fallback = {}) const;
  /// Pointer to info `key`, or nullptr (no copy).
  const config::Value* find_info(const std::string& key) const;
  /// The buffer of `key`; KeyError "<key> is not found in
  /// Messagehub.log_buffers: instance name is: <name>".
  HistoryBuffer& get_scalar(const std::string& key);
  const HistoryBuffer& get_scalar(const std::string& key) const;
  /// Pointer to the buffer of `key`, or nullptr.
  const HistoryBuffer* find_scalar(const std::string& key) const;

  /// Scalars in insertion order.
  const ScalarItems& log_scalars() const noexcept {
    return scalars_;
  }
  /// Runtime info: a dict Value in insertion order.
  const config::Value& runtime_info() const noexcept {
    return runtime_info_;
  }
  /// key -> resumed flag, in first-use order.
  const std::vector<std::pair<std::string, bool>>& resumed_keys()
      const noexcept {
    return resumed_keys_;
  }

  /// {"log_scalars": {key: HistoryBuffer::state_dict()}, "runtime_info":
  /// {...}, "resumed_keys": {key: bool}}; only keys flagged resumed.
  config::Value state_dict() const;
  /// Loads state_dict() output. ValueError when a top-level key is missing;
  /// malformed buffers and unknown resumed keys are skipped with a WARNING
  /// through the current MMLogger, as MMEngine does.
  void load_state_dict(const config::Value& state);
  /// Copies everything from another hub (MMEngine's MessageHub argument).
  void load_state_dict(const MessageHub& other);

 private:
  // Registers or checks the flag; returns the key's place in resumed_keys_.
  std::size_t set_resumed_key(const std::string& key, bool resumed);
  HistoryBuffer* find_buffer(const std::string& key) const;

  std::string name_;
  ScalarItems scalars_;
  // Per scalar: its position in scalars_ and, once known, in
  // resumed_keys_ (both only ever appended to), so that an update of a
  // known key takes one lookup.
  struct ScalarSlot {
    std::size_t scalar;
    std::size_t resumed = static_cast<std::size_t>(-1);
  };
  std::unordered_map<std::string, ScalarSlot> scalar_index_;
  config::Value runtime_info_ = config::Value::dict();
  std::vector<std::pair<std::string, bool>> resumed_keys_;
  std::unordered_map<std::string, std::size_t> resumed_index_;
};

}  // namespace mmengine::logging
