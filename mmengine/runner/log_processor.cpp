#include "mmengine/runner/log_processor.h"

#include <set>

#include "mmengine/logging/history_buffer.h"
#include "mmengine/logging/message_hub.h"
#include "mmengine/utils/error.h"

namespace mmengine::runner {
namespace {

std::string_view remove_prefix(std::string_view s, std::string_view prefix) {
  return s.starts_with(prefix) ? s.substr(prefix.size()) : s;
}

LogProcessor::CustomCfg parse_custom_entry(
    const config::Value& entry, std::size_t index, bool by_epoch) {
  const std::string where = fmt::format("LogProcessor.custom_cfg[{}]", index);
  MMENGINE_CHECK_TYPE(
      entry.is_dict(), where, ": expected a dict, got ", entry.repr());
  MMENGINE_CHECK(entry.contains("data_src"), where, ": `data_src` is required");
  LogProcessor::CustomCfg cfg;
  cfg.data_src = entry["data_src"].as<std::string>();
  cfg.log_name = entry.contains("log_name")
                     ? entry["log_name"].as<std::string>()
                     : cfg.data_src;
  MMENGINE_CHECK_TYPE(
      entry.contains("method_name"),
      where,
      ": HistoryBuffer.statistics() missing 1 required positional argument: "
      "'method_name'");
  cfg.method_name = entry["method_name"].as<std::string>();
  for (const auto& [key, value] : entry.items()) {
    const std::string name = key.to_string();
    MMENGINE_CHECK_TYPE(
        name == "data_src" || name == "log_name" || name == "method_name" ||
            name == "window_size",
        where,
        ": HistoryBuffer.",
        cfg.method_name,
        "() got an unexpected keyword argument '",
        name,
        "'");
  }
  MMENGINE_CHECK_KEY(
      logging::HistoryBuffer::has_statistics(cfg.method_name),
      where,
      ": ",
      cfg.method_name,
      " has not been registered in HistoryBuffer._statistics_methods");
  if (!by_epoch) {
    MMENGINE_CHECK_KEY(
        entry.contains("window_size"),
        where,
        ": 'window_size' is required when by_epoch is False");
  }
  const config::Value* window = entry.find("window_size");
  if (window != nullptr && !window->is_none()) {
    MMENGINE_CHECK(
        !(window->is_string() && window->as<std::string>() == "epoch" &&
          !by_epoch),
        "window_size cannot be epoch if LoggerHook.by_epoch is False.");
    if (window->is_int()) {
      cfg.window_int = window->as<std::int64_t>();
    } else {
      MMENGINE_CHECK_TYPE(
          window->is_string() && (window->as<std::string>() == "epoch" ||
                                  window->as<std::string>() == "global"),
          where,
          ": window_size should be int, epoch or global, but got invalid ",
          window->str());
      cfg.window_kind = window->as<std::string>();
    }
  }
  MMENGINE_CHECK_TYPE(
      !(cfg.method_name == "current" && window != nullptr),
      where,
      ": HistoryBuffer.current() got an unexpected keyword argument "
      "'window_size'");
  return cfg;
}

}  // namespace

LogProcessor::LogProcessor(Options options) : options_(std::move(options)) {
  try {
    mean_regex_ = std::regex(options_.mean_pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    throw ValueError(fmt::format(
        "LogProcessor: invalid mean_pattern {}: {}",
        config::string_repr(options_.mean_pattern),
        e.what()));
  }
  const config::Value& cfgs = options_.custom_cfg;
  if (cfgs.is_none()) {
    return;
  }
  MMENGINE_CHECK_TYPE(
      cfgs.is_sequence(),
      "LogProcessor.custom_cfg: expected a list of dicts, got ",
      cfgs.repr());
  std::set<std::string> names;
  for (std::size_t i = 0; i < cfgs.elements().size(); ++i) {
    CustomCfg cfg =
        parse_custom_entry(cfgs.elements()[i], i, options_.by_epoch);
    MMENGINE_CHECK(
        names.insert(cfg.log_name).second,
        fmt::format(
            "Found duplicate {0} for {1}. Please checkyour `custom_cfg` for "
            "`log_processor`. You should neither define duplicate `{0}` for "
            "{1} nor do not define any {0} for multiple {1}, See more "
            "information in the docstring of LogProcessor",
            cfg.log_name,
            cfg.data_src));
    custom_.push_back(std::move(cfg));
  }
}

std::shared_ptr<LogProcessor> LogProcessor::from_config(
    registry::BuildArgs& args) {
  Options options;
  options.window_size = args.take<std::int64_t>("window_size", 10);
  options.by_epoch = args.take<bool>("by_epoch", true);
  options.custom_cfg = args.take_value("custom_cfg", config::Value());
  options.num_digits = args.take<int>("num_digits", 4);
  options.log_with_hierarchy = args.take<bool>("log_with_hierarchy", false);
  options.mean_pattern =
      args.take<std::string>("mean_pattern", options.mean_pattern);
  return std::make_shared<LogProcessor>(std::move(options));
}

bool LogProcessor::matches_mean_pattern(const std::string& key) const {
  std::lock_guard lock(match_mutex_);
  auto it = match_cache_.find(key);
  if (it != match_cache_.end()) {
    return it->second;
  }
  const bool found = std::regex_search(key, mean_regex_);
  match_cache_.emplace(key, found);
  return found;
}

config::Value LogProcessor::collect_scalars(
    const std::vector<CustomCfg>& custom,
    const LogContext& ctx,
    std::int64_t batch_idx,
    std::string_view mode,
    bool reserve_prefix) const {
  MMENGINE_CHECK(
      ctx.message_hub != nullptr,
      "LogProcessor: LogContext.message_hub is null");
  const std::string prefix = std::string(mode) + "/";
  config::Value tag = config::Value::dict();
  std::vector<std::pair<std::string, const logging::HistoryBuffer*>> scalars;
  for (const auto& [full_key, buffer] : ctx.message_hub->log_scalars()) {
    if (!full_key.starts_with(mode)) {
      continue;
    }
    std::string key = reserve_prefix
                          ? full_key
                          : std::string(remove_prefix(full_key, prefix));
    if (matches_mean_pattern(key)) {
      tag.set(key, buffer->mean(options_.window_size));
    } else {
      tag.set(key, buffer->current());
    }
    scalars.emplace_back(std::move(key), buffer.get());
  }
  for (const CustomCfg& cfg : custom) {
    std::string data_src = cfg.data_src;
    std::string log_name = cfg.log_name;
    if (reserve_prefix) {
      data_src = prefix + data_src;
      log_name = prefix + log_name;
    }
    // The last buffer of a key wins, as the OrderedDict MMEngine builds.
    const logging::HistoryBuffer* buffer = nullptr;
    for (const auto& [key, candidate] : scalars) {
      if (key == data_src) {
        buffer = candidate;
      }
    }
    if (buffer == nullptr) {
      continue;
    }
    std::optional<std::int64_t> window = cfg.window_int;
    if (cfg.window_kind == "epoch") {
      window = batch_idx + 1;
    } else if (cfg.window_kind == "global") {
      window = ctx.iter + 1;
    }
    tag.set(log_name, buffer->statistics(cfg.method_name, window));
  }
  return tag;
}

}  // namespace mmengine::runner
