#pragma once

/// The base of every parameter scheduler: a value of each optimizer
/// parameter group (lr, momentum, weight_decay, ...) changed per step.
///
///   auto opt = std::make_shared<SGD>(groups, SGDOptions{.lr = 0.1});
///   LinearLR warmup(opt, {.start_factor = 0.1}, {.end = 5});
///   for (int epoch = 0; epoch < 10; ++epoch) {
///     train_one_epoch(opt);
///     warmup.step();
///   }
///
/// Schedulers are chainable: each computes the new value from the group's
/// current one, so several on one parameter compose as in MMEngine.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/value.h"
#include "mmengine/registry/registry.h"
#include "mmengine/structures/tree.h"

namespace mmengine::optim {

class Optimizer;

/// MMEngine's `INF = int(1e9)`: the default `end` (no end).
inline constexpr std::int64_t kINF = 1000000000;

/// Arguments shared by all schedulers. Mirrors the keyword arguments of
/// `_ParamScheduler.__init__`.
struct SchedulerOptions {
  /// The group key to schedule ("lr", "momentum", "weight_decay", ...).
  std::string param_name{};
  /// First step (inclusive) at which the scheduler changes the value.
  std::int64_t begin = 0;
  /// Step (exclusive) at which it stops.
  std::int64_t end = kINF;
  /// Index of the last step; -1 = fresh, else groups must hold initial_*.
  std::int64_t last_step = -1;
  /// Stepped per epoch (true) or per iteration.
  bool by_epoch = true;
  /// Print every adjusted value.
  bool verbose = false;
  /// Set by MomentumSchedulerMixin: schedule "momentum", or Adam's betas[0]
  /// when the optimizer has `betas` instead.
  bool momentum = false;
};

/// `convert_to_iter_based`: epoch counts (begin, end, step sizes, periods)
/// scaled to iterations by the number of iterations per epoch.
struct EpochConversion {
  bool enabled = false;
  std::int64_t epoch_length = 1;
  /// v * epoch_length when enabled, else v.
  std::int64_t scale(std::int64_t v) const {
    return enabled ? v * epoch_length : v;
  }
};

/// Mirrors `mmengine.optim._ParamScheduler`; differs in that the optimizer
/// is not wrapped to warn on a wrong step order, and state dicts hold only
/// plain values (see docs/optim.md).
class MMENGINE_API ParamScheduler : public registry::Configurable {
 public:
  ~ParamScheduler() override;
  ParamScheduler(const ParamScheduler&) = delete;
  ParamScheduler& operator=(const ParamScheduler&) = delete;

  /// One step: inside [begin, end) the values of every group are updated.
  virtual void step();
  /// Steps with validation metrics (ReduceOnPlateau*); ValueError for
  /// schedulers that take none (check need_val_args() first).
  virtual void step(const std::map<std::string, double>& metrics);
  /// True for schedulers stepped with metrics after validation
  /// (MMEngine's `need_val_args` class attribute).
  virtual bool need_val_args() const {
    return false;
  }

  bool by_epoch() const noexcept {
    return by_epoch_;
  }
  std::int64_t begin() const noexcept {
    return begin_;
  }
  std::int64_t end() const noexcept {
    return end_;
  }
  std::int64_t last_step() const noexcept {
    return last_step_;
  }
  const std::string& param_name() const noexcept {
    return param_name_;
  }
  const std::vector<double>& base_values() const noexcept {
    return base_values_;
  }
  const std::shared_ptr<Optimizer>& optimizer() const noexcept {
    return optimizer_;
  }
  /// The group values after the last step (`get_last_value()`).
  std::vector<double> get_last_value() const {
    return last_value_;
  }

  /// Every attribute but the optimizer, under MMEngine's names.
  structures::Tree state_dict() const;
  /// Updates the attributes present in `state_dict` (unknown keys, such as
  /// Python-only `anneal_func`, are skipped).
  void load_state_dict(const structures::Tree& state_dict);

 protected:
  /// Stores the arguments and applies the momentum mixin (ValueError
  /// "optimizer must support momentum when using momentum scheduler").
  ParamScheduler(std::shared_ptr<Optimizer> optimizer, SchedulerOptions opts);

  /// The end of `_ParamScheduler.__init__`: checks begin < end, sets
  /// initial_<param>, base values, and takes the first step. Concrete
  /// constructors call it last.
  void start();
  /// Sets or checks `initial_<param>` of every group (no step).
  void init_initial_values();
  /// The new value of every group (chainable form), at last_step().
  virtual std::vector<double> get_value() = 0;
  /// Writes the subclass attributes into `d` (a dict), in MMEngine's order.
  virtual void save_attributes(config::Value& d) const;
  /// Reads the subclass attributes present in `d`.
  virtual void load_attributes(const config::Value& d);
  /// The whole attribute dict (base + subclass).
  virtual config::Value attributes() const;
  /// Base attributes (param_name ... _last_value) into `d`.
  void save_base_attributes(config::Value& d, bool with_base_values) const;
  /// Reads every base attribute present in `d`.
  void load_base_attributes(const config::Value& d);

  /// param_groups()[i][param_name].
  double group_value(std::size_t i) const;
  std::size_t num_groups() const;
  /// Sets group i's value (and logs it when verbose).
  void set_group_value(std::size_t i, double value);
  /// Refreshes last_value_ and the betas of momentum-on-betas groups.
  void finish_step();
  /// Prints a verbose line.
  virtual void print_value(std::size_t group, double value) const;

  std::shared_ptr<Optimizer> optimizer_;
  std::string param_name_;
  std::int64_t begin_;
  std::int64_t end_;
  bool by_epoch_;
  std::vector<double> base_values_;
  std::int64_t last_step_;
  std::int64_t global_step_ = -1;
  bool verbose_;
  std::vector<double> last_value_;
  bool momentum_mixin_;
  bool use_betas_ = false;
};

/// A list of doubles as a Python list value.
MMENGINE_API config::Value to_list_value(const std::vector<double>& values);
/// A Python list/tuple of numbers as doubles; `what` names it in errors.
MMENGINE_API std::vector<double> to_doubles(
    const config::Value& value, std::string_view what);

}  // namespace mmengine::optim
