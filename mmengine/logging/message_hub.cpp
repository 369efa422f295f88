#include "mmengine/logging/message_hub.h"

#include "mmengine/logging/logger.h"
#include "mmengine/utils/error.h"
#include "mmengine/utils/manager.h"

namespace mmengine::logging {
namespace {

utils::ManagerRegistry& hubs() {
  static utils::ManagerRegistry registry("MessageHub");
  return registry;
}

void warn(const std::string& message) {
  print_log(message, "current", kWarning);
}

}  // namespace

MessageHub::MessageHub(std::string name) : name_(std::move(name)) {
  MMENGINE_CHECK(
      !name_.empty(), "MessageHub: name argument must be an non-empty string.");
}

std::shared_ptr<MessageHub> MessageHub::get_instance(const std::string& name) {
  return hubs().get<MessageHub>(
      name, [&] { return std::make_shared<MessageHub>(name); });
}

std::shared_ptr<MessageHub> MessageHub::get_current_instance() {
  auto current = hubs().current();
  if (current == nullptr) {
    return get_instance("mmengine");
  }
  return std::static_pointer_cast<MessageHub>(current);
}

bool MessageHub::check_instance_created(const std::string& name) {
  return hubs().contains(name);
}

std::size_t MessageHub::set_resumed_key(const std::string& key, bool resumed) {
  auto it = resumed_index_.find(key);
  if (it == resumed_index_.end()) {
    resumed_index_.emplace(key, resumed_keys_.size());
    resumed_keys_.emplace_back(key, resumed);
    return resumed_keys_.size() - 1;
  }
  const bool old = resumed_keys_[it->second].second;
  MMENGINE_CHECK(
      old == resumed,
      key,
      " used to be ",
      old ? "True" : "False",
      ", but got {resumed} now. resumed keys cannot be modified repeatedly.");
  return it->second;
}

HistoryBuffer* MessageHub::find_buffer(const std::string& key) const {
  auto it = scalar_index_.find(key);
  return it == scalar_index_.end() ? nullptr
                                   : scalars_[it->second.scalar].second.get();
}

void MessageHub::update_scalar(
    const std::string& key,
    const config::Value& value,
    std::int64_t count,
    bool resumed) {
  auto it = scalar_index_.find(key);
  if (it != scalar_index_.end()) {
    ScalarSlot& slot = it->second;
    if (slot.resumed >= resumed_keys_.size() ||
        resumed_keys_[slot.resumed].second != resumed) {
      slot.resumed = set_resumed_key(key, resumed);  // raises on a change
    }
    scalars_[slot.scalar].second->update(value, static_cast<double>(count));
    return;
  }
  const std::size_t resumed_slot = set_resumed_key(key, resumed);
  auto buffer = std::make_shared<HistoryBuffer>(
      std::vector<config::Value>{value},
      std::vector<config::Value>{config::Value(count)});
  scalar_index_.emplace(key, ScalarSlot{scalars_.size(), resumed_slot});
  scalars_.emplace_back(key, std::move(buffer));
}

void MessageHub::update_scalars(const config::Value& log_dict, bool resumed) {
  MMENGINE_CHECK_TYPE(
      log_dict.is_dict(),
      "MessageHub.update_scalars: `log_dict` must be a dict!, but got ",
      log_dict.type_name());
  for (const auto& [name, item] : log_dict.items()) {
    if (item.is_dict()) {
      MMENGINE_CHECK(
          item.contains("value"), "value must be defined in ", item.repr());
      const config::Value* count = item.find("count");
      MMENGINE_CHECK_TYPE(
          count == nullptr || count->is_int(),
          "The type of count must be int. but got ",
          count == nullptr ? "" : count->repr());
      update_scalar(
          name.to_string(),
          item["value"],
          count == nullptr ? 1 : count->as<std::int64_t>(),
          resumed);
    } else {
      update_scalar(name.to_string(), item, 1, resumed);
    }
  }
}

void MessageHub::update_info(
    const std::string& key, config::Value value, bool resumed) {
  set_resumed_key(key, resumed);
  runtime_info_.set(key, std::move(value));
}

void MessageHub::update_info_dict(
    const config::Value& info_dict, bool resumed) {
  MMENGINE_CHECK_TYPE(
      info_dict.is_dict(),
      "MessageHub.update_info_dict: `log_dict` must be a dict!, but got ",
      info_dict.type_name());
  for (const auto& [key, value] : info_dict.items()) {
    update_info(key.to_string(), value, resumed);
  }
}

config::Value MessageHub::pop_info(
    const std::string& key, config::Value fallback) {
  if (!runtime_info_.contains(key)) {
    return fallback;
  }
  return runtime_info_.pop(key);
}

config::Value MessageHub::get_info(
    const std::string& key, config::Value fallback) const {
  const config::Value* value = runtime_info_.find(key);
  return value == nullptr ? fallback : *value;
}

const config::Value* MessageHub::find_info(const std::string& key) const {
  return runtime_info_.find(key);
}

HistoryBuffer& MessageHub::get_scalar(const std::string& key) {
  HistoryBuffer* buffer = find_buffer(key);
  MMENGINE_CHECK_KEY(
      buffer != nullptr,
      key,
      " is not found in Messagehub.log_buffers: instance name is: ",
      name_);
  return *buffer;
}

const HistoryBuffer& MessageHub::get_scalar(const std::string& key) const {
  return const_cast<MessageHub*>(this)->get_scalar(key);
}

const HistoryBuffer* MessageHub::find_scalar(const std::string& key) const {
  return find_buffer(key);
}

config::Value MessageHub::state_dict() const {
  auto is_resumed = [&](const std::string& key) {
    auto it = resumed_index_.find(key);
    return it != resumed_index_.end() && resumed_keys_[it->second].second;
  };
  config::Value scalars = config::Value::dict();
  for (const auto& [key, buffer] : scalars_) {
    if (is_resumed(key)) {
      scalars.set(key, buffer->state_dict());
    }
  }
  config::Value info = config::Value::dict();
  for (const auto& [key, value] : runtime_info_.items()) {
    if (is_resumed(key.to_string())) {
      info.set(key, value);
    }
  }
  config::Value resumed = config::Value::dict();
  for (const auto& [key, flag] : resumed_keys_) {
    resumed.set(key, flag);
  }
  return config::Value::dict(
      {{"log_scalars", std::move(scalars)},
       {"runtime_info", std::move(info)},
       {"resumed_keys", std::move(resumed)}});
}

void MessageHub::load_state_dict(const config::Value& state) {
  for (const char* key : {"log_scalars", "runtime_info", "resumed_keys"}) {
    MMENGINE_CHECK(
        state.is_dict() && state.contains(key),
        "The loaded `state_dict` of `MessageHub` must contain key: `",
        key,
        "`");
  }
  for (const auto& [key, value] : state["log_scalars"].items()) {
    const std::string name = key.to_string();
    if (!value.is_dict() || !value.contains("_log_history")) {
      warn(
          name +
          " in message_hub is not HistoryBuffer, just skip resuming it.");
      continue;
    }
    auto buffer =
        std::make_shared<HistoryBuffer>(HistoryBuffer::from_state_dict(value));
    auto it = scalar_index_.find(name);
    if (it != scalar_index_.end()) {
      scalars_[it->second.scalar].second = std::move(buffer);
    } else {
      scalar_index_.emplace(name, ScalarSlot{scalars_.size()});
      scalars_.emplace_back(name, std::move(buffer));
    }
  }
  for (const auto& [key, value] : state["runtime_info"].items()) {
    runtime_info_.set(key, value);
  }
  for (const auto& [key, value] : state["resumed_keys"].items()) {
    const std::string name = key.to_string();
    if (find_buffer(name) == nullptr && !runtime_info_.contains(name)) {
      warn(
          "resumed key: " + name +
          " is not defined in message_hub, just skip resuming this key.");
      continue;
    }
    const bool flag = value.truthy();
    if (!flag) {
      warn(
          "Although resumed key: " + name + " is False, " + name +
          " will still be loaded this time. This key will not be saved by "
          "the next calling of `MessageHub.state_dict()`");
    }
    auto it = resumed_index_.find(name);
    if (it != resumed_index_.end()) {
      resumed_keys_[it->second].second = flag;
    } else {
      resumed_index_.emplace(name, resumed_keys_.size());
      resumed_keys_.emplace_back(name, flag);
    }
  }
}

void MessageHub::load_state_dict(const MessageHub& other) {
  scalars_.clear();
  for (const auto& [key, buffer] : other.scalars_) {
    scalars_.emplace_back(key, std::make_shared<HistoryBuffer>(*buffer));
  }
  scalar_index_ = other.scalar_index_;
  runtime_info_ = other.runtime_info_;
  resumed_keys_ = other.resumed_keys_;
  resumed_index_ = other.resumed_index_;
}

}  // namespace mmengine::logging
