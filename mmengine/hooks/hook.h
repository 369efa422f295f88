#pragma once

/// Hooks: code the Runner calls at fixed points of training, validation
/// and testing.
///
///   class CountHook : public hooks::HookBase<CountHook> {
///    public:
///     explicit CountHook(registry::BuildArgs& a) : n_(a.take<int>("n", 1)) {}
///     void after_train_iter(runner::Runner& r, int64_t batch_idx,
///                           const model::DataBatch*, const model::LogVars*)
///         override { ... }
///   };
///   MMENGINE_REGISTER(registry::HOOKS, CountHook);
///   // config: custom_hooks = [dict(type='CountHook', n=2, priority='LOW')]
///
/// Mirrors `mmengine.hooks.Hook`: the same hook points, called in the same
/// order, the same every_n_* helpers. Differs: typed arguments; deriving
/// from HookBase<Self> lets the hook table list exactly the overridden
/// points (Python inspects the class; C++ checks it at compile time).

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/value.h"
#include "mmengine/model/base_model/base_model.h"
#include "mmengine/registry/registry.h"
#include "mmengine/structures/tree.h"

namespace mmengine::runner {
class Runner;
}  // namespace mmengine::runner

namespace mmengine::hooks {

/// MMEngine's named priorities (lower runs first).
enum class Priority : int {
  kHighest = 0,
  kVeryHigh = 10,
  kHigh = 30,
  kAboveNormal = 40,
  kNormal = 50,
  kBelowNormal = 60,
  kLow = 70,
  kVeryLow = 90,
  kLowest = 100,
};

/// An int in [0, 100] or a name ("LOW", case-insensitive). ValueError
/// "priority must be between 0 and 100" / unknown names list the valid
/// ones; TypeError for other values. Mirrors `mmengine.runner.get_priority`.
MMENGINE_API int get_priority(const config::Value& priority);
/// "VERY_HIGH" for 10; the number as text when it has no name.
MMENGINE_API std::string priority_name(int priority);

/// Metrics of a validation/test epoch: an ordered dict name -> value.
using Metrics = config::Value;

/// The base of every hook. All points do nothing by default.
class MMENGINE_API Hook : public registry::Configurable {
 public:
  /// The hook points in MMEngine's `Hook.stages` order.
  static const std::vector<std::string>& stages();

  Hook();
  ~Hook() override;

  /// Class name shown in the hook table ("LoggerHook").
  virtual std::string name() const;
  /// Hook points this hook implements; HookBase<Self> computes them, the
  /// default lists every stage.
  virtual std::vector<std::string> triggered_stages() const;

  /// 0 (first) .. 100 (last); set by the runner from `priority`.
  int priority() const noexcept {
    return priority_;
  }
  void set_priority(int priority) noexcept {
    priority_ = priority;
  }

  using Runner = runner::Runner;
  using DataBatch = model::DataBatch;
  virtual void before_run(Runner& runner);
  virtual void after_run(Runner& runner);
  virtual void before_train(Runner& runner);
  virtual void after_train(Runner& runner);
  virtual void before_val(Runner& runner);
  virtual void after_val(Runner& runner);
  virtual void before_test(Runner& runner);
  virtual void after_test(Runner& runner);
  /// The checkpoint dict being saved / just loaded (hooks add or read
  /// their state).
  virtual void before_save_checkpoint(
      Runner& runner, structures::Tree& checkpoint);
  virtual void after_load_checkpoint(
      Runner& runner, structures::Tree& checkpoint);
  virtual void before_train_epoch(Runner& runner);
  virtual void before_val_epoch(Runner& runner);
  virtual void before_test_epoch(Runner& runner);
  virtual void after_train_epoch(Runner& runner);
  /// `metrics`: the evaluator's results (a dict; None when no evaluator).
  virtual void after_val_epoch(Runner& runner, const Metrics& metrics);
  virtual void after_test_epoch(Runner& runner, const Metrics& metrics);
  virtual void before_train_iter(
      Runner& runner, std::int64_t batch_idx, const DataBatch* data_batch);
  virtual void before_val_iter(
      Runner& runner, std::int64_t batch_idx, const DataBatch* data_batch);
  virtual void before_test_iter(
      Runner& runner, std::int64_t batch_idx, const DataBatch* data_batch);
  /// `outputs`: the log vars train_step returned.
  virtual void after_train_iter(
      Runner& runner,
      std::int64_t batch_idx,
      const DataBatch* data_batch,
      const model::LogVars* outputs);
  /// `outputs`: the data samples val_step/test_step returned.
  virtual void after_val_iter(
      Runner& runner,
      std::int64_t batch_idx,
      const DataBatch* data_batch,
      const model::DataSamples* outputs);
  virtual void after_test_iter(
      Runner& runner,
      std::int64_t batch_idx,
      const DataBatch* data_batch,
      const model::DataSamples* outputs);

  /// (runner.epoch + 1 - start) % n == 0, false for n <= 0.
  static bool every_n_epochs(
      const Runner& runner, int64_t n, int64_t start = 0);
  /// (batch_idx + 1) % n == 0, false for n <= 0.
  static bool every_n_inner_iters(std::int64_t batch_idx, int64_t n);
  /// (runner.iter + 1 - start) % n == 0, false for n <= 0.
  static bool every_n_train_iters(
      const Runner& runner, int64_t n, int64_t start = 0);
  /// batch_idx + 1 == dataloader_length.
  static bool end_of_epoch(
      std::int64_t dataloader_length, std::int64_t batch_idx);
  static bool is_last_train_epoch(const Runner& runner);
  static bool is_last_train_iter(const Runner& runner);

  /// The shared implementations the per-mode points call by default, as
  /// in MMEngine's `_before_epoch` etc. (`mode` is "train", "val" or
  /// "test"). Public so that HookBase can see overrides.
  virtual void before_epoch(Runner& runner, std::string_view mode);
  virtual void after_epoch(Runner& runner, std::string_view mode);
  virtual void before_iter(
      Runner& runner,
      std::int64_t batch_idx,
      const DataBatch* data_batch,
      std::string_view mode);
  virtual void after_iter(
      Runner& runner,
      std::int64_t batch_idx,
      const DataBatch* data_batch,
      std::string_view mode);

 private:
  int priority_ = static_cast<int>(Priority::kNormal);
};

namespace detail {
template <typename F>
struct MemberClass;
template <typename R, typename C, typename... A>
struct MemberClass<R (C::*)(A...)> {
  using type = C;
};
/// True when the member function pointer's class is not Hook itself.
template <typename F>
constexpr bool overrides(F) {
  return !std::is_same_v<typename MemberClass<F>::type, Hook>;
}
MMENGINE_API std::vector<std::string> stages_from_flags(
    const std::vector<bool>& direct, const bool (&shared)[4]);
}  // namespace detail

/// Derive `class MyHook : public HookBase<MyHook>` so that the hook table
/// lists exactly the points MyHook (or a base between) overrides.
template <typename Derived, typename Base = Hook>
class HookBase : public Base {
 public:
  using Base::Base;
  std::vector<std::string> triggered_stages() const override;
};

#define MMENGINE_HOOK_OVERRIDES(fn) detail::overrides(&Derived::fn)

template <typename Derived, typename Base>
std::vector<std::string> HookBase<Derived, Base>::triggered_stages() const {
  // Order of Hook::stages().
  const std::vector<bool> direct = {
      MMENGINE_HOOK_OVERRIDES(before_run),
      MMENGINE_HOOK_OVERRIDES(after_load_checkpoint),
      MMENGINE_HOOK_OVERRIDES(before_train),
      MMENGINE_HOOK_OVERRIDES(before_train_epoch),
      MMENGINE_HOOK_OVERRIDES(before_train_iter),
      MMENGINE_HOOK_OVERRIDES(after_train_iter),
      MMENGINE_HOOK_OVERRIDES(after_train_epoch),
      MMENGINE_HOOK_OVERRIDES(before_val),
      MMENGINE_HOOK_OVERRIDES(before_val_epoch),
      MMENGINE_HOOK_OVERRIDES(before_val_iter),
      MMENGINE_HOOK_OVERRIDES(after_val_iter),
      MMENGINE_HOOK_OVERRIDES(after_val_epoch),
      MMENGINE_HOOK_OVERRIDES(after_val),
      MMENGINE_HOOK_OVERRIDES(before_save_checkpoint),
      MMENGINE_HOOK_OVERRIDES(after_train),
      MMENGINE_HOOK_OVERRIDES(before_test),
      MMENGINE_HOOK_OVERRIDES(before_test_epoch),
      MMENGINE_HOOK_OVERRIDES(before_test_iter),
      MMENGINE_HOOK_OVERRIDES(after_test_iter),
      MMENGINE_HOOK_OVERRIDES(after_test_epoch),
      MMENGINE_HOOK_OVERRIDES(after_test),
      MMENGINE_HOOK_OVERRIDES(after_run),
  };
  const bool shared[4] = {
      MMENGINE_HOOK_OVERRIDES(before_epoch),
      MMENGINE_HOOK_OVERRIDES(after_epoch),
      MMENGINE_HOOK_OVERRIDES(before_iter),
      MMENGINE_HOOK_OVERRIDES(after_iter),
  };
  return detail::stages_from_flags(direct, shared);
}

#undef MMENGINE_HOOK_OVERRIDES

}  // namespace mmengine::hooks
