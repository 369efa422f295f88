#include "mmengine/evaluator/metric.h"

#include <fmt/format.h>

#include "mmengine/utils/error.h"
#include "mmengine/utils/warn.h"

namespace mmengine::evaluator {

BaseMetric::BaseMetric(
    std::string collect_device,
    std::string prefix,
    std::string collect_dir,
    std::string default_prefix)
    : collect_device_(std::move(collect_device)),
      prefix_(prefix.empty() ? std::move(default_prefix) : std::move(prefix)),
      collect_dir_(std::move(collect_dir)) {
  MMENGINE_CHECK(
      collect_device_ == "cpu" || collect_device_ == "gpu",
      "collect_device must be 'cpu' or 'gpu', got '",
      collect_device_,
      "'");
  MMENGINE_CHECK(
      collect_dir_.empty() || collect_device_ == "cpu",
      "`collec_dir` could only be configured when `collect_device='cpu'`");
}

BaseMetric::BaseMetric(registry::BuildArgs& args, std::string default_prefix)
    : BaseMetric(
          args.take<std::string>("collect_device", "cpu"),
          args.take<std::optional<std::string>>("prefix", std::nullopt)
              .value_or(""),
          args.take<std::optional<std::string>>("collect_dir", std::nullopt)
              .value_or(""),
          std::move(default_prefix)) {}

BaseMetric::~BaseMetric() = default;

config::Value BaseMetric::evaluate(std::int64_t size) {
  if (results_.empty()) {
    utils::warn(fmt::format(
        "{} got empty `self.results`. Please ensure that the processed "
        "results are properly added into `self.results` in `process` "
        "method.",
        name()));
  }
  if (size >= 0 && static_cast<std::size_t>(size) < results_.size()) {
    results_.resize(static_cast<std::size_t>(size));
  }
  config::Value metrics = compute_metrics(results_);
  results_.clear();
  MMENGINE_CHECK_TYPE(
      metrics.is_dict(), name(), ".compute_metrics must return a dict");
  if (prefix_.empty()) {
    return metrics;
  }
  config::Value out = config::Value::dict();
  for (const auto& [key, value] : metrics.items()) {
    out[prefix_ + "/" + key.to_string()] = value;
  }
  return out;
}

}  // namespace mmengine::evaluator
