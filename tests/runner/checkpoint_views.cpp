#include "tests/runner/checkpoint_views.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <regex>

#include "mmengine/config/config.h"
#include "mmengine/config/json_io.h"
#include "mmengine/logging/history_buffer.h"
#include "mmengine/logging/message_hub.h"
#include "mmengine/model/base_model/base_model.h"
#include "mmengine/optim/optimizer/optim_wrapper.h"
#include "mmengine/optim/scheduler/param_scheduler.h"
#include "mmengine/runner/checkpoint.h"
#include "mmengine/runner/runner.h"
#include "tests/runner/toy_job.h"

namespace mmengine::testing {

namespace fs = std::filesystem;
using nlohmann::json;
using structures::Tree;

namespace {

json sorted_keys(const Tree& dict) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : dict.items()) {
    keys.push_back(k.to_string());
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

json keys_in_order(const Tree& dict) {
  json keys = json::array();
  for (const auto& [k, v] : dict.items()) {
    keys.push_back(k.to_string());
  }
  return keys;
}

// Our checkpoints end with `resume_state` (beyond MMEngine's layout); the
// view leaves it out after checking it is there, last.
json mmengine_keys(const Tree& ckpt) {
  json keys = keys_in_order(ckpt);
  if (keys.empty() || keys.back() != "resume_state") {
    throw std::runtime_error(
        "checkpoint without a trailing resume_state: " + keys.dump());
  }
  keys.erase(keys.size() - 1);
  return keys;
}

json describe(const fs::path& path) {
  const Tree ckpt = runner::load_checkpoint_file(path.string());
  const Tree hub = ckpt["message_hub"];
  return json{
      {"keys", mmengine_keys(ckpt)},
      {"meta_keys", keys_in_order(ckpt["meta"])},
      {"epoch", ckpt["meta"]["epoch"].as<std::int64_t>()},
      {"iter", ckpt["meta"]["iter"].as<std::int64_t>()},
      {"hub_scalars", sorted_keys(hub["log_scalars"])},
      {"hub_info", sorted_keys(hub["runtime_info"])},
      {"scheduler_count",
       ckpt.contains("param_schedulers") ? ckpt["param_schedulers"].size()
                                         : 0}};
}

std::vector<std::string> read_lines(const fs::path& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

json flat(const at::Tensor& t) {
  const at::Tensor d = t.detach().flatten().to(at::kDouble).contiguous();
  return std::vector<double>(
      d.data_ptr<double>(), d.data_ptr<double>() + d.numel());
}

}  // namespace

json train_and_describe(const std::string& config, const fs::path& work_dir) {
  register_toy_job();
  auto cfg = config::Config::fromfile(config);
  cfg.dict()["work_dir"] = work_dir.string();
  json out;
  {
    auto runner = runner::Runner::from_cfg(cfg);
    out["hooks_info"] = runner->get_hooks_info();
    runner->train();
    out["work_dir"] = runner->work_dir();
    out["log_lines"] = read_lines(
        fs::path(runner->log_dir()) / (runner->timestamp() + ".log"));
  }
  static const std::regex stamp(R"(\d{8}_\d{6})");
  std::vector<std::string> files;
  json ckpts = json::object();
  for (const auto& entry : fs::directory_iterator(work_dir)) {
    const std::string name = entry.path().filename().string();
    files.push_back(std::regex_replace(name, stamp, "TS"));
    if (name.ends_with(".pth")) {
      ckpts[name] = describe(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  out["files"] = files;
  out["checkpoints"] = ckpts;
  std::ifstream last(work_dir / "last_checkpoint");
  out["last_checkpoint"] = last ? std::string(
                                      std::istreambuf_iterator<char>(last),
                                      std::istreambuf_iterator<char>())
                                : std::string();
  return out;
}

json resume_and_describe(
    const std::string& config,
    const fs::path& work_dir,
    const std::string& checkpoint) {
  register_toy_job();
  auto cfg = config::Config::fromfile(config);
  cfg.dict()["work_dir"] = work_dir.string();
  cfg.dict()["experiment_name"] = "resume_view";
  auto runner = runner::Runner::from_cfg(cfg);
  runner->resume(checkpoint);
  json out;
  out["epoch"] = runner->epoch();
  out["iter"] = runner->iter();
  json weights = json::object();
  for (const auto& [k, v] : runner::get_state_dict(runner->model()).items()) {
    weights[k.to_string()] = flat(v.tensor());
  }
  out["weights"] = weights;
  const auto& optimizer = runner->optim_wrapper();
  json lr = json::array();
  const Tree state = optimizer.state_dict();
  for (const Tree& group : state["param_groups"].elements()) {
    lr.push_back(group["lr"].as<double>());
  }
  out["lr"] = lr;
  json momentum = json::array();
  for (const auto& [k, s] : state["state"].items()) {
    momentum.push_back(flat(s["momentum_buffer"].tensor()));
  }
  out["momentum"] = momentum;
  json schedulers = json::array();
  for (const auto& s : runner->param_schedulers()) {
    schedulers.push_back(
        {{"last_step", s->last_step()}, {"base_values", s->base_values()}});
  }
  out["schedulers"] = schedulers;
  json scalars = json::object();
  for (const auto& [key, buffer] : runner->message_hub().log_scalars()) {
    std::vector<std::int64_t> counts;
    for (double c : buffer->count_history()) {
      counts.push_back(static_cast<std::int64_t>(c));
    }
    scalars[key] = {
        {"logs",
         std::vector<double>(
             buffer->log_history().begin(), buffer->log_history().end())},
        {"counts", counts},
        {"mean", buffer->mean()}};
  }
  out["scalars"] = scalars;
  json info = json::object();
  for (const auto& [k, v] : runner->message_hub().runtime_info().items()) {
    static const std::vector<std::string> wanted = {
        "epoch",
        "iter",
        "max_epochs",
        "max_iters",
        "seed",
        "keep_ckpt_ids",
        "best_score",
        "best_score_mse"};
    if (std::find(wanted.begin(), wanted.end(), k.to_string()) !=
        wanted.end()) {
      info[k.to_string()] = json::parse(config::dump_json(v));
    }
  }
  out["info"] = info;
  return out;
}

}  // namespace mmengine::testing
