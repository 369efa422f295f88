// EMAHook: validation on the averaged weights against MMEngine, the
// checkpoint entries, loading, and argument errors.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>

#include "mmengine/config/config.h"
#include "mmengine/hooks/ema_hook.h"
#include "mmengine/hooks/iter_timer_hook.h"
#include "mmengine/model/averaged_model.h"
#include "mmengine/model/base_model/base_model.h"
#include "mmengine/registry/root.h"
#include "mmengine/runner/checkpoint.h"
#include "mmengine/runner/runner.h"
#include "mmengine/utils/error.h"
#include "tests/runner/toy_job.h"
#include "tests/support/fidelity.h"
#include "tests/support/temp_dir.h"

namespace mmengine::testing {
namespace {

namespace fs = std::filesystem;
using config::Value;
using structures::Tree;

config::Config ema_config(const TempDir& tmp, const std::string& name) {
  register_toy_job();
  auto cfg = config::Config::fromfile(toy_config("toy_ema.py"));
  cfg.dict()["work_dir"] = (tmp.path() / name).string();
  cfg.dict()["experiment_name"] = name;
  return cfg;
}

hooks::EMAHook& ema_hook(runner::Runner& r) {
  for (const auto& h : r.hooks()) {
    if (auto* ema = dynamic_cast<hooks::EMAHook*>(h.get())) {
      return *ema;
    }
  }
  throw Error("no EMAHook");
}

// The val/mse entries of scalars.json, as printed by MMEngine.
std::vector<double> val_mse(const nlohmann::json& scalars) {
  std::vector<double> out;
  for (const auto& entry : scalars) {
    if (entry.contains("mse")) {
      out.push_back(entry["mse"].get<double>());
    }
  }
  return out;
}

TEST(EMAHookFidelityTest, ValidationUsesTheAveragedWeightsLikeMMEngine) {
  MMENGINE_REQUIRE_REFERENCE();
  TempDir tmp;
  recorded_calls() = nlohmann::json::array();
  auto cfg = ema_config(tmp, "ours");
  nlohmann::json scalars = nlohmann::json::array();
  std::string hooks_info;
  {
    runner::Runner runner(cfg);
    hooks_info = runner.get_hooks_info();
    runner.train();
    std::ifstream in(fs::path(runner.log_dir()) / "vis_data" / "scalars.json");
    for (std::string line; std::getline(in, line);) {
      scalars.push_back(nlohmann::json::parse(line));
    }
  }
  const nlohmann::json ref = run_reference(
      "runner_toy.py",
      {toy_config("toy_ema.py"), (tmp.path() / "ref").string(), "train"});
  EXPECT_EQ(hooks_info, ref["hooks_info"].get<std::string>());
  EXPECT_EQ(recorded_calls().dump(), ref["calls"].dump());
  const auto ours = val_mse(scalars);
  const auto theirs = val_mse(ref["scalars"]);
  ASSERT_EQ(ours.size(), 2U);
  ASSERT_EQ(theirs.size(), ours.size());
  for (std::size_t i = 0; i < ours.size(); ++i) {
    EXPECT_NEAR(ours[i], theirs[i], 1e-6 * std::max(1.0, theirs[i]));
  }
}

TEST(EMAHookTest, SwapsWeightsAroundValidationAndFillsTheCheckpoint) {
  TempDir tmp;
  runner::Runner runner(ema_config(tmp, "swap"));
  runner.train();
  hooks::EMAHook& hook = ema_hook(runner);
  ASSERT_NE(hook.ema_model(), nullptr);
  EXPECT_EQ(
      hook.ema_model()->name(), "mmengine::model::ExponentialMovingAverage");
  EXPECT_EQ(hook.ema_model()->steps().item<int64_t>(), 8);  // iters 2..9

  const Tree raw = runner::get_state_dict(runner.model());
  const Tree avg = runner::get_state_dict(hook.ema_model()->module());
  // Deep copies of the values (get_state_dict shares the tensors).
  auto values = [](const Tree& t) {
    std::map<std::string, at::Tensor> out;
    for (const auto& [k, v] : t.items()) {
      out[k.to_string()] = v.tensor().clone();
    }
    return out;
  };
  const auto raw_v = values(raw);
  const auto avg_v = values(avg);
  EXPECT_FALSE(
      torch::equal(raw_v.at("linear1.weight"), avg_v.at("linear1.weight")));

  hook.before_val_epoch(runner);
  EXPECT_TRUE(torch::equal(
      runner.model().named_parameters()["linear1.weight"],
      avg_v.at("linear1.weight")));
  hook.after_val_epoch(runner, Value());
  EXPECT_TRUE(torch::equal(
      runner.model().named_parameters()["linear1.weight"],
      raw_v.at("linear1.weight")));

  Tree ckpt = Tree::dict();
  ckpt["state_dict"] = runner::get_state_dict(runner.model());
  hook.before_save_checkpoint(runner, ckpt);
  // Through a file, as the runner saves and loads it.
  const std::string path = (tmp.path() / "ema.pth").string();
  runner::save_checkpoint(ckpt, path);
  Tree loaded = runner::load_checkpoint_file(path);
  std::vector<std::string> keys;
  for (const auto& [k, v] : loaded["ema_state_dict"].items()) {
    keys.push_back(k.to_string());
  }
  EXPECT_EQ(
      keys,
      (std::vector<std::string>{
          "steps",
          "module.linear1.weight",
          "module.linear1.bias",
          "module.linear2.weight",
          "module.linear2.bias"}));
  for (const auto& [k, v] : raw_v) {
    EXPECT_TRUE(torch::equal(loaded["state_dict"][k].tensor(), avg_v.at(k)))
        << k;
    EXPECT_TRUE(
        torch::equal(loaded["ema_state_dict"]["module." + k].tensor(), v))
        << k;
  }
  EXPECT_EQ(loaded["ema_state_dict"]["steps"].tensor().item<int64_t>(), 8);

  // Loading without resume copies the (averaged) state_dict into the EMA.
  {
    torch::NoGradGuard no_grad;
    for (auto& p : hook.ema_model()->module().parameters()) {
      p.zero_();
    }
  }
  hook.after_load_checkpoint(runner, loaded);
  EXPECT_TRUE(torch::equal(
      hook.ema_model()->module().named_parameters()["linear2.weight"],
      avg_v.at("linear2.weight")));
}

TEST(EMAHookTest, ResumeRestoresTheAveragedModelFromEmaStateDict) {
  TempDir tmp;
  auto cfg = ema_config(tmp, "resume");
  runner::Runner runner(cfg);
  runner.train();
  hooks::EMAHook& hook = ema_hook(runner);
  Tree ckpt = Tree::dict();
  ckpt["state_dict"] = runner::get_state_dict(runner.model());
  hook.before_save_checkpoint(runner, ckpt);
  const std::string path = (tmp.path() / "ema.pth").string();
  runner::save_checkpoint(ckpt, path);
  const at::Tensor avg =
      hook.ema_model()->module().named_parameters()["linear1.bias"].clone();
  const at::Tensor raw =
      runner.model().named_parameters()["linear1.bias"].clone();

  auto resume_cfg = cfg;
  resume_cfg.dict()["resume"] = true;
  resume_cfg.dict()["experiment_name"] = "resume2";
  runner::Runner resumed(resume_cfg);
  hooks::EMAHook& hook2 = ema_hook(resumed);
  hook2.before_run(resumed);
  EXPECT_EQ(hook2.ema_model()->steps().item<int64_t>(), 0);
  Tree loaded = runner::load_checkpoint_file(path);
  hook2.after_load_checkpoint(resumed, loaded);
  EXPECT_EQ(hook2.ema_model()->steps().item<int64_t>(), 8);
  EXPECT_TRUE(torch::equal(
      hook2.ema_model()->module().named_parameters()["linear1.bias"], avg));
  // The swap was undone: state_dict holds the raw weights again, which the
  // runner then loads into the model.
  EXPECT_TRUE(torch::equal(loaded["state_dict"]["linear1.bias"].tensor(), raw));

  // Resuming from a checkpoint without ema_state_dict: a copy of state_dict.
  Tree plain = runner::load_checkpoint_file(path);
  plain.erase("ema_state_dict");
  hook2.after_load_checkpoint(resumed, plain);
  EXPECT_TRUE(torch::equal(
      hook2.ema_model()->module().named_parameters()["linear1.bias"], avg));
  EXPECT_EQ(hook2.ema_model()->steps().item<int64_t>(), 8);
}

TEST(EMAHookTest, BadArgumentsAreErrors) {
  hooks::register_hooks();
  auto build = [](Value cfg) {
    cfg.set("type", "EMAHook");
    return registry::HOOKS.build(cfg);
  };
  try {
    build(Value::dict({{"begin_iter", 2}, {"begin_epoch", 1}}));
    FAIL() << "no error";
  } catch (const ValueError& e) {
    EXPECT_STREQ(
        e.what(), "`begin_iter` and `begin_epoch` should not be both set.");
  }
  EXPECT_THROW(build(Value::dict({{"begin_epoch", -1}})), ValueError);

  TempDir tmp;
  auto cfg = ema_config(tmp, "bad");
  cfg.dict()["custom_hooks"] =
      Value::list({Value::dict({{"type", "EMAHook"}, {"begin_iter", 100}})});
  runner::Runner runner(cfg);
  try {
    runner.train();
    FAIL() << "no error";
  } catch (const ValueError& e) {
    EXPECT_STREQ(
        e.what(),
        "self.begin_iter should be smaller than or equal to runner.max_iters: "
        "9, but got begin_iter: 100");
  }
  cfg.dict()["experiment_name"] = "bad2";
  cfg.dict()["custom_hooks"] =
      Value::list({Value::dict({{"type", "EMAHook"}, {"momentum", 2.0}})});
  runner::Runner runner2(cfg);
  EXPECT_THROW(runner2.train(), ValueError);
}

}  // namespace
}  // namespace mmengine::testing
