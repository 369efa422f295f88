#pragma once

/// The optimizer base: parameter groups with Python-dict hyper-parameters,
/// per-parameter state, and PyTorch's `state_dict` layout.
///
///   std::vector<ParamGroup> groups{{model->parameters(), {}}};
///   auto opt = std::make_shared<SGD>(groups, /*lr=*/0.1);
///   loss.backward();
///   opt->step();
///   opt->param_groups()[0].set("lr", 0.01);   // what schedulers do
///   Tree sd = opt->state_dict();              // {'state': .., 'param_groups':
///   ..}

#include <ATen/core/Tensor.h>

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/value.h"
#include "mmengine/registry/registry.h"
#include "mmengine/structures/tree.h"

namespace mmengine::optim {

/// One parameter group: its parameters and its hyper-parameters. Mirrors
/// one dict of `torch.optim.Optimizer.param_groups`: `options` holds every
/// key but "params" (lr, momentum, betas, weight_decay, ... and extra keys
/// such as `initial_lr` that schedulers add).
struct MMENGINE_API ParamGroup {
  std::vector<at::Tensor> params;
  config::Value options = config::Value::dict();

  /// options[key] as a double (ints accepted); KeyError/TypeError otherwise.
  double get(std::string_view key) const;
  /// options[key] = value (inserted when missing).
  void set(std::string_view key, config::Value value);
  /// True when options has key.
  bool has(std::string_view key) const;
};

/// Re-evaluates the model and returns the loss (LBFGS calls it repeatedly).
using Closure = std::function<at::Tensor()>;

/// The base of every optimizer in OPTIMIZERS. Mirrors
/// `torch.optim.Optimizer`: groups get missing options from `defaults`, a
/// parameter may be in one group only, state is per parameter, and
/// `state_dict()` uses PyTorch's layout so that it round-trips through
/// Python checkpoints.
class MMENGINE_API Optimizer : public registry::Configurable {
 public:
  /// ValueError "optimizer got an empty parameter list" when no group has
  /// parameters; see add_param_group() for the per-group checks.
  Optimizer(std::vector<ParamGroup> param_groups, config::Value defaults);
  ~Optimizer() override;
  Optimizer(const Optimizer&) = delete;
  Optimizer& operator=(const Optimizer&) = delete;

  /// PyTorch's class name ("SGD", "AdamW").
  virtual std::string name() const = 0;
  /// One update of every parameter with a gradient. `closure` (optional
  /// except for LBFGS) is called under grad mode; its loss is returned
  /// (an undefined tensor without a closure). Overrides repeat the default.
  virtual at::Tensor step(const Closure& closure = nullptr) = 0;
  /// Resets gradients: undefined (set_to_none, PyTorch's default) or zero.
  void zero_grad(bool set_to_none = true);

  std::vector<ParamGroup>& param_groups() noexcept {
    return param_groups_;
  }
  const std::vector<ParamGroup>& param_groups() const noexcept {
    return param_groups_;
  }
  /// Appends a group: options missing from it are copied from defaults();
  /// ValueError when a parameter is already in another group ("some
  /// parameters appear in more than one parameter group") or is not a leaf.
  void add_param_group(ParamGroup group);
  /// The constructor's hyper-parameters (a dict).
  const config::Value& defaults() const noexcept {
    return defaults_;
  }

  /// The state dict of `param` (created empty on first use).
  structures::Tree& state(const at::Tensor& param);
  /// The state of `param`, or nullptr when it has none yet.
  const structures::Tree* find_state(const at::Tensor& param) const;

  /// `{'state': {index: {...}}, 'param_groups': [{..., 'params': [i..]}]}`
  /// with parameters numbered in group order, as PyTorch numbers them.
  virtual structures::Tree state_dict() const;
  /// Loads PyTorch's layout: group options replace the current ones, state
  /// tensors move to their parameter's device (floating ones also to its
  /// dtype, except `step`). ValueError with PyTorch's wording when the
  /// number of groups or of parameters per group differs.
  virtual void load_state_dict(const structures::Tree& state_dict);

 protected:
  /// Called by load_state_dict() for each loaded per-parameter state
  /// (e.g. to restore typed caches); the default does nothing.
  virtual void on_state_loaded() {}

 private:
  std::vector<ParamGroup> param_groups_;
  config::Value defaults_;
  std::unordered_map<const void*, structures::Tree> state_;
};

/// Parameter groups for `params` from a flat list of tensors (one group).
MMENGINE_API std::vector<ParamGroup> single_group(
    std::vector<at::Tensor> params);

}  // namespace mmengine::optim
