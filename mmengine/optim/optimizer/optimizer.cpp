#include "mmengine/optim/optimizer/optimizer.h"

#include <ATen/ATen.h>

#include <unordered_set>

#include "mmengine/utils/error.h"

namespace mmengine::optim {

using config::Value;
using structures::Tree;

double ParamGroup::get(std::string_view key) const {
  return options[std::string(key)].as<double>();
}

void ParamGroup::set(std::string_view key, Value value) {
  options[std::string(key)] = std::move(value);
}

bool ParamGroup::has(std::string_view key) const {
  return options.contains(std::string(key));
}

Optimizer::Optimizer(std::vector<ParamGroup> param_groups, Value defaults)
    : defaults_(std::move(defaults)) {
  MMENGINE_CHECK_TYPE(defaults_.is_dict(), "optimizer defaults must be a dict");
  MMENGINE_CHECK(
      !param_groups.empty(), "optimizer got an empty parameter list");
  for (ParamGroup& group : param_groups) {
    add_param_group(std::move(group));
  }
}

Optimizer::~Optimizer() = default;

void Optimizer::add_param_group(ParamGroup group) {
  MMENGINE_CHECK_TYPE(
      group.options.is_dict(), "param group options must be a dict");
  std::unordered_set<const void*> seen;
  for (const ParamGroup& other : param_groups_) {
    for (const at::Tensor& p : other.params) {
      seen.insert(p.unsafeGetTensorImpl());
    }
  }
  for (const at::Tensor& p : group.params) {
    MMENGINE_CHECK(p.defined(), "optimizer got an undefined parameter");
    MMENGINE_CHECK(p.is_leaf(), "can't optimize a non-leaf Tensor");
    MMENGINE_CHECK(
        seen.insert(p.unsafeGetTensorImpl()).second,
        "some parameters appear in more than one parameter group");
  }
  for (const auto& [key, value] : defaults_.items()) {
    if (!group.options.contains(key)) {
      group.options[key] = value;
    }
  }
  param_groups_.push_back(std::move(group));
}

void Optimizer::zero_grad(bool set_to_none) {
  for (ParamGroup& group : param_groups_) {
    for (at::Tensor& p : group.params) {
      at::Tensor& grad = p.mutable_grad();
      if (!grad.defined()) {
        continue;
      }
      if (set_to_none) {
        grad.reset();
      } else {
        if (grad.grad_fn()) {
          grad = grad.detach();
        } else {
          grad.requires_grad_(false);
        }
        grad.zero_();
      }
    }
  }
}

Tree& Optimizer::state(const at::Tensor& param) {
  auto [it, inserted] =
      state_.try_emplace(param.unsafeGetTensorImpl(), Tree::dict());
  return it->second;
}

const Tree* Optimizer::find_state(const at::Tensor& param) const {
  auto it = state_.find(param.unsafeGetTensorImpl());
  return it == state_.end() ? nullptr : &it->second;
}

Tree Optimizer::state_dict() const {
  Tree state = Tree::dict();
  std::vector<Tree> groups;
  std::int64_t index = 0;
  for (const ParamGroup& group : param_groups_) {
    std::vector<Value> indices;
    for (const at::Tensor& p : group.params) {
      if (const Tree* s = find_state(p); s != nullptr && s->size() > 0) {
        state[index] = *s;
      }
      indices.emplace_back(index++);
    }
    Value packed = group.options;
    packed["params"] = Value::list(std::move(indices));
    groups.emplace_back(std::move(packed));
  }
  return Tree::dict(
      {{"state", std::move(state)}, {"param_groups", Tree::list(groups)}});
}

namespace {

// PyTorch's _process_value_according_to_param_policy: floating state
// follows the parameter's dtype, except `step`; all follow its device.
Tree cast_state(const Tree& value, const at::Tensor& param, bool is_step) {
  if (value.is_tensor()) {
    const at::Tensor& t = value.tensor();
    if (is_step) {
      return Tree(t);
    }
    if (t.is_floating_point()) {
      return Tree(t.to(param.device(), param.scalar_type()));
    }
    return Tree(t.to(param.device()));
  }
  if (value.kind() == Tree::Kind::kDict) {
    Tree out = Tree::dict();
    for (const auto& [k, v] : value.items()) {
      out[k] = cast_state(v, param, k.is_string() && k.str() == "step");
    }
    return out;
  }
  if (value.kind() == Tree::Kind::kList || value.kind() == Tree::Kind::kTuple) {
    std::vector<Tree> items;
    for (const Tree& v : value.elements()) {
      items.push_back(cast_state(v, param, false));
    }
    return value.kind() == Tree::Kind::kList ? Tree::list(std::move(items))
                                             : Tree::tuple(std::move(items));
  }
  return value;
}

}  // namespace

void Optimizer::load_state_dict(const Tree& state_dict) {
  MMENGINE_CHECK_KEY(
      state_dict.contains("param_groups") && state_dict.contains("state"),
      "optimizer state_dict needs 'state' and 'param_groups' keys");
  std::vector<Tree> groups = state_dict["param_groups"].elements();
  MMENGINE_CHECK(
      groups.size() == param_groups_.size(),
      "loaded state dict has a different number of parameter groups");
  for (std::size_t g = 0; g < groups.size(); ++g) {
    MMENGINE_CHECK(
        groups[g]["params"].size() == param_groups_[g].params.size(),
        "loaded state dict contains a parameter group that doesn't match "
        "the size of optimizer's group");
  }
  const Tree saved_state = state_dict["state"];
  state_.clear();
  for (std::size_t g = 0; g < groups.size(); ++g) {
    Value options = groups[g].to_value();
    std::vector<Value> ids = options["params"].as<std::vector<Value>>();
    options.erase("params");
    ParamGroup& group = param_groups_[g];
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const config::Key key(ids[i].as<std::int64_t>());
      if (saved_state.contains(key)) {
        state_[group.params[i].unsafeGetTensorImpl()] =
            cast_state(saved_state[key], group.params[i], false);
      }
    }
    group.options = std::move(options);
  }
  on_state_loaded();
}

std::vector<ParamGroup> single_group(std::vector<at::Tensor> params) {
  std::vector<ParamGroup> groups(1);
  groups[0].params = std::move(params);
  return groups;
}

}  // namespace mmengine::optim
