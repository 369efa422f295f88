#pragma once

/// LogProcessor: turns the MessageHub's scalars into the log line and the
/// tag dict (sent to the visualizer) after each iteration and epoch.
///
///   LogProcessor processor({.window_size = 10, .by_epoch = true});
///   LogContext ctx{.message_hub = hub.get(), .epoch = 0, .max_epochs = 12,
///                  .has_train_loop = true, .dataloader_len = 100};
///   auto [tag, line] = processor.get_log_after_iter(ctx, 9, "train");
///   // Epoch(train)  [1][ 10/100]  lr: 1.0000e-02  eta: ...  loss: 0.5000

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/value.h"
#include "mmengine/registry/registry.h"

namespace mmengine::logging {
class MessageHub;
}  // namespace mmengine::logging

namespace mmengine::runner {

/// What LogProcessor reads from MMEngine's runner, filled by the caller
/// (LoggerHook) for the mode being logged.
struct LogContext {
  /// `runner.message_hub` (required).
  const logging::MessageHub* message_hub = nullptr;
  /// `runner.iter`: the train loop's iteration (0 without a train loop).
  std::int64_t iter = 0;
  /// `runner.epoch`: the train loop's epoch (0 without a train loop).
  std::int64_t epoch = 0;
  /// `runner.max_iters`.
  std::int64_t max_iters = 0;
  /// `runner.max_epochs`.
  std::int64_t max_epochs = 0;
  /// True when `runner._train_loop` is a built loop (not None or a dict).
  bool has_train_loop = false;
  /// `len(runner.<mode>_loop.dataloader)` for the mode being logged.
  std::int64_t dataloader_len = 0;
  /// `get_max_cuda_memory(runner.model.output_device)` in MB when CUDA is
  /// available (the caller reads and resets the peak); nullopt otherwise.
  std::optional<std::int64_t> max_memory_mb;
};

/// LogProcessor's arguments; the defaults are MMEngine's.
struct LogProcessorOptions {
  /// Smoothing window of the mean_pattern scalars.
  std::int64_t window_size = 10;
  /// Epoch-style (`Epoch(train) [e][i/n]`) or iteration-style lines.
  bool by_epoch = true;
  /// None or a list of dicts: data_src, log_name, method_name,
  /// window_size (int, 'epoch', 'global').
  config::Value custom_cfg;
  /// Digits of floats in lines.
  int num_digits = 4;
  /// Keep the `train/` / `val/` prefixes in the tag (and epoch lines).
  bool log_with_hierarchy = false;
  /// Scalars matching it (re.search) are averaged over window_size.
  std::string mean_pattern = R"(.*(loss|time|data_time|grad_norm).*)";
};

/// Mirrors `mmengine.runner.LogProcessor` byte for byte. Differs in that
/// `mean_pattern` is an ECMAScript regex (Python's `re` for common
/// patterns) and custom_cfg entries are fully checked at construction
/// (MMEngine fails on some only when the entry is used).
class MMENGINE_API LogProcessor : public registry::Configurable {
 public:
  using Options = LogProcessorOptions;
  /// One checked custom_cfg entry.
  struct CustomCfg {
    std::string data_src;
    std::string log_name;
    std::string method_name;
    /// "", "epoch" or "global"; or an int in window_int.
    std::string window_kind;
    std::optional<std::int64_t> window_int;
  };
  /// (tag dict, log line).
  using Result = std::pair<config::Value, std::string>;

  /// Checks custom_cfg: ValueError "Found duplicate <name> for <src>. ...",
  /// "window_size cannot be epoch if LoggerHook.by_epoch is False.",
  /// TypeError for bad window sizes/keys, KeyError for unknown methods.
  explicit LogProcessor(Options options = {});
  /// LOG_PROCESSORS builder (keys as Options).
  static std::shared_ptr<LogProcessor> from_config(registry::BuildArgs& args);

  /// Tag and line after a train/val/test iteration (`batch_idx` as the
  /// loop passes it). ValueError for another mode.
  Result get_log_after_iter(
      const LogContext& ctx,
      std::int64_t batch_idx,
      std::string_view mode) const;
  /// Tag and metric line after a val/test epoch (`batch_idx` =
  /// len(dataloader), as LoggerHook passes it).
  Result get_log_after_epoch(
      const LogContext& ctx,
      std::int64_t batch_idx,
      std::string_view mode,
      bool with_non_scalar = false) const;

  const Options& options() const noexcept {
    return options_;
  }
  const std::vector<CustomCfg>& custom_cfg() const noexcept {
    return custom_;
  }

 private:
  config::Value collect_scalars(
      const std::vector<CustomCfg>& custom,
      const LogContext& ctx,
      std::int64_t batch_idx,
      std::string_view mode,
      bool reserve_prefix) const;
  bool matches_mean_pattern(const std::string& key) const;
  std::string format_float(double value) const;
  std::string format_item(const config::Value& value) const;

  Options options_;
  std::vector<CustomCfg> custom_;
  std::regex mean_regex_;
  mutable std::mutex match_mutex_;
  mutable std::unordered_map<std::string, bool> match_cache_;
};

}  // namespace mmengine::runner
