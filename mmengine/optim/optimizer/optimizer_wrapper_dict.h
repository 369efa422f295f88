#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/optim/optimizer/optim_wrapper.h"

namespace mmengine::optim {

/// Several named optimizer wrappers used together (e.g. a GAN's generator
/// and discriminator). Mirrors `mmengine.optim.OptimWrapperDict`:
/// update_params/backward/step/optim_context throw NotImplementedError (use
/// each wrapper), zero_grad zeroes all, get_lr()/get_momentum()/state_dict()
/// are keyed "<name>.lr" / name.
class MMENGINE_API OptimWrapperDict : public OptimWrapper {
 public:
  using Items =
      std::vector<std::pair<std::string, std::shared_ptr<OptimWrapper>>>;

  /// TypeError for a null wrapper (MMEngine: "only accept OptimWrapper").
  explicit OptimWrapperDict(Items wrappers);

  std::string type_name() const override {
    return "OptimWrapperDict";
  }
  void update_params(
      const at::Tensor& loss,
      const StepKwargs& step_kwargs = {},
      const ZeroKwargs& zero_kwargs = {}) override;
  void backward(const at::Tensor& loss, const BackwardKwargs& kw = {}) override;
  void step(const StepKwargs& kwargs = {}) override;
  void zero_grad(const ZeroKwargs& kwargs = {}) override;
  OptimContext optim_context(torch::nn::Module& model) override;
  /// A no-op, as in MMEngine (each wrapper keeps its own counters).
  void initialize_count_status(
      torch::nn::Module& model,
      int64_t init_counts,
      int64_t max_counts) override;

  /// Every wrapper's param_groups(), concatenated in name order; use
  /// param_groups_by_name() for MMEngine's dict.
  std::vector<ParamGroup*> param_groups() override;
  std::vector<std::pair<std::string, std::vector<ParamGroup*>>>
  param_groups_by_name();
  /// {'<name>.base_lr': .., '<name>.lr': [..]} per wrapper (get_lr()).
  void visit_lr(const LrVisitor& visit) const override;
  /// {'<name>.momentum': [..]} per wrapper.
  config::Value get_momentum() const override;
  /// {name: wrapper.state_dict()}.
  structures::Tree state_dict() const override;
  /// KeyError "Mismatched `state_dict`! cannot found <name> in
  /// OptimWrapperDict" for unknown names; missing names are left alone.
  void load_state_dict(const structures::Tree& state_dict) override;
  /// "name: <name>\n" + wrapper repr, per wrapper.
  std::string repr() const override;

  const Items& items() const noexcept {
    return wrappers_;
  }
  std::vector<std::string> keys() const;
  /// KeyError "Cannot find <name> in OptimWrapperDict, ...".
  OptimWrapper& operator[](const std::string& name) const;
  bool contains(const std::string& name) const;
  size_t size() const noexcept {
    return wrappers_.size();
  }

 private:
  Items wrappers_;
};

}  // namespace mmengine::optim
