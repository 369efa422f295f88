#include "mmengine/runner/loops.h"

#include <ATen/autocast_mode.h>
#include <ATen/core/grad_mode.h>

#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <mutex>
#include <optional>

#include "mmengine/dataset/data_loader.h"
#include "mmengine/evaluator/evaluator.h"
#include "mmengine/model/base_model/base_model.h"
#include "mmengine/optim/optimizer/optim_wrapper.h"
#include "mmengine/registry/root.h"
#include "mmengine/runner/runner.h"
#include "mmengine/utils/error.h"
#include "mmengine/utils/progressbar.h"
#include "mmengine/utils/warn.h"

namespace mmengine::runner {

using config::Value;
using hooks::Hook;

BaseLoop::BaseLoop(Runner& runner, std::shared_ptr<dataset::DataLoader> loader)
    : runner_(runner), dataloader_(std::move(loader)) {
  MMENGINE_CHECK(dataloader_ != nullptr, "a loop needs a dataloader");
}

BaseLoop::~BaseLoop() = default;

TrainLoopBase::TrainLoopBase(
    Runner& runner,
    std::shared_ptr<dataset::DataLoader> loader,
    std::int64_t val_begin,
    std::int64_t val_interval,
    const Value& dynamic_intervals)
    : BaseLoop(runner, std::move(loader)),
      val_begin_(val_begin),
      val_interval_(val_interval) {
  MMENGINE_CHECK(
      val_interval > 0,
      "train_cfg.val_interval should be a positive integer, got ",
      val_interval);
  dynamic_milestones_ = {0};
  dynamic_intervals_ = {val_interval};
  if (!dynamic_intervals.is_none()) {
    MMENGINE_CHECK_TYPE(
        dynamic_intervals.is_sequence(),
        "train_cfg.dynamic_intervals should be a list of (milestone, "
        "interval) tuples");
    for (const Value& item : dynamic_intervals.elements()) {
      MMENGINE_CHECK_TYPE(
          item.is_sequence() && item.size() == 2,
          "train_cfg.dynamic_intervals: expected (milestone, interval), got ",
          item.repr());
      dynamic_milestones_.push_back(item.elements()[0].as<std::int64_t>());
      dynamic_intervals_.push_back(item.elements()[1].as<std::int64_t>());
    }
  }
  config::Value meta = dataloader().dataset().metainfo();
  (void)meta;
}

void TrainLoopBase::decide_current_val_interval(std::int64_t current) {
  // bisect.bisect(milestones, current) - 1
  auto it = std::upper_bound(
      dynamic_milestones_.begin(), dynamic_milestones_.end(), current);
  auto step = static_cast<std::size_t>(it - dynamic_milestones_.begin());
  val_interval_ = dynamic_intervals_[step - 1];
}

void TrainLoopBase::maybe_validate(
    std::int64_t progress, std::int64_t max_progress) {
  if (runner().has_val_loop() && progress >= val_begin_ &&
      (progress % val_interval_ == 0 || progress == max_progress)) {
    runner().val_loop().run();
  }
}

EpochBasedTrainLoop::EpochBasedTrainLoop(
    Runner& runner,
    std::shared_ptr<dataset::DataLoader> loader,
    std::int64_t max_epochs,
    std::int64_t val_begin,
    std::int64_t val_interval,
    const Value& dynamic_intervals)
    : TrainLoopBase(
          runner,
          std::move(loader),
          val_begin,
          val_interval,
          dynamic_intervals) {
  MMENGINE_CHECK(
      max_epochs > 0,
      "train_cfg.max_epochs should be positive, got ",
      max_epochs);
  max_epochs_ = max_epochs;
  max_iters_ = max_epochs * dataloader().size();
}

EpochBasedTrainLoop::EpochBasedTrainLoop(registry::BuildArgs& args)
    : EpochBasedTrainLoop(
          *args.object<Runner*>("runner"),
          args.object<std::shared_ptr<dataset::DataLoader>>("dataloader"),
          args.take<std::int64_t>("max_epochs"),
          args.take<std::int64_t>("val_begin", 1),
          args.take<std::int64_t>("val_interval", 1),
          args.take_value("dynamic_intervals", Value())) {}

Value TrainLoopBase::data_state() const {
  return Value::dict(
      {{"iter", state_iter_}, {"pass", state_pass_}, {"skip", state_skip_}});
}

void TrainLoopBase::set_data_state(const Value& state) {
  MMENGINE_CHECK_TYPE(
      state.is_dict(),
      "train loop data state should be a dict, got ",
      state.type_name());
  auto field = [&](const char* key) {
    const Value* v = state.find(key);
    MMENGINE_CHECK_KEY(
        v != nullptr, "train loop data state: missing '", key, "'");
    MMENGINE_CHECK_TYPE(
        v->is_int(),
        "train loop data state: '",
        key,
        "' should be an int, got ",
        v->repr());
    const auto value = v->as<std::int64_t>();
    MMENGINE_CHECK(
        value >= 0,
        "train loop data state: '",
        key,
        "' should be >= 0, got ",
        value);
    return value;
  };
  const std::int64_t iter = field("iter");
  const std::int64_t pass = field("pass");
  const std::int64_t skip = field("skip");
  if (iter != iter_) {
    return;
  }
  resume_pass_ = pass;
  resume_skip_ = skip;
  state_iter_ = iter;
  state_pass_ = pass;
  state_skip_ = skip;
}

Value EpochBasedTrainLoop::run() {
  runner().call_hook(&Hook::before_train);
  while (epoch_ < max_epochs_ && !stop_training_) {
    run_epoch();
    if (preempted_) {
      break;
    }
    decide_current_val_interval(epoch_ + 1);
    maybe_validate(epoch_, max_epochs_);
  }
  runner().call_hook(&Hook::after_train);
  return {};
}

void EpochBasedTrainLoop::run_epoch() {
  runner().call_hook(&Hook::before_train_epoch);
  runner().model().train(true);
  // A resumed epoch continues after the batches its checkpoint had trained.
  std::int64_t idx = 0;
  if (resume_pass_) {
    dataloader().set_next_pass(*resume_pass_);
    idx = resume_skip_;
    resume_pass_.reset();
  }
  auto it = dataloader().iter(idx);
  state_pass_ = dataloader().pass();
  while (auto batch = it->next()) {
    run_iter(idx++, *batch);
    if (runner().checkpoint_if_signalled()) {
      preempted_ = stop_training_ = true;
      return;
    }
  }
  // What a checkpoint taken after this epoch resumes with: the next pass.
  state_iter_ = iter_;
  state_pass_ = dataloader().pass() + 1;
  state_skip_ = 0;
  runner().call_hook(&Hook::after_train_epoch);
  ++epoch_;
}

void EpochBasedTrainLoop::run_iter(
    std::int64_t idx, const model::DataBatch& data_batch) {
  state_iter_ = iter_ + 1;
  state_skip_ = idx + 1;
  runner().call_hook(&Hook::before_train_iter, idx, &data_batch);
  model::LogVars outputs =
      runner().model().train_step(data_batch, runner().optim_wrapper());
  runner().call_hook(&Hook::after_train_iter, idx, &data_batch, &outputs);
  ++iter_;
}

IterBasedTrainLoop::IterBasedTrainLoop(
    Runner& runner,
    std::shared_ptr<dataset::DataLoader> loader,
    std::int64_t max_iters,
    std::int64_t val_begin,
    std::int64_t val_interval,
    const Value& dynamic_intervals)
    : TrainLoopBase(
          runner,
          std::move(loader),
          val_begin,
          val_interval,
          dynamic_intervals) {
  MMENGINE_CHECK(
      max_iters > 0, "train_cfg.max_iters should be positive, got ", max_iters);
  max_iters_ = max_iters;
  max_epochs_ = 1;
}

IterBasedTrainLoop::IterBasedTrainLoop(registry::BuildArgs& args)
    : IterBasedTrainLoop(
          *args.object<Runner*>("runner"),
          args.object<std::shared_ptr<dataset::DataLoader>>("dataloader"),
          args.take<std::int64_t>("max_iters"),
          args.take<std::int64_t>("val_begin", 1),
          args.take<std::int64_t>("val_interval", 1000),
          args.take_value("dynamic_intervals", Value())) {}

IterBasedTrainLoop::~IterBasedTrainLoop() = default;

model::DataBatch IterBasedTrainLoop::next_batch() {
  if (!iterator_) {
    iterator_ = dataloader().iter();
  }
  if (auto batch = iterator_->next()) {
    ++pass_batches_;
    return std::move(*batch);
  }
  utils::warn(
      "Reach the end of the dataloader, it will be restarted and continue "
      "to iterate. It is recommended to use `mmengine.dataset.InfiniteSampler` "
      "to enable the dataloader to iterate infinitely.");
  ++loader_epoch_;
  dataloader().sampler().set_epoch(loader_epoch_);
  iterator_ = dataloader().iter();
  pass_batches_ = 0;
  auto batch = iterator_->next();
  MMENGINE_CHECK(batch.has_value(), "the train dataloader yields no batch");
  ++pass_batches_;
  return std::move(*batch);
}

Value IterBasedTrainLoop::run() {
  runner().call_hook(&Hook::before_train);
  runner().call_hook(&Hook::before_train_epoch);
  if (resume_pass_) {
    // Continue the pass the checkpoint was taken in, after its batches.
    loader_epoch_ = *resume_pass_;
    if (loader_epoch_ > 0) {
      dataloader().sampler().set_epoch(loader_epoch_);
    }
    dataloader().set_next_pass(*resume_pass_);
    iterator_ = dataloader().iter(resume_skip_);
    pass_batches_ = resume_skip_;
    resume_pass_.reset();
  } else if (iter_ > 0) {
    utils::warn(fmt::format(
        "Advance dataloader {} steps to skip data that has already been "
        "trained",
        iter_));
    for (std::int64_t i = 0; i < iter_; ++i) {
      (void)next_batch();
    }
  }
  while (iter_ < max_iters_ && !stop_training_) {
    runner().model().train(true);
    model::DataBatch batch = next_batch();
    run_iter(batch);
    if (runner().checkpoint_if_signalled()) {
      preempted_ = stop_training_ = true;
      break;
    }
    decide_current_val_interval(iter_ + 1);
    maybe_validate(iter_, max_iters_);
  }
  runner().call_hook(&Hook::after_train_epoch);
  runner().call_hook(&Hook::after_train);
  return {};
}

void IterBasedTrainLoop::run_iter(const model::DataBatch& data_batch) {
  state_iter_ = iter_ + 1;
  state_pass_ = dataloader().pass();
  state_skip_ = pass_batches_;
  runner().call_hook(&Hook::before_train_iter, iter_, &data_batch);
  model::LogVars outputs =
      runner().model().train_step(data_batch, runner().optim_wrapper());
  runner().call_hook(&Hook::after_train_iter, iter_, &data_batch, &outputs);
  ++iter_;
}

ValLoop::ValLoop(
    Runner& runner,
    std::shared_ptr<dataset::DataLoader> loader,
    std::shared_ptr<evaluator::Evaluator> evaluator,
    bool fp16,
    bool is_test)
    : BaseLoop(runner, std::move(loader)),
      evaluator_(std::move(evaluator)),
      fp16_(fp16),
      is_test_(is_test),
      show_progress_(isatty(STDERR_FILENO) == 1 && isatty(STDOUT_FILENO) == 1) {
  MMENGINE_CHECK(
      evaluator_ != nullptr,
      is_test ? "test" : "val",
      " loop needs an evaluator");
  evaluator_->set_dataset_meta(dataloader().dataset().metainfo());
  sets_.push_back({BaseLoop::dataloader_ptr(), evaluator_, ""});
}

ValLoop::ValLoop(registry::BuildArgs& args, bool is_test)
    : ValLoop(
          *args.object<Runner*>("runner"),
          args.object<std::shared_ptr<dataset::DataLoader>>("dataloader"),
          args.object<std::shared_ptr<evaluator::Evaluator>>("evaluator"),
          args.take<bool>("fp16", false),
          is_test) {}

namespace {

// Autocast for the model's device while validating with fp16=True.
class AutocastScope {
 public:
  explicit AutocastScope(bool enabled) : enabled_(enabled) {
    if (enabled_) {
      previous_ = at::autocast::is_autocast_enabled(at::kCUDA);
      at::autocast::set_autocast_enabled(at::kCUDA, true);
    }
  }
  ~AutocastScope() {
    if (enabled_) {
      at::autocast::set_autocast_enabled(at::kCUDA, previous_);
      at::autocast::clear_cache();
    }
  }
  AutocastScope(const AutocastScope&) = delete;
  AutocastScope& operator=(const AutocastScope&) = delete;

 private:
  bool enabled_;
  bool previous_ = false;
};

}  // namespace

void ValLoop::set_prefix(std::string prefix) {
  sets_.front().prefix = std::move(prefix);
}

void ValLoop::add_set(EvalSet set) {
  const char* mode = is_test_ ? "test" : "val";
  MMENGINE_CHECK(
      set.dataloader != nullptr && set.evaluator != nullptr,
      mode,
      " loop: a data set needs a dataloader and an evaluator");
  MMENGINE_CHECK(
      !set.prefix.empty(),
      mode,
      " loop: with several data sets each needs a non-empty prefix");
  for (const EvalSet& other : sets_) {
    MMENGINE_CHECK(
        other.prefix != set.prefix,
        mode,
        " loop: two data sets have the prefix '",
        set.prefix,
        "'; prefixes must be unique");
  }
  MMENGINE_CHECK(
      !sets_.front().prefix.empty(),
      mode,
      " loop: give the first data set a prefix before adding others");
  set.evaluator->set_dataset_meta(set.dataloader->dataset().metainfo());
  sets_.push_back(std::move(set));
}

Value ValLoop::run_set(const EvalSet& set) {
  set_dataloader(set.dataloader);
  evaluator_ = set.evaluator;
  // Interactive runs get a progress bar (on stderr, between log lines).
  std::optional<utils::ProgressBar> bar;
  if (show_progress_) {
    bar.emplace(utils::ProgressBar::Options{
        .task_num = dataloader().size(), .out = &std::cerr});
  }
  auto it = dataloader().iter();
  std::int64_t idx = 0;
  while (auto batch = it->next()) {
    run_iter(idx++, *batch);
    if (bar) {
      bar->update();
    }
  }
  if (bar) {
    std::cerr << "\n";
  }
  Value metrics = evaluator_->evaluate(dataloader().dataset().size());
  if (set.prefix.empty() || !metrics.is_dict()) {
    return metrics;
  }
  Value prefixed = Value::dict();
  for (const auto& [key, value] : metrics.items()) {
    prefixed[set.prefix + "/" + key.to_string()] = value;
  }
  return prefixed;
}

Value ValLoop::run() {
  runner().call_hook(is_test_ ? &Hook::before_test : &Hook::before_val);
  runner().call_hook(
      is_test_ ? &Hook::before_test_epoch : &Hook::before_val_epoch);
  runner().model().train(false);
  Value metrics;
  if (sets_.size() == 1) {
    metrics = run_set(sets_.front());
  } else {
    metrics = Value::dict();
    for (const EvalSet& set : sets_) {
      const Value set_metrics = run_set(set);
      MMENGINE_CHECK_TYPE(
          set_metrics.is_dict(),
          "the metrics of data set '",
          set.prefix,
          "' should be a dict, but got ",
          set_metrics.type_name());
      for (const auto& [key, value] : set_metrics.items()) {
        metrics[key] = value;
      }
    }
  }
  runner().call_hook(
      is_test_ ? &Hook::after_test_epoch : &Hook::after_val_epoch, metrics);
  runner().call_hook(is_test_ ? &Hook::after_test : &Hook::after_val);
  return metrics;
}

void ValLoop::run_iter(std::int64_t idx, const model::DataBatch& data_batch) {
  at::NoGradGuard no_grad;
  runner().call_hook(
      is_test_ ? &Hook::before_test_iter : &Hook::before_val_iter,
      idx,
      &data_batch);
  model::DataSamples outputs;
  {
    AutocastScope autocast(fp16_);
    outputs = is_test_ ? runner().model().test_step(data_batch)
                       : runner().model().val_step(data_batch);
  }
  evaluator_->process(data_batch, outputs);
  runner().call_hook(
      is_test_ ? &Hook::after_test_iter : &Hook::after_val_iter,
      idx,
      &data_batch,
      &outputs);
}

void register_loops() {
  static std::once_flag once;
  std::call_once(once, [] {
    const char* where = "mmengine/runner";
    registry::register_class<EpochBasedTrainLoop>(
        registry::LOOPS, "EpochBasedTrainLoop", where, "train by epochs");
    registry::register_class<IterBasedTrainLoop>(
        registry::LOOPS, "IterBasedTrainLoop", where, "train by iterations");
    registry::register_class<ValLoop>(
        registry::LOOPS, "ValLoop", where, "validation pass");
    registry::register_class<TestLoop>(
        registry::LOOPS, "TestLoop", where, "test pass");
  });
}

}  // namespace mmengine::runner
