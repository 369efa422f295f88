#pragma once

/// The loops the Runner drives: epoch- or iteration-based training, and
/// validation/test passes. Mirrors `mmengine.runner.loops` including the
/// 0.10.4 rule that validation also runs after the last epoch/iteration.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/value.h"
#include "mmengine/model/base_model/data_preprocessor.h"
#include "mmengine/registry/build_args.h"
#include "mmengine/registry/registry.h"

namespace mmengine {
namespace dataset {
class DataLoader;
class BatchIterator;
}  // namespace dataset
namespace evaluator {
class Evaluator;
}  // namespace evaluator
}  // namespace mmengine

namespace mmengine::runner {

class Runner;

/// The base of loops in LOOPS: a runner and a data loader. Built with the
/// runtime args `runner` (Runner*) and `dataloader`
/// (std::shared_ptr<dataset::DataLoader>); val/test loops also take
/// `evaluator` (std::shared_ptr<evaluator::Evaluator>).
class MMENGINE_API BaseLoop : public registry::Configurable {
 public:
  BaseLoop(Runner& runner, std::shared_ptr<dataset::DataLoader> dataloader);
  ~BaseLoop() override;

  /// Runs the loop: train loops return None, val/test loops their metrics.
  virtual config::Value run() = 0;

  Runner& runner() const noexcept {
    return runner_;
  }
  /// The loader in use (for a ValLoop with several sets, the current one).
  dataset::DataLoader& dataloader() const noexcept {
    return *dataloader_;
  }

  /// Train-loop counters (0 for val/test loops).
  virtual std::int64_t epoch() const {
    return 0;
  }
  virtual std::int64_t iter() const {
    return 0;
  }
  virtual std::int64_t max_epochs() const {
    return 0;
  }
  virtual std::int64_t max_iters() const {
    return 0;
  }

 protected:
  const std::shared_ptr<dataset::DataLoader>& dataloader_ptr() const noexcept {
    return dataloader_;
  }
  void set_dataloader(std::shared_ptr<dataset::DataLoader> loader) {
    dataloader_ = std::move(loader);
  }

 private:
  Runner& runner_;
  std::shared_ptr<dataset::DataLoader> dataloader_;
};

/// Shared state of the two train loops: counters, validation schedule
/// (`val_begin`, `val_interval`, `dynamic_intervals`), `stop_training`.
class MMENGINE_API TrainLoopBase : public BaseLoop {
 public:
  TrainLoopBase(
      Runner& runner,
      std::shared_ptr<dataset::DataLoader> dataloader,
      std::int64_t val_begin,
      std::int64_t val_interval,
      const config::Value& dynamic_intervals);

  std::int64_t epoch() const override {
    return epoch_;
  }
  std::int64_t iter() const override {
    return iter_;
  }
  std::int64_t max_epochs() const override {
    return max_epochs_;
  }
  std::int64_t max_iters() const override {
    return max_iters_;
  }
  /// Set by EarlyStoppingHook to end training after the current step.
  void request_stop() noexcept {
    stop_training_ = true;
  }
  bool stop_training() const noexcept {
    return stop_training_;
  }
  /// True when training stopped on SIGTERM/SIGINT (after saving).
  bool preempted() const noexcept {
    return preempted_;
  }
  /// Restores counters on resume.
  void set_progress(std::int64_t epoch, std::int64_t iter) noexcept {
    epoch_ = epoch;
    iter_ = iter;
  }
  /// Where training stands in its data, for checkpoints (beyond MMEngine,
  /// which replays or restarts the data on resume): {"iter": the iteration
  /// count the state belongs to, "pass": the data loader's pass number,
  /// "skip": batches of that pass already trained}.
  config::Value data_state() const;
  /// Restores data_state() after set_progress() and before run(). Applied
  /// only when its "iter" equals the restored iteration count (a state from
  /// another moment is ignored: MMEngine's behaviour then). ValueError for
  /// malformed states.
  void set_data_state(const config::Value& state);
  std::int64_t val_begin() const noexcept {
    return val_begin_;
  }
  std::int64_t val_interval() const noexcept {
    return val_interval_;
  }

 protected:
  /// `val_interval` for progress `current` (epoch or iter + 1), from the
  /// dynamic milestones. Mirrors `_decide_current_val_interval`.
  void decide_current_val_interval(std::int64_t current);
  /// Runs validation when configured and due at `progress`.
  void maybe_validate(std::int64_t progress, std::int64_t max_progress);

  std::int64_t epoch_ = 0;
  std::int64_t iter_ = 0;
  std::int64_t max_epochs_ = 0;
  std::int64_t max_iters_ = 0;
  std::int64_t val_begin_;
  std::int64_t val_interval_;
  bool stop_training_ = false;
  bool preempted_ = false;
  // data_state(): the state after the batch in progress / the last one.
  std::int64_t state_iter_ = 0;
  std::int64_t state_pass_ = 0;
  std::int64_t state_skip_ = 0;
  // Set by set_data_state for the first pass run() starts.
  std::optional<std::int64_t> resume_pass_;
  std::int64_t resume_skip_ = 0;
  std::vector<std::int64_t> dynamic_milestones_;
  std::vector<std::int64_t> dynamic_intervals_;
};

/// Trains for `max_epochs` passes over the data. Mirrors
/// `EpochBasedTrainLoop` (val_begin=1, val_interval=1).
class MMENGINE_API EpochBasedTrainLoop : public TrainLoopBase {
 public:
  EpochBasedTrainLoop(
      Runner& runner,
      std::shared_ptr<dataset::DataLoader> dataloader,
      std::int64_t max_epochs,
      std::int64_t val_begin = 1,
      std::int64_t val_interval = 1,
      const config::Value& dynamic_intervals = {});
  explicit EpochBasedTrainLoop(registry::BuildArgs& args);

  config::Value run() override;
  void run_epoch();
  void run_iter(std::int64_t idx, const model::DataBatch& data_batch);
};

/// Trains for `max_iters` iterations, restarting the data loader when it
/// ends. Mirrors `IterBasedTrainLoop` (val_begin=1, val_interval=1000);
/// differs in not sleeping 2 s at each restart.
class MMENGINE_API IterBasedTrainLoop : public TrainLoopBase {
 public:
  IterBasedTrainLoop(
      Runner& runner,
      std::shared_ptr<dataset::DataLoader> dataloader,
      std::int64_t max_iters,
      std::int64_t val_begin = 1,
      std::int64_t val_interval = 1000,
      const config::Value& dynamic_intervals = {});
  explicit IterBasedTrainLoop(registry::BuildArgs& args);
  ~IterBasedTrainLoop() override;

  config::Value run() override;
  void run_iter(const model::DataBatch& data_batch);

 private:
  model::DataBatch next_batch();

  std::unique_ptr<dataset::BatchIterator> iterator_;
  std::int64_t loader_epoch_ = 0;
  std::int64_t pass_batches_ = 0;
};

/// One validation (or test) data set of a ValLoop: its loader, its
/// evaluator, and the prefix of its metric names ("" for none).
struct EvalSet {
  std::shared_ptr<dataset::DataLoader> dataloader;
  std::shared_ptr<evaluator::Evaluator> evaluator;
  std::string prefix;
};

/// One pass over the validation (or test) data, then the evaluator.
/// Mirrors `ValLoop` / `TestLoop`; `fp16` runs the model under autocast.
/// Differs: when stdout and stderr are terminals, a ProgressBar on stderr
/// shows the pass (log lines are unchanged); and beyond MMEngine, several
/// data sets (add_set) are validated in turn within one val epoch, batch
/// indices restarting at 0 for each, and their metrics are merged as
/// `<prefix>/<metric>` into the one dict after_val_epoch receives.
class MMENGINE_API ValLoop : public BaseLoop {
 public:
  ValLoop(
      Runner& runner,
      std::shared_ptr<dataset::DataLoader> dataloader,
      std::shared_ptr<evaluator::Evaluator> evaluator,
      bool fp16 = false,
      bool is_test = false);
  ValLoop(registry::BuildArgs& args, bool is_test);
  explicit ValLoop(registry::BuildArgs& args) : ValLoop(args, false) {}

  config::Value run() override;
  void run_iter(std::int64_t idx, const model::DataBatch& data_batch);
  /// The evaluator of the current set.
  evaluator::Evaluator& evaluator() const noexcept {
    return *evaluator_;
  }
  /// Sets the metric prefix of the first set (the one built with the loop).
  void set_prefix(std::string prefix);
  /// Adds a data set validated after the others; its prefix must be
  /// non-empty and unique (ValueError otherwise).
  void add_set(EvalSet set);
  const std::vector<EvalSet>& sets() const noexcept {
    return sets_;
  }

 private:
  /// Runs one set; returns its metrics with the prefix applied.
  config::Value run_set(const EvalSet& set);

  std::vector<EvalSet> sets_;
  std::shared_ptr<evaluator::Evaluator> evaluator_;
  bool fp16_;
  bool is_test_;
  bool show_progress_;
};

/// ValLoop with the test hook points.
class MMENGINE_API TestLoop : public ValLoop {
 public:
  TestLoop(
      Runner& runner,
      std::shared_ptr<dataset::DataLoader> dataloader,
      std::shared_ptr<evaluator::Evaluator> evaluator,
      bool fp16 = false)
      : ValLoop(
            runner, std::move(dataloader), std::move(evaluator), fp16, true) {}
  explicit TestLoop(registry::BuildArgs& args) : ValLoop(args, true) {}
};

/// Registers the four loops in LOOPS.
MMENGINE_API void register_loops();

}  // namespace mmengine::runner
