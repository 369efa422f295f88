#include "tests/runner/toy_job.h"

#include <torch/torch.h>

#include <mutex>

#include "mmengine/dataset/dataset.h"
#include "mmengine/evaluator/metric.h"
#include "mmengine/hooks/hook.h"
#include "mmengine/model/base_model/base_model.h"
#include "mmengine/registry/root.h"
#include "mmengine/runner/register_all_modules.h"
#include "mmengine/runner/runner.h"

namespace mmengine::testing {

using config::Value;
using model::DataBatch;
using model::DataSamples;
using model::ForwardMode;
using model::ForwardResult;
using structures::BaseDataElement;

namespace {

at::Tensor stack_inputs(const model::BatchInputs& inputs) {
  if (const auto* list = std::get_if<std::vector<at::Tensor>>(&inputs)) {
    return torch::stack(*list);
  }
  return std::get<at::Tensor>(inputs);
}

at::Tensor stack_labels(const DataSamples& samples) {
  std::vector<at::Tensor> labels;
  for (const auto& s : samples) {
    labels.push_back(s->get("label").tensor());
  }
  return torch::stack(labels);
}

class ToyModel : public model::BaseModel {
 public:
  explicit ToyModel(registry::BuildArgs& args)
      : BaseModel(args.take_value("data_preprocessor", Value())) {
    linear1_ = register_module("linear1", torch::nn::Linear(2, 2));
    linear2_ = register_module("linear2", torch::nn::Linear(2, 1));
    torch::NoGradGuard no_grad;
    linear1_->weight.copy_(torch::tensor({{0.1F, -0.2F}, {0.3F, 0.4F}}));
    linear1_->bias.fill_(0.05);
    linear2_->weight.copy_(torch::tensor({{0.5F, -0.6F}}));
    linear2_->bias.fill_(0.0);
  }

  ForwardResult forward(
      const model::BatchInputs& inputs,
      const DataSamples& samples,
      ForwardMode mode) override {
    at::Tensor out =
        linear2_->forward(linear1_->forward(stack_inputs(inputs))).squeeze(1);
    if (mode == ForwardMode::kLoss) {
      at::Tensor loss = (out - stack_labels(samples)).pow(2).mean();
      return model::LossDict{{"loss", loss}};
    }
    if (mode == ForwardMode::kTensor) {
      return std::vector<at::Tensor>{out};
    }
    DataSamples predictions;
    for (int64_t i = 0; i < out.size(0); ++i) {
      auto p = std::make_shared<BaseDataElement>();
      p->set("pred", out[i].detach());
      predictions.push_back(p);
    }
    return predictions;
  }

 private:
  torch::nn::Linear linear1_{nullptr};
  torch::nn::Linear linear2_{nullptr};
};

class ToyDataset : public dataset::Dataset {
 public:
  explicit ToyDataset(registry::BuildArgs&) {
    data_ = torch::arange(24, torch::kFloat32).reshape({12, 2}) / 24;
    label_ = data_.sum(1) * 0.5;
  }
  std::int64_t size() const override {
    return 12;
  }
  dataset::Sample get(std::int64_t index) const override {
    auto sample = std::make_shared<BaseDataElement>();
    sample->set("label", label_[index]);
    return {data_[index], sample};
  }

 private:
  at::Tensor data_;
  at::Tensor label_;
};

class ToyMetric : public evaluator::BaseMetric {
 public:
  explicit ToyMetric(registry::BuildArgs& args) : BaseMetric(args, "") {}
  std::string name() const override {
    return "ToyMetric";
  }
  void process(const DataBatch& batch, const DataSamples& outputs) override {
    at::Tensor labels = stack_labels(batch.data_samples);
    for (std::size_t i = 0; i < outputs.size(); ++i) {
      const double p = outputs[i]->get("pred").tensor().item<double>();
      const double y = labels[static_cast<int64_t>(i)].item<double>();
      results().emplace_back(Value((p - y) * (p - y)));
    }
  }
  Value compute_metrics(const std::vector<structures::Tree>& results) override {
    double sum = 0;
    for (const auto& r : results) {
      sum += r.as<double>();
    }
    return Value::dict({{"mse", sum / static_cast<double>(results.size())}});
  }
};

// Derives from Hook (not HookBase) so every stage is listed, as the Python
// RecordHook overrides every stage.
class RecordHook : public hooks::Hook {
 public:
  explicit RecordHook(registry::BuildArgs&) {}
  std::string name() const override {
    return "RecordHook";
  }
  void before_run(Runner& r) override {
    rec(r, "before_run");
  }
  void after_run(Runner& r) override {
    rec(r, "after_run");
  }
  void before_train(Runner& r) override {
    rec(r, "before_train");
  }
  void after_train(Runner& r) override {
    rec(r, "after_train");
  }
  void before_val(Runner& r) override {
    rec(r, "before_val");
  }
  void after_val(Runner& r) override {
    rec(r, "after_val");
  }
  void before_test(Runner& r) override {
    rec(r, "before_test");
  }
  void after_test(Runner& r) override {
    rec(r, "after_test");
  }
  void before_save_checkpoint(Runner& r, structures::Tree&) override {
    rec(r, "before_save_checkpoint");
  }
  void after_load_checkpoint(Runner& r, structures::Tree&) override {
    rec(r, "after_load_checkpoint");
  }
  void before_train_epoch(Runner& r) override {
    rec(r, "before_train_epoch");
  }
  void before_val_epoch(Runner& r) override {
    rec(r, "before_val_epoch");
  }
  void before_test_epoch(Runner& r) override {
    rec(r, "before_test_epoch");
  }
  void after_train_epoch(Runner& r) override {
    rec(r, "after_train_epoch");
  }
  void after_val_epoch(Runner& r, const hooks::Metrics& m) override {
    rec(r, "after_val_epoch", nullptr, names(m));
  }
  void after_test_epoch(Runner& r, const hooks::Metrics& m) override {
    rec(r, "after_test_epoch", nullptr, names(m));
  }
  void before_train_iter(Runner& r, int64_t i, const DataBatch*) override {
    rec(r, "before_train_iter", i);
  }
  void before_val_iter(Runner& r, int64_t i, const DataBatch*) override {
    rec(r, "before_val_iter", i);
  }
  void before_test_iter(Runner& r, int64_t i, const DataBatch*) override {
    rec(r, "before_test_iter", i);
  }
  void after_train_iter(
      Runner& r, int64_t i, const DataBatch*, const model::LogVars*) override {
    rec(r, "after_train_iter", i);
  }
  void after_val_iter(
      Runner& r, int64_t i, const DataBatch*, const DataSamples*) override {
    rec(r, "after_val_iter", i);
  }
  void after_test_iter(
      Runner& r, int64_t i, const DataBatch*, const DataSamples*) override {
    rec(r, "after_test_iter", i);
  }

 private:
  static nlohmann::json names(const hooks::Metrics& m) {
    std::vector<std::string> out;
    if (m.is_dict()) {
      for (const auto& k : m.keys()) {
        out.push_back(k.to_string());
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  static void rec(
      Runner& r,
      const char* stage,
      nlohmann::json batch_idx = nullptr,
      nlohmann::json extra = nlohmann::json()) {
    const bool built = r.train_loop_if_built() != nullptr;
    nlohmann::json entry = {
        stage,
        built ? nlohmann::json(r.epoch()) : nlohmann::json(nullptr),
        built ? nlohmann::json(r.iter()) : nlohmann::json(nullptr),
        batch_idx};
    if (!extra.is_null()) {
      entry.push_back(extra);
    }
    recorded_calls().push_back(entry);
  }
};

}  // namespace

nlohmann::json& recorded_calls() {
  static nlohmann::json calls = nlohmann::json::array();
  return calls;
}

void register_toy_job() {
  static std::once_flag once;
  std::call_once(once, [] {
    runner::register_all_modules();
    registry::register_class<ToyModel>(registry::MODELS, "ToyModel");
    registry::register_class<ToyDataset>(registry::DATASETS, "ToyDataset");
    registry::register_class<ToyMetric>(registry::METRICS, "ToyMetric");
    registry::register_class<RecordHook>(registry::HOOKS, "RecordHook");
  });
}

std::string toy_config(const std::string& name) {
  return std::string(MMENGINE_TEST_SOURCE_DIR) +
         "/tests/fidelity/runner_configs/" + name;
}

}  // namespace mmengine::testing
