#include "mmengine/evaluator/evaluator.h"

#include <mutex>

#include "mmengine/registry/root.h"
#include "mmengine/utils/error.h"

namespace mmengine::evaluator {

using config::Value;

namespace {

std::vector<std::shared_ptr<BaseMetric>> build_metrics(
    const Value& cfg, const std::string& where) {
  std::vector<std::shared_ptr<BaseMetric>> metrics;
  if (cfg.is_dict()) {
    registry::BuildOptions options;
    options.path = where;
    metrics.push_back(registry::METRICS.build(cfg, options));
    return metrics;
  }
  MMENGINE_CHECK_TYPE(
      cfg.is_sequence(),
      where,
      ": metrics should be a dict or a list of dicts, got ",
      cfg.type_name());
  for (std::size_t i = 0; i < cfg.size(); ++i) {
    registry::BuildOptions options;
    options.path = fmt::format("{}[{}]", where, i);
    metrics.push_back(registry::METRICS.build(cfg.elements()[i], options));
  }
  return metrics;
}

}  // namespace

Evaluator::Evaluator(std::vector<std::shared_ptr<BaseMetric>> metrics)
    : metrics_(std::move(metrics)) {
  for (const auto& metric : metrics_) {
    MMENGINE_CHECK(metric != nullptr, "Evaluator: a metric is null");
  }
}

Evaluator::Evaluator(registry::BuildArgs& args)
    : Evaluator(build_metrics(args.take_value("metrics"), args.where())) {}

void Evaluator::process(
    const model::DataBatch& data_batch, const model::DataSamples& samples) {
  for (const auto& metric : metrics_) {
    metric->process(data_batch, samples);
  }
}

Value Evaluator::evaluate(std::int64_t size) {
  Value merged = Value::dict();
  for (const auto& metric : metrics_) {
    Value results = metric->evaluate(size);
    for (const auto& [name, value] : results.items()) {
      MMENGINE_CHECK(
          !merged.contains(name),
          "There are multiple evaluation results with the same metric name ",
          name.to_string(),
          ". Please make sure all metrics have different prefixes.");
      merged[name] = value;
    }
  }
  return merged;
}

Value Evaluator::offline_evaluate(
    const model::DataSamples& data_samples, std::int64_t chunk_size) {
  MMENGINE_CHECK(chunk_size >= 1, "chunk_size must be positive");
  const model::DataBatch empty;
  for (std::size_t i = 0; i < data_samples.size();
       i += static_cast<std::size_t>(chunk_size)) {
    const std::size_t end =
        std::min(data_samples.size(), i + static_cast<std::size_t>(chunk_size));
    model::DataSamples chunk(
        data_samples.begin() + static_cast<std::ptrdiff_t>(i),
        data_samples.begin() + static_cast<std::ptrdiff_t>(end));
    process(empty, chunk);
  }
  return evaluate(static_cast<std::int64_t>(data_samples.size()));
}

void Evaluator::set_dataset_meta(const Value& meta) {
  for (const auto& metric : metrics_) {
    metric->set_dataset_meta(meta);
  }
}

std::shared_ptr<Evaluator> build_evaluator(
    const Value& cfg, const std::string& where) {
  register_evaluator_module();
  if (cfg.is_dict() && cfg.contains("type")) {
    const std::string type = cfg["type"].as<std::string>();
    if (registry::EVALUATOR.get(type) != nullptr) {
      registry::BuildOptions options;
      options.path = where;
      return registry::EVALUATOR.build(cfg, options);
    }
  }
  return std::make_shared<Evaluator>(build_metrics(cfg, where));
}

void register_evaluator_module() {
  static std::once_flag once;
  std::call_once(once, [] {
    registry::register_class<Evaluator>(
        registry::EVALUATOR,
        "Evaluator",
        "mmengine/evaluator",
        "runs several metrics");
  });
}

}  // namespace mmengine::evaluator
