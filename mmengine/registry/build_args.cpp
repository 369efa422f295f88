#include "mmengine/registry/build_args.h"

#include "mmengine/utils/difflib.h"

namespace mmengine::registry {

using config::Key;
using config::Value;

BuildArgs::BuildArgs(Value cfg, std::string where, const RuntimeArgs* runtime)
    : cfg_(std::move(cfg)), where_(std::move(where)), runtime_(runtime) {
  MMENGINE_CHECK_TYPE(
      cfg_.is_dict(),
      where_,
      ": expected a dict of arguments, got ",
      cfg_.type_name());
}

config::ConstRef BuildArgs::cfg_ref(std::string_view key) {
  asked_.emplace(key);
  const Key k{std::string(key)};
  MMENGINE_CHECK_KEY(
      cfg_.contains(k), where_, ": missing required argument '", key, "'");
  used_.emplace(key);
  return config::ConstRef(*cfg_.find(k), config::child_path(where_, k));
}

Value BuildArgs::take_value(std::string_view key) {
  return cfg_ref(key).value();
}

Value BuildArgs::take_value(std::string_view key, Value fallback) {
  if (!has(key)) {
    asked_.emplace(key);
    return fallback;
  }
  return cfg_ref(key).value();
}

bool BuildArgs::has(std::string_view key) const {
  return cfg_.contains(Key(std::string(key)));
}

void BuildArgs::take_all() {
  for (const auto& [k, v] : cfg_.items()) {
    used_.insert(k.to_string());
  }
}

std::vector<std::string> BuildArgs::unused_keys() const {
  std::vector<std::string> out;
  for (const auto& [k, v] : cfg_.items()) {
    if (!used_.contains(k.to_string())) {
      out.push_back(k.to_string());
    }
  }
  return out;
}

void BuildArgs::check_all_used() const {
  const auto unused = unused_keys();
  if (unused.empty()) {
    return;
  }
  const std::vector<std::string> accepted(asked_.begin(), asked_.end());
  std::string message = fmt::format(
      "{}: got {} unexpected keyword argument{}",
      where_,
      unused.size() == 1 ? "an" : std::to_string(unused.size()),
      unused.size() == 1 ? "" : "s");
  for (size_t i = 0; i < unused.size(); ++i) {
    message += fmt::format("{} '{}'", i == 0 ? "" : ",", unused[i]);
    const auto close = utils::get_close_matches(unused[i], accepted, 1);
    if (!close.empty()) {
      message += fmt::format(" (did you mean '{}'?)", close[0]);
    }
  }
  if (!accepted.empty()) {
    message += fmt::format(
        "; accepted: {}", fmt::join(accepted.begin(), accepted.end(), ", "));
  }
  throw TypeError(message);
}

}  // namespace mmengine::registry
