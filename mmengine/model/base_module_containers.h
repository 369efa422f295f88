#pragma once

#include <ATen/core/Tensor.h>
#include <torch/nn/pimpl.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/value.h"
#include "mmengine/model/base_module.h"
#include "mmengine/model/tensor_module.h"
#include "mmengine/registry/build_args.h"
#include "mmengine/registry/registry.h"

namespace mmengine::model {

/// Modules run one after another, named "0", "1", … as nn.Sequential's.
///
///   auto seq = std::make_shared<Sequential>(
///       Value::dict({{"type", "Constant"}, {"val", 1}, {"layer", "Linear"}}));
///   seq->push_back(torch::nn::Linear(4, 8));
///   seq->push_back(torch::nn::ReLU());
///   seq->init_weights();  // the Linear gets 1s; BaseModule children use
///                         // their own init_cfg (applied after, so it wins)
///
/// Mirrors `mmengine.model.Sequential` (BaseModule + nn.Sequential). Differs:
/// children are added with push_back (a typed module, or any module that
/// forward_tensor() accepts); MODELS builds it from `modules=[cfg, ...]`.
class MMENGINE_API Sequential : public BaseModule, public TensorModule {
 public:
  explicit Sequential(config::Value init_cfg = {});
  /// Children in order (each must be non-null).
  explicit Sequential(
      const std::vector<std::shared_ptr<torch::nn::Module>>& modules,
      config::Value init_cfg = {});
  /// Config keys: modules=[] (MODELS configs), init_cfg=None.
  static std::shared_ptr<Sequential> from_config(registry::BuildArgs& args);

  /// Appends a module called through forward_tensor().
  void push_back(std::shared_ptr<torch::nn::Module> module);
  /// Appends a typed module (any `Tensor forward(const Tensor&)`).
  template <typename M>
  void push_back(torch::nn::ModuleHolder<M> holder) {
    std::shared_ptr<M> module = holder.ptr();
    add(module, [module](const at::Tensor& x) { return module->forward(x); });
  }

  /// The i-th child; negative i counts from the end; IndexError when out of
  /// range.
  std::shared_ptr<torch::nn::Module> operator[](int64_t index) const;
  size_t size() const noexcept {
    return children_.size();
  }
  /// Each child's output feeds the next; an empty Sequential returns x.
  at::Tensor forward(const at::Tensor& x) override;

  std::vector<std::string> base_class_names() const override {
    return {"BaseModule", "Sequential"};
  }

 private:
  using Call = std::function<at::Tensor(const at::Tensor&)>;
  void add(std::shared_ptr<torch::nn::Module> module, Call call);

  std::vector<std::shared_ptr<torch::nn::Module>> children_;
  std::vector<Call> calls_;
};

/// Modules held in a list, named "0", "1", …; no forward of its own.
/// Mirrors `mmengine.model.ModuleList` (BaseModule + nn.ModuleList);
/// MODELS builds it from `modules=[cfg, ...]`.
class MMENGINE_API ModuleList : public BaseModule {
 public:
  explicit ModuleList(
      const std::vector<std::shared_ptr<torch::nn::Module>>& modules = {},
      config::Value init_cfg = {});
  /// Config keys: modules=[] (MODELS configs), init_cfg=None.
  static std::shared_ptr<ModuleList> from_config(registry::BuildArgs& args);

  /// `append(module)` (non-null).
  void append(std::shared_ptr<torch::nn::Module> module);
  template <typename M>
  void append(torch::nn::ModuleHolder<M> holder) {
    append(std::shared_ptr<torch::nn::Module>(holder.ptr()));
  }
  /// `extend(modules)`.
  void extend(const std::vector<std::shared_ptr<torch::nn::Module>>& modules);
  /// The i-th module; negative i counts from the end; IndexError when out of
  /// range.
  std::shared_ptr<torch::nn::Module> operator[](int64_t index) const;
  size_t size() const noexcept {
    return items_.size();
  }
  auto begin() const {
    return items_.begin();
  }
  auto end() const {
    return items_.end();
  }

  std::vector<std::string> base_class_names() const override {
    return {"BaseModule", "ModuleList"};
  }

 private:
  std::vector<std::shared_ptr<torch::nn::Module>> items_;
};

/// Modules by name, in insertion order; no forward of its own.
/// Mirrors `mmengine.model.ModuleDict` (BaseModule + nn.ModuleDict);
/// MODELS builds it from `modules=dict(name=cfg, ...)`. Differs: no pop
/// (libtorch cannot unregister a child).
class MMENGINE_API ModuleDict : public BaseModule {
 public:
  using Item = std::pair<std::string, std::shared_ptr<torch::nn::Module>>;

  explicit ModuleDict(
      const std::vector<Item>& modules = {}, config::Value init_cfg = {});
  /// Config keys: modules={} (name -> MODELS config), init_cfg=None.
  static std::shared_ptr<ModuleDict> from_config(registry::BuildArgs& args);

  /// `d[name] = module`: replaces an existing entry in place, else appends.
  /// ValueError for an empty name or one containing '.'.
  void set(const std::string& name, std::shared_ptr<torch::nn::Module> module);
  template <typename M>
  void set(const std::string& name, torch::nn::ModuleHolder<M> holder) {
    set(name, std::shared_ptr<torch::nn::Module>(holder.ptr()));
  }
  /// `d.update(items)`.
  void update(const std::vector<Item>& modules);
  /// `d[name]`; KeyError when absent.
  std::shared_ptr<torch::nn::Module> operator[](const std::string& name) const;
  bool contains(const std::string& name) const;
  std::vector<std::string> keys() const;
  const std::vector<Item>& items() const noexcept {
    return items_;
  }
  size_t size() const noexcept {
    return items_.size();
  }

  std::vector<std::string> base_class_names() const override {
    return {"BaseModule", "ModuleDict"};
  }

 private:
  std::vector<Item> items_;
};

/// MODELS.build for a dict, or a Sequential of the built modules for a list.
/// Mirrors `mmengine.registry.build_model_from_cfg`.
MMENGINE_API std::shared_ptr<torch::nn::Module> build_model_from_cfg(
    const config::Value& cfg, const registry::BuildOptions& options = {});

/// Registers Sequential, ModuleList and ModuleDict in MODELS (an extension:
/// MMEngine does not register them). Idempotent.
MMENGINE_API void register_base_module_containers();

}  // namespace mmengine::model
