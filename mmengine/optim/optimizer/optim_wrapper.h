#pragma once

/// The optimizer wrapper: one interface for updating parameters with
/// gradient accumulation, gradient clipping and (in AmpOptimWrapper) mixed
/// precision.
///
///   OptimWrapper wrapper(std::make_shared<SGD>(groups, SGDOptions{0.1}),
///                        /*accumulative_counts=*/2,
///                        Value::dict({{"max_norm", 1.0}}));
///   wrapper.initialize_count_status(model, 0, max_iters);
///   for (...) {
///     { auto ctx = wrapper.optim_context(model); loss = forward(...); }
///     wrapper.update_params(loss);   // steps every 2nd call
///   }

#include <ATen/core/Tensor.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/value.h"
#include "mmengine/optim/optimizer/optimizer.h"
#include "mmengine/registry/build_args.h"
#include "mmengine/structures/tree.h"

namespace torch::nn {
class Module;
}  // namespace torch::nn

namespace mmengine::optim {

/// Receives what MMEngine prints with `print_log(..., logger='current')`:
/// level ("DEBUG", "INFO", "WARNING") and message.
using LogCallback =
    std::function<void(const std::string& level, const std::string& message)>;
/// Receives what MMEngine records with `MessageHub.update_scalar(name, v)`.
using ScalarCallback =
    std::function<void(const std::string& name, double value)>;

/// Sends a message to `log`, or WARNINGs to stderr when `log` is empty.
MMENGINE_API void emit_log(
    const LogCallback& log, const char* level, const std::string& message);

/// Models that can skip gradient synchronisation (DDP-like wrappers).
/// Mirrors having a `no_sync()` context manager.
class MMENGINE_API SupportsNoSync {
 public:
  virtual ~SupportsNoSync() = default;
  /// Skips gradient sync until the returned token is destroyed.
  virtual std::shared_ptr<void> no_sync() = 0;
};

/// RAII scope returned by optim_context(): holds the no_sync and autocast
/// guards; leaving the scope restores the previous state (in reverse).
class MMENGINE_API OptimContext {
 public:
  OptimContext() = default;
  OptimContext(OptimContext&&) noexcept = default;
  OptimContext& operator=(OptimContext&&) noexcept;
  ~OptimContext();
  /// Adds a guard released when the context ends (last added first).
  void push(std::shared_ptr<void> guard);

 private:
  std::vector<std::shared_ptr<void>> guards_;
};

/// Keyword arguments of `Optimizer.step` (MMEngine's `step_kwargs`).
struct StepKwargs {
  Closure closure;
};
/// Keyword arguments of `Optimizer.zero_grad` (MMEngine's `zero_kwargs`).
struct ZeroKwargs {
  bool set_to_none = true;
};
/// Keyword arguments of `Tensor.backward`.
struct BackwardKwargs {
  std::optional<bool> retain_graph;
  bool create_graph = false;
};

/// Mirrors `mmengine.optim.OptimWrapper(optimizer, accumulative_counts=1,
/// clip_grad=None)`. Differs in that the grad norm goes to a callback
/// (set_scalar_callback) and log messages to set_log_callback.
class MMENGINE_API OptimWrapper : public registry::Configurable {
 public:
  /// ValueError when accumulative_counts < 1 or clip_grad is not None / a
  /// non-empty dict with `type` 'norm' (default) or 'value' plus arguments.
  explicit OptimWrapper(
      std::shared_ptr<Optimizer> optimizer,
      int64_t accumulative_counts = 1,
      const config::Value& clip_grad = {});
  /// From a config (`accumulative_counts`, `clip_grad`) and the runtime
  /// `optimizer` (std::shared_ptr<Optimizer>).
  explicit OptimWrapper(registry::BuildArgs& args);
  ~OptimWrapper() override;
  OptimWrapper(const OptimWrapper&) = delete;
  OptimWrapper& operator=(const OptimWrapper&) = delete;

  /// "OptimWrapper", "AmpOptimWrapper", ... (shown by repr()).
  virtual std::string type_name() const {
    return "OptimWrapper";
  }
  /// scale_loss, backward, and when should_update(): step then zero_grad.
  virtual void update_params(
      const at::Tensor& loss,
      const StepKwargs& step_kwargs = {},
      const ZeroKwargs& zero_kwargs = {});
  /// loss.backward(); inner_count += 1.
  virtual void backward(const at::Tensor& loss, const BackwardKwargs& kw = {});
  /// Clips gradients when configured (recording grad_norm), then steps.
  virtual void step(const StepKwargs& kwargs = {});
  virtual void zero_grad(const ZeroKwargs& kwargs = {});
  /// Scope for the forward pass: no_sync while accumulating (models that
  /// implement SupportsNoSync); AmpOptimWrapper adds autocast.
  virtual OptimContext optim_context(torch::nn::Module& model);
  /// Sets the counters (the runner passes iter, max_iters) and logs
  /// MMEngine's warnings (resumed mid-accumulation; BatchNorm model).
  virtual void initialize_count_status(
      torch::nn::Module& model, int64_t init_counts, int64_t max_counts);
  /// MMEngine's rules (see docs/optim.md).
  bool should_update() const;
  bool should_sync() const;
  /// loss / factor: accumulative_counts, or the remainder at the tail.
  at::Tensor scale_loss(const at::Tensor& loss) const;

  /// The optimizer's groups plus the base-settings pseudo group (last) when
  /// the optimizer has several groups: what schedulers update.
  virtual std::vector<ParamGroup*> param_groups();
  /// The optimizer's constructor hyper-parameters.
  const config::Value& defaults() const;
  /// Receives the entries of get_lr() one value at a time: the entry's
  /// name, the value's index in its list, the value.
  using LrVisitor = std::function<void(
      std::string_view name, std::size_t index, const config::Value& lr)>;
  /// Calls `visit` for every value of get_lr(), in its order, without
  /// building a dict: RuntimeInfoHook reads the learning rates this way
  /// every iteration. Wrappers that report other entries override this;
  /// get_lr() follows.
  virtual void visit_lr(const LrVisitor& visit) const;
  /// {'base_lr': [..]} (with base settings) + {'lr': [lr of each group]}:
  /// visit_lr() collected into a dict of lists.
  config::Value get_lr() const;
  /// {'momentum': [momentum, or betas[0], or 0 per group]}.
  virtual config::Value get_momentum() const;
  /// The optimizer's state dict (+ 'base_param_settings').
  virtual structures::Tree state_dict() const;
  virtual void load_state_dict(const structures::Tree& state_dict);
  /// MMEngine's repr ("Type: OptimWrapper\n_accumulative_counts: 1\n...").
  virtual std::string repr() const;

  int64_t inner_count() const noexcept {
    return inner_count_;
  }
  int64_t accumulative_counts() const noexcept {
    return accumulative_counts_;
  }
  /// The wrapped optimizer (null only in OptimWrapperDict).
  const std::shared_ptr<Optimizer>& optimizer() const noexcept {
    return optimizer_;
  }
  /// The base-settings pseudo group, when the optimizer has several groups.
  const std::optional<ParamGroup>& base_param_settings() const noexcept {
    return base_param_settings_;
  }
  /// The total norm of the last clip by norm; nullopt before any.
  std::optional<double> last_grad_norm() const noexcept {
    return last_grad_norm_;
  }
  /// 'grad_norm' or 'grad_value'; empty without clip_grad.
  const std::string& grad_name() const noexcept {
    return grad_name_;
  }
  /// Receives ('train/grad_norm', norm) right after each clip by norm,
  /// where MMEngine updates the MessageHub.
  void set_scalar_callback(ScalarCallback callback) {
    scalar_callback_ = std::move(callback);
  }
  /// Receives this wrapper's log messages (default: WARNINGs to stderr).
  void set_log_callback(LogCallback callback) {
    log_callback_ = std::move(callback);
  }

 protected:
  /// For OptimWrapperDict, which wraps no optimizer itself.
  OptimWrapper() = default;
  /// Clips the gradients of every parameter that requires grad and has one.
  void clip_grad();
  /// True when clip_grad was configured.
  bool has_clip() const noexcept {
    return !clip_kwargs_.is_none();
  }
  const LogCallback& log_callback() const noexcept {
    return log_callback_;
  }

  int64_t inner_count_ = 0;
  int64_t max_counts_ = -1;
  int64_t remainder_counts_ = -1;

 private:
  std::shared_ptr<Optimizer> optimizer_;
  int64_t accumulative_counts_ = 1;
  config::Value clip_kwargs_;
  std::string grad_name_;
  std::optional<ParamGroup> base_param_settings_;
  std::optional<double> last_grad_norm_;
  ScalarCallback scalar_callback_;
  LogCallback log_callback_;
};

/// torch.optim.Optimizer.__repr__ ("SGD (\nParameter Group 0\n    lr:
/// 0.1\n...)").
MMENGINE_API std::string optimizer_repr(const Optimizer& optimizer);

/// True when `model` or a submodule is a BatchNorm1d/2d/3d. Mirrors
/// `mmengine.utils.dl_utils.has_batch_norm`.
MMENGINE_API bool has_batch_norm(const torch::nn::Module& model);

}  // namespace mmengine::optim
