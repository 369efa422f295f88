// LogProcessor's line building: get_log_after_iter / get_log_after_epoch.

#include <cmath>
#include <utility>

#include <fmt/format.h>

#include "mmengine/logging/message_hub.h"
#include "mmengine/runner/log_processor.h"
#include "mmengine/utils/error.h"

namespace mmengine::runner {
namespace {

std::string rjust(const std::string& s, std::size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

std::string_view remove_prefix(std::string_view s, std::string_view prefix) {
  return s.starts_with(prefix) ? s.substr(prefix.size()) : s;
}

// str(datetime.timedelta(seconds=n)): "H:MM:SS", "1 day, H:MM:SS".
std::string timedelta_str(std::int64_t seconds) {
  std::int64_t days = seconds / 86400;
  std::int64_t rest = seconds % 86400;
  if (rest < 0) {
    rest += 86400;
    days -= 1;
  }
  std::string out =
      fmt::format("{}:{:02d}:{:02d}", rest / 3600, (rest / 60) % 60, rest % 60);
  if (days != 0) {
    out =
        fmt::format("{} day{}, {}", days, std::abs(days) == 1 ? "" : "s", out);
  }
  return out;
}

std::int64_t python_int(const config::Value& v) {
  if (v.is_float()) {
    return static_cast<std::int64_t>(std::trunc(v.as<double>()));
  }
  return v.as<std::int64_t>();
}

}  // namespace

std::string LogProcessor::format_float(double value) const {
  return fmt::format("{:.{}f}", value, options_.num_digits);
}

std::string LogProcessor::format_item(const config::Value& value) const {
  if (value.is_float()) {
    return format_float(value.as<double>());
  }
  return value.str();
}

LogProcessor::Result LogProcessor::get_log_after_iter(
    const LogContext& ctx,
    std::int64_t batch_idx,
    std::string_view mode) const {
  MMENGINE_CHECK(
      mode == "train" || mode == "val" || mode == "test",
      "LogProcessor.get_log_after_iter: mode must be train, val or test, got '",
      mode,
      "'");
  const std::string prefix = std::string(mode) + "/";
  config::Value log_tag = collect_scalars(custom_, ctx, batch_idx, mode, false);
  config::Value tag = options_.log_with_hierarchy
                          ? collect_scalars(custom_, ctx, batch_idx, mode, true)
                          : log_tag;

  std::string lr_str;
  for (const auto& [key, value] : std::as_const(tag).items()) {
    const std::string& name = key.str();
    if (!name.ends_with("lr")) {
      continue;
    }
    const std::string short_name(remove_prefix(name, prefix));
    log_tag.pop(short_name);
    if (!lr_str.empty()) {
      lr_str += ' ';
    }
    lr_str += fmt::format(
        "{}: {:.{}e}", short_name, value.as<double>(), options_.num_digits);
  }

  std::string log_str;
  if (options_.by_epoch) {
    const std::string len = std::to_string(ctx.dataloader_len);
    const std::string cur = rjust(std::to_string(batch_idx + 1), len.size());
    if (mode == "train" || mode == "val") {
      std::int64_t epoch = mode == "train"      ? ctx.epoch + 1
                           : ctx.has_train_loop ? ctx.epoch
                                                : 0;
      std::string epoch_str = fmt::format("[{}]", epoch);
      if (ctx.has_train_loop) {
        epoch_str = rjust(epoch_str, std::to_string(ctx.max_epochs).size() + 3);
      }
      tag.set("epoch", epoch);
      log_str = fmt::format("Epoch({}){}[{}/{}]  ", mode, epoch_str, cur, len);
    } else {
      log_str = fmt::format("Epoch({}) [{}/{}]  ", mode, cur, len);
    }
  } else if (mode == "train") {
    const std::string max_iters = std::to_string(ctx.max_iters);
    const std::string cur =
        rjust(std::to_string(ctx.iter + 1), max_iters.size());
    log_str = fmt::format("Iter({}) [{}/{}]  ", mode, cur, max_iters);
  } else {
    const std::string len = std::to_string(ctx.dataloader_len);
    const std::string cur = rjust(std::to_string(batch_idx + 1), len.size());
    log_str = fmt::format("Iter({}) [{}/{}]  ", mode, cur, len);
  }
  tag.set("iter", ctx.has_train_loop ? ctx.iter + 1 : 0);
  log_str += lr_str;
  log_str += "  ";

  const config::Value* eta = ctx.message_hub->find_info("eta");
  if (eta != nullptr && log_tag.contains("time") &&
      log_tag.contains("data_time")) {
    log_str += fmt::format(
        "eta: {}  time: {}  data_time: {}  ",
        timedelta_str(python_int(*eta)),
        format_float(log_tag["time"].as<double>()),
        format_float(log_tag["data_time"].as<double>()));
    log_tag.erase("time");
    log_tag.erase("data_time");
  }
  if (ctx.max_memory_mb.has_value()) {
    log_str += fmt::format("memory: {}  ", *ctx.max_memory_mb);
    tag.set("memory", *ctx.max_memory_mb);
  }
  if (mode == "train" || mode == "val") {
    bool first = true;
    for (const auto& [key, value] : std::as_const(log_tag).items()) {
      const std::string& name = key.str();
      if (mode == "val" && !name.starts_with("val/loss")) {
        continue;
      }
      if (!first) {
        log_str += "  ";
      }
      first = false;
      log_str += name;
      log_str += ": ";
      log_str += format_item(value);
    }
  }
  return {std::move(tag), std::move(log_str)};
}

LogProcessor::Result LogProcessor::get_log_after_epoch(
    const LogContext& ctx,
    std::int64_t batch_idx,
    std::string_view mode,
    bool with_non_scalar) const {
  MMENGINE_CHECK(
      mode == "val" || mode == "test",
      "`_get_metric_log_str` only accept val or test mode, but got ",
      mode);
  MMENGINE_CHECK(
      ctx.message_hub != nullptr,
      "LogProcessor: LogContext.message_hub is null");
  const std::string prefix = std::string(mode) + "/";
  const std::int64_t len = ctx.dataloader_len;
  std::string log_str;
  if (options_.by_epoch && mode == "val") {
    const std::int64_t epoch = ctx.has_train_loop ? ctx.epoch : 0;
    log_str = fmt::format("Epoch({}) [{}][{}/{}]  ", mode, epoch, len, len);
  } else if (options_.by_epoch) {
    log_str = fmt::format("Epoch({}) [{}/{}]  ", mode, len, len);
  } else {
    log_str = fmt::format("Iter({}) [{}/{}]  ", mode, len, len);
  }

  std::vector<CustomCfg> custom = custom_;
  bool has_time = false;
  bool has_data_time = false;
  for (const CustomCfg& cfg : custom_) {
    const std::string_view key = remove_prefix(cfg.data_src, prefix);
    has_time = has_time || key == "time";
    has_data_time = has_data_time || key == "data_time";
  }
  if (!has_time) {
    custom.push_back({"time", "time", "mean", "epoch", std::nullopt});
  }
  if (!has_data_time) {
    custom.push_back({"data_time", "data_time", "mean", "epoch", std::nullopt});
  }
  const config::Value scalars = collect_scalars(
      custom, ctx, batch_idx, mode, options_.log_with_hierarchy);

  config::Value non_scalars = config::Value::dict();
  for (const auto& [key, value] : ctx.message_hub->runtime_info().items()) {
    const std::string& name = key.str();
    if (name.starts_with(mode)) {
      non_scalars.set(
          options_.log_with_hierarchy
              ? name
              : std::string(remove_prefix(name, prefix)),
          value);
    }
  }
  config::Value tag = config::Value::dict();
  config::Value time_tag = config::Value::dict();
  for (const auto& [key, value] : scalars.items()) {
    const std::string& name = key.str();
    const bool is_time = name == prefix + "time" ||
                         name == prefix + "data_time" || name == "time" ||
                         name == "data_time";
    (is_time ? time_tag : tag).set(key, value);
  }
  log_str += "  ";
  bool first = true;
  for (const config::Value* part : {&tag, &non_scalars, &time_tag}) {
    for (const auto& [key, value] : part->items()) {
      if (!first) {
        log_str += "  ";
      }
      first = false;
      log_str += key.str();
      log_str += ": ";
      log_str += format_item(value);
    }
  }
  if (with_non_scalar) {
    tag.update(non_scalars);
  }
  tag.update(time_tag);
  return {std::move(tag), std::move(log_str)};
}

}  // namespace mmengine::runner
