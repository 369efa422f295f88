#include "tests/optim/optimizer_test_util.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>

#include "mmengine/config/json_io.h"
#include "mmengine/optim/optimizer/builder.h"
#include "mmengine/optim/optimizer/optimizer.h"
#include "mmengine/registry/root.h"
#include "tests/support/fidelity.h"

namespace mmengine::optim::testing {

using config::Value;
using structures::Tree;

Problem::Problem(const std::vector<std::vector<std::int64_t>>& shapes) {
  for (std::size_t k = 0; k < shapes.size(); ++k) {
    std::int64_t n = 1;
    for (std::int64_t s : shapes[k]) {
      n *= s;
    }
    const auto kk = static_cast<std::int64_t>(k);
    at::Tensor idx = torch::arange(n, torch::kFloat32);
    params.push_back((torch::sin(idx * 0.37 + kk) * 0.5)
                         .reshape(shapes[k])
                         .requires_grad_());
    targets.push_back(torch::cos(idx * 0.13 + kk).reshape(shapes[k]));
    weights.push_back((torch::sin(idx * 0.7) * 0.5 + 1).reshape(shapes[k]));
  }
}

at::Tensor Problem::loss() const {
  at::Tensor total;
  for (std::size_t k = 0; k < params.size(); ++k) {
    if (no_grad.count(static_cast<int>(k)) != 0) {
      continue;
    }
    const at::Tensor& p = params[k];
    at::Tensor term =
        (weights[k] * (p - targets[k]).pow(2)).sum() + (p.pow(4)).sum() * 0.05;
    total = total.defined() ? total + term : term;
  }
  return total * sign;
}

std::vector<double> Problem::flat() const {
  std::vector<at::Tensor> parts;
  for (const at::Tensor& p : params) {
    parts.push_back(p.detach().reshape(-1).to(torch::kFloat64));
  }
  at::Tensor all = torch::cat(parts).contiguous();
  return {all.data_ptr<double>(), all.data_ptr<double>() + all.numel()};
}

std::vector<double> Problem::digest() const {
  std::vector<at::Tensor> parts;
  for (const at::Tensor& p : params) {
    parts.push_back(p.detach().reshape(-1));
  }
  at::Tensor values = torch::cat(parts).to(torch::kFloat64);
  std::vector<double> out{
      values.sum().item<double>(), values.pow(2).sum().item<double>()};
  for (std::int64_t i = 0; i < values.numel(); i += 97) {
    out.push_back(values[i].item<double>());
  }
  return out;
}

namespace {

json tensor_json(const at::Tensor& t) {
  std::string dtype = c10::toString(t.scalar_type());
  const std::map<std::string, std::string> names{
      {"Float", "float32"},
      {"Double", "float64"},
      {"Long", "int64"},
      {"Int", "int32"},
      {"Bool", "bool"}};
  at::Tensor flat = t.detach().reshape(-1).to(torch::kFloat64).contiguous();
  json data = json::array();
  for (std::int64_t i = 0; i < flat.numel(); ++i) {
    data.push_back(flat.data_ptr<double>()[i]);
  }
  return {
      {"__tensor__", names.count(dtype) ? names.at(dtype) : dtype},
      {"shape", t.sizes().vec()},
      {"data", data}};
}

Value to_value(const json& j) {
  return config::parse_json(j.dump());
}

}  // namespace

json encode(const Tree& tree) {
  switch (tree.kind()) {
    case Tree::Kind::kTensor:
      return tensor_json(tree.tensor());
    case Tree::Kind::kValue:
      return json::parse(config::dump_json(tree.to_value()));
    case Tree::Kind::kList:
    case Tree::Kind::kTuple: {
      json out = json::array();
      for (const Tree& e : tree.elements()) {
        out.push_back(encode(e));
      }
      return out;
    }
    case Tree::Kind::kDict: {
      json out = json::object();
      for (const auto& [k, v] : tree.items()) {
        out[k.is_string() ? k.str() : std::to_string(k.to_int())] = encode(v);
      }
      return out;
    }
  }
  return nullptr;
}

Tree decode(const json& value, const std::string& key) {
  if (value.is_object()) {
    if (value.contains("__tensor__")) {
      const std::string dtype = value["__tensor__"];
      auto data = value["data"].get<std::vector<double>>();
      at::Tensor t =
          torch::tensor(data, torch::kFloat64)
              .reshape(value["shape"].get<std::vector<std::int64_t>>());
      return Tree(t.to(dtype == "float32" ? torch::kFloat32 : torch::kFloat64));
    }
    Tree out = Tree::dict();
    for (const auto& [k, v] : value.items()) {
      if (key == "state") {
        out[config::Key(std::stoll(k))] = decode(v, k);
      } else {
        out[k] = decode(v, k);
      }
    }
    return out;
  }
  if (value.is_array()) {
    if (key == "betas") {
      return Tree(to_value(value));
    }
    std::vector<Tree> items;
    for (const json& v : value) {
      items.push_back(decode(v));
    }
    return Tree::list(std::move(items));
  }
  return Tree(to_value(value));
}

namespace {

std::vector<ParamGroup> groups_of(const json& spec, const Problem& prob) {
  if (!spec.contains("groups")) {
    return single_group(prob.params);
  }
  std::vector<ParamGroup> groups;
  for (const json& g : spec["groups"]) {
    ParamGroup group;
    for (int i : g["params"]) {
      group.params.push_back(prob.params[i]);
    }
    if (g.contains("kwargs")) {
      group.options = to_value(g["kwargs"]);
    }
    groups.push_back(std::move(group));
  }
  return groups;
}

json run_case_or_throw(const json& spec) {
  register_optimizers();
  Problem prob(spec["shapes"].get<std::vector<std::vector<std::int64_t>>>());
  if (spec.contains("no_grad")) {
    prob.no_grad = spec["no_grad"].get<std::set<int>>();
  }
  prob.sign = spec.value("maximize_loss", false) ? -1.0 : 1.0;
  if (spec.contains("load_params")) {
    torch::NoGradGuard no_grad;
    for (std::size_t i = 0; i < prob.params.size(); ++i) {
      auto v = spec["load_params"][i].get<std::vector<double>>();
      prob.params[i].copy_(
          torch::tensor(v, torch::kFloat64).reshape(prob.params[i].sizes()));
    }
  }
  Value cfg = to_value(spec.value("kwargs", json::object()));
  cfg["type"] = Value(spec["optimizer"].get<std::string>());
  registry::RuntimeArgs runtime;
  runtime.set("params", groups_of(spec, prob));
  registry::BuildOptions options;
  options.runtime = &runtime;
  std::shared_ptr<Optimizer> opt = registry::OPTIMIZERS.build(cfg, options);
  if (spec.contains("load")) {
    opt->load_state_dict(decode(spec["load"]));
  }
  Closure closure = [&] {
    opt->zero_grad();
    at::Tensor loss = prob.loss();
    loss.backward();
    return loss;
  };
  json out = {{"traj", json::array()}, {"losses", json::array()}};
  const int steps = spec["steps"];
  for (int step = 0; step < steps; ++step) {
    at::Tensor loss;
    if (spec.value("closure", false)) {
      loss = opt->step(closure);
    } else {
      loss = closure();
      opt->step();
    }
    out["losses"].push_back(loss.item<double>());
    if (!spec.value("final_only", false)) {
      out["traj"].push_back(prob.flat());
    } else if (step + 1 == steps) {
      out["traj"].push_back(prob.digest());
    }
    if (step + 1 == spec.value("save_at", -1)) {
      out["mid_state"] = encode(opt->state_dict());
      json params = json::array();
      for (const at::Tensor& p : prob.params) {
        params.push_back(encode(Tree(p.detach()))["data"]);
      }
      out["mid_params"] = params;
    }
  }
  if (!spec.value("final_only", false)) {
    out["state_dict"] = encode(opt->state_dict());
  }
  out["group_keys"] = json::array();
  for (const ParamGroup& g : opt->param_groups()) {
    json keys = json::array({"params"});
    for (const config::Key& k : g.options.keys()) {
      keys.push_back(k.str());
    }
    out["group_keys"].push_back(keys);
  }
  return out;
}

}  // namespace

json run_case(const json& spec) {
  try {
    return run_case_or_throw(spec);
  } catch (const Error& e) {
    return {{"error", "Error"}, {"message", e.what()}};
  }
}

std::pair<json, json> run_both(const json& cases) {
  json theirs =
      mmengine::testing::run_reference("optim_trajectory.py", {cases.dump()});
  json ours = json::array();
  for (const json& c : cases) {
    ours.push_back(run_case(c));
  }
  return {ours, theirs};
}

void expect_near(
    const json& ours,
    const json& ref,
    double rtol,
    double atol,
    const std::string& path) {
  if (ref.is_number()) {
    ASSERT_TRUE(ours.is_number()) << path << ": " << ours.dump();
    const double a = ours.get<double>();
    const double b = ref.get<double>();
    if (std::isnan(b)) {
      EXPECT_TRUE(std::isnan(a)) << path;
      return;
    }
    EXPECT_LE(std::abs(a - b), rtol * std::abs(b) + atol)
        << path << ": ours " << a << " vs PyTorch " << b;
    return;
  }
  if (ref.is_object()) {
    ASSERT_TRUE(ours.is_object()) << path << ": " << ours.dump();
    for (const auto& [k, v] : ref.items()) {
      ASSERT_TRUE(ours.contains(k)) << path << ": missing key '" << k << "'";
      expect_near(ours[k], v, rtol, atol, path + "." + k);
    }
    for (const auto& [k, v] : ours.items()) {
      EXPECT_TRUE(ref.contains(k)) << path << ": extra key '" << k << "'";
    }
    return;
  }
  if (ref.is_array()) {
    ASSERT_TRUE(ours.is_array()) << path << ": " << ours.dump();
    ASSERT_EQ(ours.size(), ref.size()) << path;
    for (std::size_t i = 0; i < ref.size(); ++i) {
      expect_near(
          ours[i], ref[i], rtol, atol, path + "[" + std::to_string(i) + "]");
    }
    return;
  }
  EXPECT_EQ(ours, ref) << path;
}

}  // namespace mmengine::optim::testing
