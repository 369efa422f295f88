#include "mmengine/hooks/hook.h"

#include <algorithm>
#include <cctype>

#include "mmengine/runner/runner.h"
#include "mmengine/utils/error.h"

namespace mmengine::hooks {

using runner::Runner;

namespace {

const std::vector<std::pair<std::string, int>>& priority_names() {
  static const std::vector<std::pair<std::string, int>> names = {
      {"HIGHEST", 0},
      {"VERY_HIGH", 10},
      {"HIGH", 30},
      {"ABOVE_NORMAL", 40},
      {"NORMAL", 50},
      {"BELOW_NORMAL", 60},
      {"LOW", 70},
      {"VERY_LOW", 90},
      {"LOWEST", 100},
  };
  return names;
}

}  // namespace

int get_priority(const config::Value& priority) {
  if (priority.is_int()) {
    const auto p = priority.as<std::int64_t>();
    MMENGINE_CHECK(p >= 0 && p <= 100, "priority must be between 0 and 100");
    return static_cast<int>(p);
  }
  MMENGINE_CHECK_TYPE(
      priority.is_string(),
      "priority must be an integer or Priority enum value, got ",
      priority.repr());
  std::string upper = priority.as<std::string>();
  std::transform(
      upper.begin(), upper.end(), upper.begin(), [](unsigned char c) {
        return static_cast<char>(std::toupper(c));
      });
  for (const auto& [name, value] : priority_names()) {
    if (name == upper) {
      return value;
    }
  }
  std::vector<std::string> valid;
  for (const auto& item : priority_names()) {
    valid.push_back(item.first);
  }
  MMENGINE_CHECK_KEY(
      false,
      "unknown priority ",
      priority.repr(),
      " (expected 0..100 or one of ",
      fmt::format("{}", fmt::join(valid, ", ")),
      ")");
  return 0;
}

std::string priority_name(int priority) {
  for (const auto& [name, value] : priority_names()) {
    if (value == priority) {
      return name;
    }
  }
  return std::to_string(priority);
}

const std::vector<std::string>& Hook::stages() {
  static const std::vector<std::string> stages = {
      "before_run",        "after_load_checkpoint",
      "before_train",      "before_train_epoch",
      "before_train_iter", "after_train_iter",
      "after_train_epoch", "before_val",
      "before_val_epoch",  "before_val_iter",
      "after_val_iter",    "after_val_epoch",
      "after_val",         "before_save_checkpoint",
      "after_train",       "before_test",
      "before_test_epoch", "before_test_iter",
      "after_test_iter",   "after_test_epoch",
      "after_test",        "after_run"};
  return stages;
}

Hook::Hook() = default;
Hook::~Hook() = default;

std::string Hook::name() const {
  const config::Value& cfg = to_config();
  if (cfg.is_dict() && cfg.contains("type")) {
    return cfg["type"].as<std::string>();
  }
  return "Hook";
}

std::vector<std::string> Hook::triggered_stages() const {
  return stages();
}

namespace detail {

std::vector<std::string> stages_from_flags(
    const std::vector<bool>& direct, const bool (&shared)[4]) {
  const auto& all = Hook::stages();
  std::vector<std::string> out;
  for (std::size_t i = 0; i < all.size(); ++i) {
    const std::string& s = all[i];
    const bool train_val_test_epoch = s.ends_with("_epoch");
    const bool iter = s.ends_with("_iter");
    const bool before = s.starts_with("before_");
    bool hit = direct[i];
    if (train_val_test_epoch) {
      hit = hit || (before ? shared[0] : shared[1]);
    } else if (iter) {
      hit = hit || (before ? shared[2] : shared[3]);
    }
    if (hit) {
      out.push_back(s);
    }
  }
  return out;
}

}  // namespace detail

void Hook::before_run(Runner&) {}
void Hook::after_run(Runner&) {}
void Hook::before_train(Runner&) {}
void Hook::after_train(Runner&) {}
void Hook::before_val(Runner&) {}
void Hook::after_val(Runner&) {}
void Hook::before_test(Runner&) {}
void Hook::after_test(Runner&) {}
void Hook::before_save_checkpoint(Runner&, structures::Tree&) {}
void Hook::after_load_checkpoint(Runner&, structures::Tree&) {}

void Hook::before_train_epoch(Runner& runner) {
  before_epoch(runner, "train");
}
void Hook::before_val_epoch(Runner& runner) {
  before_epoch(runner, "val");
}
void Hook::before_test_epoch(Runner& runner) {
  before_epoch(runner, "test");
}
void Hook::after_train_epoch(Runner& runner) {
  after_epoch(runner, "train");
}
void Hook::after_val_epoch(Runner& runner, const Metrics&) {
  after_epoch(runner, "val");
}
void Hook::after_test_epoch(Runner& runner, const Metrics&) {
  after_epoch(runner, "test");
}
void Hook::before_train_iter(
    Runner& runner, std::int64_t batch_idx, const DataBatch* data_batch) {
  before_iter(runner, batch_idx, data_batch, "train");
}
void Hook::before_val_iter(
    Runner& runner, std::int64_t batch_idx, const DataBatch* data_batch) {
  before_iter(runner, batch_idx, data_batch, "val");
}
void Hook::before_test_iter(
    Runner& runner, std::int64_t batch_idx, const DataBatch* data_batch) {
  before_iter(runner, batch_idx, data_batch, "test");
}
void Hook::after_train_iter(
    Runner& runner,
    std::int64_t batch_idx,
    const DataBatch* data_batch,
    const model::LogVars*) {
  after_iter(runner, batch_idx, data_batch, "train");
}
void Hook::after_val_iter(
    Runner& runner,
    std::int64_t batch_idx,
    const DataBatch* data_batch,
    const model::DataSamples*) {
  after_iter(runner, batch_idx, data_batch, "val");
}
void Hook::after_test_iter(
    Runner& runner,
    std::int64_t batch_idx,
    const DataBatch* data_batch,
    const model::DataSamples*) {
  after_iter(runner, batch_idx, data_batch, "test");
}

void Hook::before_epoch(Runner&, std::string_view) {}
void Hook::after_epoch(Runner&, std::string_view) {}
void Hook::before_iter(
    Runner&, std::int64_t, const DataBatch*, std::string_view) {}
void Hook::after_iter(
    Runner&, std::int64_t, const DataBatch*, std::string_view) {}

bool Hook::every_n_epochs(const Runner& runner, int64_t n, int64_t start) {
  const std::int64_t dividend = runner.epoch() + 1 - start;
  return dividend >= 0 && n > 0 ? dividend % n == 0 : false;
}

bool Hook::every_n_inner_iters(std::int64_t batch_idx, int64_t n) {
  return n > 0 ? (batch_idx + 1) % n == 0 : false;
}

bool Hook::every_n_train_iters(const Runner& runner, int64_t n, int64_t start) {
  const std::int64_t dividend = runner.iter() + 1 - start;
  return dividend >= 0 && n > 0 ? dividend % n == 0 : false;
}

bool Hook::end_of_epoch(
    std::int64_t dataloader_length, std::int64_t batch_idx) {
  return batch_idx + 1 == dataloader_length;
}

bool Hook::is_last_train_epoch(const Runner& runner) {
  return runner.epoch() + 1 == runner.max_epochs();
}

bool Hook::is_last_train_iter(const Runner& runner) {
  return runner.iter() + 1 == runner.max_iters();
}

}  // namespace mmengine::hooks
