#pragma once

#include <torch/nn/module.h>

#include <string>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/value.h"

namespace mmengine::model {

/// A message MMEngine logs while initialising weights; kept as data until
/// the runner's logger exists. `level` is "DEBUG", "INFO" or "WARNING".
struct InitLogRecord {
  std::string level;
  std::string message;
};

/// A torch module with config-driven weight initialisation.
///
///   struct Net : BaseModule {
///     Net() : BaseModule(Value::dict({{"type", "Kaiming"},
///                                      {"layer", "Conv2d"}})) {
///       conv = register_module("conv", torch::nn::Conv2d(3, 8, 3));
///     }
///     torch::nn::Conv2d conv{nullptr};
///   };
///   net->init_weights();
///   std::cout << net->init_report();  // the runner writes it to its log
///
/// Mirrors `mmengine.model.BaseModule`: init_weights() applies the own
/// init_cfg except `Pretrained`, then each child BaseModule's init_weights,
/// then the `Pretrained` entries. Differs in that the per-parameter report
/// and the log messages are returned (init_report(), init_log()) instead of
/// written to the current logger.
class MMENGINE_API BaseModule : public torch::nn::Module {
 public:
  /// `init_cfg`: None, a dict or a list of dicts (see initialize()).
  explicit BaseModule(config::Value init_cfg = {});

  const config::Value& init_cfg() const noexcept {
    return init_cfg_;
  }
  void set_init_cfg(config::Value init_cfg) {
    init_cfg_ = std::move(init_cfg);
  }
  /// True after init_weights() ran (a second call only logs a warning).
  bool is_init() const noexcept {
    return is_init_;
  }
  void set_is_init(bool value) noexcept {
    is_init_ = value;
  }

  /// Initialises the weights in MMEngine's order (see the class comment).
  /// Subclasses overriding it should call BaseModule::init_weights().
  /// Throws TypeError/KeyError/ValueError for bad init_cfg entries.
  virtual void init_weights();

  /// The report of the last top-level init_weights(), as MMEngine writes it
  /// to a log file: "Name of parameter - Initialization information\n" then
  /// per parameter "\n<name> - torch.Size([..]): \n<info> \n".
  const std::string& init_report() const noexcept {
    return init_report_;
  }
  /// DEBUG/INFO/WARNING messages of the last top-level init_weights().
  const std::vector<InitLogRecord>& init_log() const noexcept {
    return init_log_;
  }

  /// Python's class name ("ResNet" for `ResNetImpl`), used in messages.
  std::string class_name() const;
  /// Names matched by an initialiser's `layer` besides class_name():
  /// Python's direct base classes. Override when deriving indirectly.
  virtual std::vector<std::string> base_class_names() const {
    return {"BaseModule"};
  }

 private:
  void apply_init_cfg();
  void init_children();

  config::Value init_cfg_;
  bool is_init_ = false;
  std::string init_report_;
  std::vector<InitLogRecord> init_log_;
};

}  // namespace mmengine::model
