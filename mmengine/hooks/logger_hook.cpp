#include "mmengine/hooks/logger_hook.h"

#include <filesystem>
#include <fstream>

#include "mmengine/config/json_io.h"
#include "mmengine/dataset/data_loader.h"
#include "mmengine/logging/logger.h"
#include "mmengine/runner/log_processor.h"
#include "mmengine/runner/runner.h"
#include "mmengine/utils/error.h"
#include "mmengine/visualization/visualizer.h"

namespace mmengine::hooks {

namespace fs = std::filesystem;
using config::Value;

LoggerHook::LoggerHook(registry::BuildArgs& args) {
  set_priority(static_cast<int>(Priority::kBelowNormal));
  const Value interval = args.take_value("interval", 10);
  MMENGINE_CHECK_TYPE(interval.is_int(), "interval must be an integer");
  interval_ = interval.as<std::int64_t>();
  MMENGINE_CHECK(interval_ > 0, "interval must be greater than 0");
  const Value ignore_last = args.take_value("ignore_last", true);
  MMENGINE_CHECK_TYPE(ignore_last.is_bool(), "ignore_last must be a boolean");
  ignore_last_ = ignore_last.as<bool>();
  const Value exp = args.take_value("interval_exp_name", 1000);
  MMENGINE_CHECK_TYPE(exp.is_int(), "interval_exp_name must be an integer");
  interval_exp_name_ = exp.as<std::int64_t>();
  MMENGINE_CHECK(
      interval_exp_name_ > 0, "interval_exp_name must be greater than 0");
  const Value out_dir = args.take_value("out_dir", Value());
  MMENGINE_CHECK_TYPE(
      out_dir.is_none() || out_dir.is_string(),
      "out_dir must be a str or Path object");
  if (out_dir.is_string()) {
    out_dir_ = out_dir.as<std::string>();
  }
  const Value suffix = args.take_value(
      "out_suffix", Value::tuple({".json", ".log", ".py", "yaml"}));
  if (suffix.is_string()) {
    out_suffix_ = {suffix.as<std::string>()};
  } else {
    MMENGINE_CHECK_TYPE(
        suffix.is_sequence(),
        "out_suffix should be a string or a sequence of string, but got ",
        suffix.type_name());
    out_suffix_ = suffix.as<std::vector<std::string>>();
  }
  const Value keep_local = args.take_value("keep_local", true);
  MMENGINE_CHECK_TYPE(keep_local.is_bool(), "keep_local must be a boolean");
  keep_local_ = keep_local.as<bool>();
  MMENGINE_CHECK(
      keep_local_ || out_dir_.has_value(),
      "logs will not be kept locally (keep_local=False) and out_dir is not "
      "specified");
  (void)args.take_value("backend_args", Value());
  log_metric_by_epoch_ = args.take<bool>("log_metric_by_epoch", true);
}

void LoggerHook::before_run(Runner& runner) {
  if (out_dir_) {
    fs::path work_dir(runner.work_dir());
    *out_dir_ = (fs::path(*out_dir_) / work_dir.filename()).string();
    runner.logger().info(
        "Text logs will be saved to " + *out_dir_ +
        " after the training process.");
  }
  json_log_path_ = runner.timestamp() + ".json";
}

void LoggerHook::after_train_iter(
    Runner& runner,
    std::int64_t batch_idx,
    const DataBatch*,
    const model::LogVars*) {
  const std::int64_t length = runner.train_dataloader().size();
  if (every_n_train_iters(runner, interval_exp_name_) ||
      end_of_epoch(length, batch_idx)) {
    runner.logger().info("Exp name: " + runner.experiment_name());
  }
  const bool due = every_n_inner_iters(batch_idx, interval_) ||
                   (end_of_epoch(length, batch_idx) &&
                    (!ignore_last_ || length <= interval_));
  if (!due) {
    return;
  }
  auto [tag, line] = runner.log_processor().get_log_after_iter(
      runner.log_context("train"), batch_idx, "train");
  runner.logger().info(line);
  runner.visualizer().add_scalars(tag, runner.iter() + 1, json_log_path_);
}

void LoggerHook::after_val_iter(
    Runner& runner,
    std::int64_t batch_idx,
    const DataBatch*,
    const model::DataSamples*) {
  if (every_n_inner_iters(batch_idx, interval_)) {
    auto [tag, line] = runner.log_processor().get_log_after_iter(
        runner.log_context("val"), batch_idx, "val");
    runner.logger().info(line);
  }
}

void LoggerHook::after_test_iter(
    Runner& runner,
    std::int64_t batch_idx,
    const DataBatch*,
    const model::DataSamples*) {
  if (every_n_inner_iters(batch_idx, interval_)) {
    auto [tag, line] = runner.log_processor().get_log_after_iter(
        runner.log_context("test"), batch_idx, "test");
    runner.logger().info(line);
  }
}

void LoggerHook::after_val_epoch(Runner& runner, const Metrics&) {
  auto [tag, line] = runner.log_processor().get_log_after_epoch(
      runner.log_context("val"), runner.val_dataloader().size(), "val");
  runner.logger().info(line);
  const bool trained = runner.train_loop_if_built() != nullptr;
  const std::int64_t step =
      !trained ? 0 : (log_metric_by_epoch_ ? runner.epoch() : runner.iter());
  runner.visualizer().add_scalars(tag, step, json_log_path_);
}

void LoggerHook::after_test_epoch(Runner& runner, const Metrics&) {
  auto [tag, line] = runner.log_processor().get_log_after_epoch(
      runner.log_context("test"),
      runner.test_dataloader().size(),
      "test",
      true);
  runner.logger().info(line);
  config::dump_json_file(tag, fs::path(runner.log_dir()) / json_log_path_);
}

void LoggerHook::after_run(Runner& runner) {
  runner.visualizer().close();
  if (!out_dir_) {
    return;
  }
  const fs::path log_dir(runner.log_dir());
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(log_dir)) {
    const std::string name = entry.path().string();
    if (entry.is_regular_file() &&
        std::any_of(out_suffix_.begin(), out_suffix_.end(), [&](const auto& s) {
          return name.ends_with(s);
        })) {
      files.push_back(entry.path());
    }
  }
  for (const fs::path& local : files) {
    const fs::path out = fs::path(*out_dir_) / fs::relative(local, log_dir);
    fs::create_directories(out.parent_path());
    fs::copy_file(local, out, fs::copy_options::overwrite_existing);
    runner.logger().info(
        "The file " + local.string() + " has been uploaded to " + out.string() +
        ".");
    if (!keep_local_) {
      fs::remove(local);
      runner.logger().info(
          local.string() +
          " was removed due to the `self.keep_local=False`. "
          "You can check the running logs in " +
          out.string());
    }
  }
}

}  // namespace mmengine::hooks
