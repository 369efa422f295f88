#include "mmengine/runner/log_processor.h"

#include <string>

#include <gtest/gtest.h>

#include "mmengine/logging/message_hub.h"
#include "mmengine/logging/register.h"
#include "mmengine/registry/root.h"
#include "mmengine/utils/error.h"

namespace mmengine::runner {
namespace {

using config::Value;

LogProcessor::Options with_custom(Value custom, bool by_epoch = true) {
  LogProcessor::Options options;
  options.custom_cfg = std::move(custom);
  options.by_epoch = by_epoch;
  return options;
}

std::string error_of(const LogProcessor::Options& options) {
  try {
    LogProcessor processor(options);
  } catch (const Error& e) {
    return std::string(e.kind()) + ": " + e.what();
  }
  return "no error";
}

TEST(LogProcessorTest, TrainLineLayout) {
  logging::MessageHub hub("lp_train");
  hub.update_scalar("train/lr", 0.004);
  hub.update_scalar("train/data_time", 0.0005);
  hub.update_scalar("train/loss", 4.696);
  hub.update_scalar("train/acc_like", 0.5);
  hub.update_scalar("train/time", 0.0015);
  hub.update_info("eta", 83.9);
  LogContext ctx;
  ctx.message_hub = &hub;
  ctx.iter = 9;
  ctx.max_epochs = 12;
  ctx.has_train_loop = true;
  ctx.dataloader_len = 100;
  LogProcessor processor;
  auto [tag, line] = processor.get_log_after_iter(ctx, 9, "train");
  EXPECT_EQ(
      line,
      "Epoch(train)  [1][ 10/100]  lr: 4.0000e-03  eta: 0:01:23  time: "
      "0.0015  data_time: 0.0005  loss: 4.6960  acc_like: 0.5000");
  EXPECT_EQ(
      tag.repr(),
      "{'lr': 0.004, 'data_time': 0.0005, 'loss': 4.696, 'acc_like': 0.5, "
      "'time': 0.0015, 'epoch': 1, 'iter': 10}");
  ctx.max_memory_mb = 512;
  line = processor.get_log_after_iter(ctx, 9, "train").second;
  EXPECT_NE(
      line.find("data_time: 0.0005  memory: 512  loss"), std::string::npos);
}

TEST(LogProcessorTest, IterAndTestLines) {
  logging::MessageHub hub("lp_iter");
  hub.update_scalar("test/data_time", 0.25);
  hub.update_scalar("test/time", 0.5);
  hub.update_info("eta", 90061);
  LogContext ctx;
  ctx.message_hub = &hub;
  ctx.max_iters = 1000;
  ctx.dataloader_len = 7;
  LogProcessor::Options options;
  options.by_epoch = false;
  LogProcessor processor(options);
  EXPECT_EQ(
      processor.get_log_after_iter(ctx, 2, "test").second,
      "Iter(test) [3/7]    eta: 1 day, 1:01:01  time: 0.5000  data_time: "
      "0.2500  ");
  EXPECT_EQ(
      processor.get_log_after_epoch(ctx, 7, "test").second,
      "Iter(test) [7/7]    data_time: 0.2500  time: 0.5000");
  EXPECT_THROW(processor.get_log_after_iter(ctx, 0, "predict"), ValueError);
  EXPECT_THROW(processor.get_log_after_epoch(ctx, 0, "train"), ValueError);
}

TEST(LogProcessorTest, CustomCfgErrorsUseMMEnginesWording) {
  const std::string dup = error_of(with_custom(Value::list(
      {Value::dict({{"data_src", "loss"}, {"method_name", "mean"}}),
       Value::dict({{"data_src", "loss"}, {"method_name", "max"}})})));
  EXPECT_EQ(
      dup.rfind("ValueError: Found duplicate loss for loss. Please", 0), 0U)
      << dup;
  EXPECT_NE(
      error_of(with_custom(
                   Value::list({Value::dict(
                       {{"data_src", "loss"},
                        {"method_name", "mean"},
                        {"window_size", "epoch"}})}),
                   false))
          .find("window_size cannot be epoch if LoggerHook.by_epoch is False."),
      std::string::npos);
  EXPECT_NE(
      error_of(with_custom(Value::list({Value::dict(
                   {{"data_src", "loss"},
                    {"method_name", "mean"},
                    {"window_size", "week"}})})))
          .find("TypeError: LogProcessor.custom_cfg[0]: window_size should be "
                "int, epoch or global, but got invalid week"),
      std::string::npos);
  EXPECT_NE(
      error_of(with_custom(Value::list({Value::dict(
                   {{"data_src", "loss"}, {"method_name", "median"}})})))
          .find("KeyError: LogProcessor.custom_cfg[0]: median has not been "
                "registered in HistoryBuffer._statistics_methods"),
      std::string::npos);
  EXPECT_NE(
      error_of(
          with_custom(Value::list({Value::dict({{"method_name", "mean"}})})))
          .find("`data_src` is required"),
      std::string::npos);
  EXPECT_NE(
      error_of(with_custom(Value::list({Value::dict(
                   {{"data_src", "loss"},
                    {"method_name", "current"},
                    {"window_size", 3}})})))
          .find("HistoryBuffer.current() got an unexpected keyword argument "
                "'window_size'"),
      std::string::npos);
  EXPECT_NE(
      error_of(
          with_custom(Value::list({Value::dict(
              {{"data_src", "loss"}, {"method_name", "mean"}, {"win", 3}})})))
          .find(
              "HistoryBuffer.mean() got an unexpected keyword argument 'win'"),
      std::string::npos);
  EXPECT_NE(
      error_of(with_custom(Value(3))).find("expected a list of dicts"),
      std::string::npos);
}

TEST(LogProcessorTest, BuildsFromRegistry) {
  logging::register_logging();
  auto processor = registry::LOG_PROCESSORS.build(Value::dict(
      {{"type", "LogProcessor"}, {"window_size", 5}, {"by_epoch", false}}));
  EXPECT_EQ(processor->options().window_size, 5);
  EXPECT_FALSE(processor->options().by_epoch);
  EXPECT_THROW(
      registry::LOG_PROCESSORS.build(
          Value::dict({{"type", "LogProcessor"}, {"windowsize", 5}})),
      TypeError);
}

}  // namespace
}  // namespace mmengine::runner
