#include "mmengine/hooks/iter_timer_hook.h"

#include <c10/cuda/CUDACachingAllocator.h>

#include <cmath>
#include <limits>
#include <mutex>

#include "mmengine/dataset/data_loader.h"
#include "mmengine/device/utils.h"
#include "mmengine/logging/logger.h"
#include "mmengine/logging/message_hub.h"
#include "mmengine/optim/scheduler/param_scheduler.h"
#include "mmengine/registry/root.h"
#include "mmengine/runner/loops.h"
#include "mmengine/runner/runner.h"
#include "mmengine/utils/error.h"
#include "mmengine/utils/warn.h"

namespace mmengine::hooks {

using config::Value;

IterTimerHook::IterTimerHook() {
  set_priority(static_cast<int>(Priority::kNormal));
}

IterTimerHook::IterTimerHook(registry::BuildArgs&) : IterTimerHook() {}

void IterTimerHook::before_train(Runner& runner) {
  start_iter_ = runner.iter();
}

void IterTimerHook::before_epoch(Runner&, std::string_view) {
  t_ = std::chrono::steady_clock::now();
}

void IterTimerHook::after_epoch(Runner&, std::string_view) {
  time_sec_test_val_ = 0;
}

namespace {

// "<mode>/<name>" for the three loop modes without building a string.
const std::string& mode_key(std::string_view mode, bool time) {
  static const std::string keys[3][2] = {
      {"train/data_time", "train/time"},
      {"val/data_time", "val/time"},
      {"test/data_time", "test/time"}};
  const int row = mode == "train" ? 0 : mode == "val" ? 1 : 2;
  return keys[row][time ? 1 : 0];
}

}  // namespace

void IterTimerHook::before_iter(
    Runner& runner, std::int64_t, const DataBatch*, std::string_view mode) {
  const std::chrono::duration<double> dt =
      std::chrono::steady_clock::now() - t_;
  runner.message_hub().update_scalar(mode_key(mode, false), dt.count());
}

void IterTimerHook::after_iter(
    Runner& runner,
    std::int64_t batch_idx,
    const DataBatch*,
    std::string_view mode) {
  auto now = std::chrono::steady_clock::now();
  const std::chrono::duration<double> dt = now - t_;
  t_ = now;
  auto& hub = runner.message_hub();
  hub.update_scalar(mode_key(mode, true), dt.count());
  if (mode == "train") {
    time_sec_tot_ += dt.count();
    const double avg =
        time_sec_tot_ / static_cast<double>(runner.iter() - start_iter_ + 1);
    hub.update_info(
        "eta",
        avg * static_cast<double>(runner.max_iters() - runner.iter() - 1));
  } else {
    const std::int64_t length = mode == "val" ? runner.val_dataloader().size()
                                              : runner.test_dataloader().size();
    time_sec_test_val_ += dt.count();
    const double avg = time_sec_test_val_ / static_cast<double>(batch_idx + 1);
    hub.update_info("eta", avg * static_cast<double>(length - batch_idx - 1));
  }
}

void DistSamplerSeedHook::before_train_epoch(Runner& runner) {
  runner.train_loop().dataloader().sampler().set_epoch(runner.epoch());
}

ParamSchedulerHook::ParamSchedulerHook() {
  set_priority(static_cast<int>(Priority::kLow));
}

ParamSchedulerHook::ParamSchedulerHook(registry::BuildArgs&)
    : ParamSchedulerHook() {}

void ParamSchedulerHook::after_train_iter(
    Runner& runner, std::int64_t, const DataBatch*, const model::LogVars*) {
  for (const auto& scheduler : runner.param_schedulers()) {
    if (!scheduler->by_epoch()) {
      scheduler->step();
    }
  }
}

void ParamSchedulerHook::after_train_epoch(Runner& runner) {
  for (const auto& scheduler : runner.param_schedulers()) {
    if (scheduler->by_epoch()) {
      scheduler->step();
    }
  }
}

void ParamSchedulerHook::after_val_epoch(
    Runner& runner, const Metrics& metrics) {
  if (runner.train_loop_if_built() == nullptr || !metrics.is_dict()) {
    return;
  }
  std::map<std::string, double> scalars;
  for (const auto& [key, value] : metrics.items()) {
    if (value.is_number()) {
      scalars[key.to_string()] = value.as<double>();
    }
  }
  for (const auto& scheduler : runner.param_schedulers()) {
    if (scheduler->by_epoch() && scheduler->need_val_args()) {
      scheduler->step(scalars);
    }
  }
}

EmptyCacheHook::EmptyCacheHook(
    bool before_epoch, bool after_epoch, bool after_iter)
    : before_epoch_(before_epoch),
      after_epoch_(after_epoch),
      after_iter_(after_iter) {
  set_priority(static_cast<int>(Priority::kNormal));
}

EmptyCacheHook::EmptyCacheHook(registry::BuildArgs& args)
    : EmptyCacheHook(
          args.take<bool>("before_epoch", false),
          args.take<bool>("after_epoch", true),
          args.take<bool>("after_iter", false)) {}

namespace {
void empty_cuda_cache() {
  if (device::is_cuda_available()) {
    c10::cuda::CUDACachingAllocator::emptyCache();
  }
}
}  // namespace

void EmptyCacheHook::before_epoch(Runner&, std::string_view) {
  if (before_epoch_) {
    empty_cuda_cache();
  }
}

void EmptyCacheHook::after_epoch(Runner&, std::string_view) {
  if (after_epoch_) {
    empty_cuda_cache();
  }
}

void EmptyCacheHook::after_iter(
    Runner&, std::int64_t, const DataBatch*, std::string_view) {
  if (after_iter_) {
    empty_cuda_cache();
  }
}

namespace {

std::string lower(std::string s) {
  for (char& c : s) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return s;
}

std::string infer_rule(const std::string& monitor) {
  static const std::vector<std::string> greater = {
      "acc",
      "top",
      "ar@",
      "auc",
      "precision",
      "map",
      "mdice",
      "miou",
      "macc",
      "aacc"};
  static const std::vector<std::string> less = {"loss"};
  const std::string m = lower(monitor);
  auto in = [&](const std::vector<std::string>& keys) {
    return std::find(keys.begin(), keys.end(), m) != keys.end();
  };
  auto any_sub = [&](const std::vector<std::string>& keys) {
    return std::any_of(keys.begin(), keys.end(), [&](const std::string& k) {
      return m.find(k) != std::string::npos;
    });
  };
  if (in(greater)) {
    return "greater";
  }
  if (in(less)) {
    return "less";
  }
  if (any_sub(greater)) {
    return "greater";
  }
  if (any_sub(less)) {
    return "less";
  }
  MMENGINE_CHECK(
      false,
      "Cannot infer the rule for ",
      monitor,
      ", thus rule must be specified.");
  return {};
}

std::string dict_keys_repr(const Value& metrics) {
  std::vector<std::string> keys;
  if (metrics.is_dict()) {
    for (const auto& key : metrics.keys()) {
      keys.push_back(key.repr());
    }
  }
  return fmt::format("dict_keys([{}])", fmt::join(keys, ", "));
}

}  // namespace

EarlyStoppingHook::EarlyStoppingHook(registry::BuildArgs& args)
    : monitor_(args.take<std::string>("monitor")) {
  set_priority(static_cast<int>(Priority::kLowest));
  auto rule = args.take<std::optional<std::string>>("rule", std::nullopt);
  if (rule) {
    MMENGINE_CHECK(
        *rule == "greater" || *rule == "less",
        "`rule` should be either \"greater\" or \"less\", but got ",
        *rule);
    rule_ = *rule;
  } else {
    rule_ = infer_rule(monitor_);
  }
  const double delta = args.take<double>("min_delta", 0.1);
  min_delta_ = rule_ == "greater" ? delta : -delta;
  strict_ = args.take<bool>("strict", false);
  check_finite_ = args.take<bool>("check_finite", true);
  patience_ = args.take<std::int64_t>("patience", 5);
  stopping_threshold_ =
      args.take<std::optional<double>>("stopping_threshold", std::nullopt);
  best_score_ = rule_ == "greater" ? -std::numeric_limits<double>::infinity()
                                   : std::numeric_limits<double>::infinity();
}

std::pair<bool, std::string> EarlyStoppingHook::check_stop_condition(
    double score) {
  auto compare = [&](double x, double y) {
    return rule_ == "greater" ? x > y : x < y;
  };
  const std::string score_text = Value(score).repr();
  if (check_finite_ && !std::isfinite(score)) {
    return {
        true,
        fmt::format(
            "Monitored metric {} = {} is infinite. Previous best value was "
            "{:.3f}.",
            monitor_,
            score_text,
            best_score_)};
  }
  if (stopping_threshold_ && compare(score, *stopping_threshold_)) {
    best_score_ = score;
    return {
        true,
        fmt::format(
            "Stopping threshold reached: `{}` = {} is {} than {}.",
            monitor_,
            score_text,
            rule_,
            Value(*stopping_threshold_).repr())};
  }
  if (compare(best_score_ + min_delta_, score)) {
    ++wait_count_;
    if (wait_count_ >= patience_) {
      return {
          true,
          fmt::format(
              "the monitored metric did not improve in the last {} records. "
              "best score: {:.3f}. ",
              wait_count_,
              best_score_)};
    }
    return {false, {}};
  }
  best_score_ = score;
  wait_count_ = 0;
  return {false, {}};
}

void EarlyStoppingHook::after_val_epoch(
    Runner& runner, const Metrics& metrics) {
  if (!metrics.is_dict() || !metrics.contains(monitor_)) {
    MMENGINE_CHECK(
        !strict_,
        "Early stopping conditioned on metric `",
        monitor_,
        " is not available. Please check available metrics ",
        metrics.repr(),
        ", or set `strict=False` in `EarlyStoppingHook`.");
    utils::warn(fmt::format(
        "Skip early stopping process since the evaluation results ({}) do "
        "not include `monitor` ({}).",
        dict_keys_repr(metrics),
        monitor_));
    return;
  }
  auto [stop, message] = check_stop_condition(metrics[monitor_].as<double>());
  if (stop) {
    if (auto* loop = dynamic_cast<runner::TrainLoopBase*>(
            runner.train_loop_if_built())) {
      loop->request_stop();
    }
    runner.logger().info(message);
  }
}

}  // namespace mmengine::hooks
