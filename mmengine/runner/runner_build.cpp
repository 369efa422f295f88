// How the Runner builds its parts, in MMEngine's order and laziness.
#include <filesystem>

#include "mmengine/device/utils.h"
#include "mmengine/optim/optimizer/optim_wrapper_builder.h"
#include "mmengine/optim/scheduler/builder.h"
#include "mmengine/registry/root.h"
#include "mmengine/runner/runner_impl.h"
#include "mmengine/utils/collect_env.h"
#include "mmengine/utils/error.h"
#include "mmengine/utils/warn.h"

namespace mmengine::runner {

namespace fs = std::filesystem;
using config::Value;

namespace {

std::string python_str(const Value& v) {
  if (v.is_bool()) {
    return v.as<bool>() ? "True" : "False";
  }
  return v.str();
}

}  // namespace

void Runner::build_logging() {
  Impl& m = *impl_;
  const Value& d = m.cfg.dict();
  Value lp_cfg = d.get<Value>("log_processor", Value::dict());
  MMENGINE_CHECK_TYPE(
      lp_cfg.is_dict(),
      "log_processor should be a dict, got ",
      lp_cfg.type_name());
  if (!lp_cfg.contains("type")) {
    lp_cfg["type"] = "LogProcessor";
  }
  registry::BuildOptions lp_options;
  lp_options.path = "log_processor";
  m.log_processor = registry::LOG_PROCESSORS.build(lp_cfg, lp_options);

  logging::LoggerOptions log_options;
  log_options.log_file =
      (fs::path(m.log_dir) / (m.timestamp + ".log")).string();
  log_options.log_level = d.get<Value>("log_level", "INFO");
  log_options.file_mode = "a";
  m.logger = logging::MMLogger::get_instance(m.experiment_name, log_options);
  // Library warnings go where MMEngine's print_log(logger='current') goes.
  utils::set_warning_sink([](const std::string& message) {
    logging::print_log(message, "current", logging::kWarning);
  });

  // _log_env
  utils::EnvInfo env = device::collect_env();
  std::string env_info;
  for (const auto& [k, v] : env) {
    env_info += "\n    " + k + ": " + v;
  }
  std::string runtime_info;
  auto add = [&](const std::string& k, const std::string& v) {
    runtime_info += "\n    " + k + ": " + v;
  };
  if (m.env_cfg.is_dict()) {
    for (const auto& [k, v] : m.env_cfg.items()) {
      add(k.to_string(), python_str(v));
    }
  }
  for (const auto& [k, v] : m.randomness_cfg.items()) {
    if (k.to_string() != "seed") {
      add(k.to_string(), python_str(v));
    }
  }
  add("seed", std::to_string(m.seed));
  add("Distributed launcher", m.launcher);
  add("Distributed training", "False");
  add("GPU number", std::to_string(m.world_size));
  const std::string dash(60, '-');
  m.logger->info(
      "\n" + dash + "\nSystem environment:" + env_info +
      "\n\nRuntime environment:" + runtime_info + "\n" + dash + "\n");
  if (!m.cfg.dict().empty()) {
    m.logger->info("Config:\n" + m.cfg.pretty_text());
  }

  m.message_hub = logging::MessageHub::get_instance(m.experiment_name);
  Value vis_cfg = d.get<Value>("visualizer", Value());
  if (vis_cfg.is_none()) {
    vis_cfg = Value::dict(
        {{"type", "Visualizer"},
         {"vis_backends",
          Value::list({Value::dict({{"type", "LocalVisBackend"}})})}});
  }
  MMENGINE_CHECK_TYPE(
      vis_cfg.is_dict(),
      "visualizer should be Visualizer object, a dict or None, but got ",
      vis_cfg.repr());
  if (!vis_cfg.contains("name")) {
    vis_cfg["name"] = m.experiment_name;
  }
  if (!vis_cfg.contains("save_dir")) {
    vis_cfg["save_dir"] = m.log_dir;
  }
  registry::BuildOptions vis_options;
  vis_options.path = "visualizer";
  m.visualizer = registry::VISUALIZERS.build(vis_cfg, vis_options);
  if (!m.cfg.dict().empty()) {
    m.visualizer->add_config(m.cfg);
  }
}

void Runner::build_model(std::shared_ptr<model::BaseModel> model) {
  Impl& m = *impl_;
  if (model != nullptr) {
    m.model = std::move(model);
    return;
  }
  const Value& d = m.cfg.dict();
  MMENGINE_CHECK_KEY(d.contains("model"), "the config has no 'model'");
  Value cfg = d["model"].value();
  MMENGINE_CHECK_TYPE(
      cfg.is_dict(), "model should be a dict, got ", cfg.type_name());
  const Value preprocessor = d.get<Value>("data_preprocessor", Value());
  if (!preprocessor.is_none() && !cfg.contains("data_preprocessor")) {
    cfg["data_preprocessor"] = preprocessor;
  }
  registry::BuildOptions options;
  options.path = "model";
  std::shared_ptr<torch::nn::Module> built =
      registry::MODELS.build(cfg, options);
  m.model = std::dynamic_pointer_cast<model::BaseModel>(built);
  MMENGINE_CHECK_TYPE(
      m.model != nullptr,
      "model (",
      cfg["type"].as<std::string>(),
      ") is not a BaseModel: the Runner needs forward modes and train_step");
}

void Runner::register_hook(const Value& cfg) {
  MMENGINE_CHECK_TYPE(
      cfg.is_dict(),
      "hook should be an instance of Hook or dict, but got ",
      cfg.repr());
  Value copy = cfg;
  std::optional<Value> priority;
  if (copy.contains("priority")) {
    priority = copy.pop("priority");
  }
  registry::BuildOptions options;
  options.path = "hooks";
  register_hook(registry::HOOKS.build(copy, options), priority);
}

void Runner::register_hook(
    std::shared_ptr<hooks::Hook> hook, std::optional<Value> priority) {
  MMENGINE_CHECK(hook != nullptr, "register_hook: the hook is null");
  if (priority) {
    hook->set_priority(hooks::get_priority(*priority));
  }
  auto& list = impl_->hooks;
  auto pos = list.begin();
  for (auto it = list.rbegin(); it != list.rend(); ++it) {
    if (hook->priority() >= (*it)->priority()) {
      pos = it.base();
      break;
    }
  }
  list.insert(pos, std::move(hook));
}

void Runner::register_hooks(
    const Value& default_hooks,
    const Value& custom_hooks,
    const std::vector<std::shared_ptr<hooks::Hook>>& hook_objects) {
  std::vector<std::pair<std::string, Value>> defaults = {
      {"runtime_info", Value::dict({{"type", "RuntimeInfoHook"}})},
      {"timer", Value::dict({{"type", "IterTimerHook"}})},
      {"sampler_seed", Value::dict({{"type", "DistSamplerSeedHook"}})},
      {"logger", Value::dict({{"type", "LoggerHook"}})},
      {"param_scheduler", Value::dict({{"type", "ParamSchedulerHook"}})},
      {"checkpoint",
       Value::dict({{"type", "CheckpointHook"}, {"interval", 1}})},
  };
  if (!default_hooks.is_none()) {
    MMENGINE_CHECK_TYPE(
        default_hooks.is_dict(),
        "default_hooks should be a dict, got ",
        default_hooks.type_name());
    for (const auto& [key, hook] : default_hooks.items()) {
      const std::string name = key.to_string();
      auto it =
          std::find_if(defaults.begin(), defaults.end(), [&](const auto& p) {
            return p.first == name;
          });
      if (hook.is_none()) {
        if (it != defaults.end()) {
          defaults.erase(it);
        }
        continue;
      }
      if (it != defaults.end()) {
        it->second = hook;
      } else {
        defaults.emplace_back(name, hook);
      }
    }
  }
  for (const auto& [name, hook] : defaults) {
    try {
      register_hook(hook);
    } catch (const Error& e) {
      throw RegistryError(fmt::format("default_hooks.{}: {}", name, e.what()));
    }
  }
  if (!custom_hooks.is_none()) {
    MMENGINE_CHECK_TYPE(
        custom_hooks.is_sequence(),
        "custom_hooks should be a list, got ",
        custom_hooks.type_name());
    for (std::size_t i = 0; i < custom_hooks.size(); ++i) {
      try {
        register_hook(custom_hooks.elements()[i]);
      } catch (const Error& e) {
        throw RegistryError(fmt::format("custom_hooks[{}]: {}", i, e.what()));
      }
    }
  }
  for (const auto& hook : hook_objects) {
    register_hook(hook);
  }
}

std::string Runner::get_hooks_info() const {
  std::vector<std::string> infos;
  for (const std::string& stage : hooks::Hook::stages()) {
    std::string lines;
    for (const auto& hook : impl_->hooks) {
      auto stages = hook->triggered_stages();
      if (std::find(stages.begin(), stages.end(), stage) == stages.end()) {
        continue;
      }
      lines += fmt::format(
          "\n({:<12}) {:<35}",
          hooks::priority_name(hook->priority()),
          hook->name());
    }
    if (!lines.empty()) {
      infos.push_back(stage + ":" + lines + "\n -------------------- ");
    }
  }
  std::string out;
  for (std::size_t i = 0; i < infos.size(); ++i) {
    out += (i == 0 ? "" : "\n") + infos[i];
  }
  return out;
}

void Runner::dump_config() const {
  const Impl& m = *impl_;
  const std::string name = m.cfg.filename().empty()
                               ? m.timestamp + ".py"
                               : fs::path(m.cfg.filename()).filename().string();
  m.cfg.dump((fs::path(m.work_dir) / name).string());
}

std::shared_ptr<dataset::DataLoader> Runner::build_dataloader(
    const Value& cfg, const std::string& where) const {
  const bool diff_rank_seed =
      impl_->randomness_cfg.get<Value>("diff_rank_seed", false).truthy();
  std::optional<std::int64_t> seed;
  if (!diff_rank_seed) {
    seed = impl_->seed;
  }
  return dataset::build_dataloader(cfg, seed, where);
}

namespace {

std::shared_ptr<dataset::DataLoader> lazy_loader(
    const Runner& runner, Lazy<dataset::DataLoader>& lazy, const char* name) {
  if (lazy.object == nullptr) {
    MMENGINE_CHECK(
        !lazy.cfg.is_none(), name, " is None: the config does not define it");
    lazy.object = runner.build_dataloader(lazy.cfg, name);
  }
  return lazy.object;
}

}  // namespace

dataset::DataLoader& Runner::train_dataloader() {
  return *lazy_loader(*this, impl_->train_dataloader, "train_dataloader");
}
dataset::DataLoader& Runner::val_dataloader() {
  if (const BaseLoop* loop = impl_->val_loop.object.get()) {
    return loop->dataloader();  // the current set's
  }
  return *lazy_loader(*this, impl_->val_dataloader, "val_dataloader");
}
dataset::DataLoader& Runner::test_dataloader() {
  if (const BaseLoop* loop = impl_->test_loop.object.get()) {
    return loop->dataloader();
  }
  return *lazy_loader(*this, impl_->test_dataloader, "test_dataloader");
}

BaseLoop& Runner::train_loop() {
  Impl& m = *impl_;
  if (m.train_loop.object) {
    return *m.train_loop.object;
  }
  MMENGINE_CHECK(m.train_loop.configured(), "train_cfg is None");
  Value cfg = m.train_loop.cfg;
  MMENGINE_CHECK_TYPE(
      cfg.is_dict(), "train_cfg should be a dict, got ", cfg.type_name());
  if (!cfg.contains("type")) {
    MMENGINE_CHECK_KEY(
        cfg.contains("by_epoch"),
        "train_cfg: without 'type' it needs 'by_epoch' (True for "
        "EpochBasedTrainLoop, False for IterBasedTrainLoop)");
    const bool by_epoch = cfg.pop("by_epoch").truthy();
    cfg["type"] = by_epoch ? "EpochBasedTrainLoop" : "IterBasedTrainLoop";
  }
  registry::RuntimeArgs runtime;
  runtime.set("runner", this);
  runtime.set(
      "dataloader", lazy_loader(*this, m.train_dataloader, "train_dataloader"));
  registry::BuildOptions options;
  options.runtime = &runtime;
  options.path = "train_cfg";
  m.train_loop.object = registry::LOOPS.build(cfg, options);
  return *m.train_loop.object;
}

namespace {

BaseLoop& build_eval_loop(
    Runner& runner,
    Lazy<BaseLoop>& loop,
    Lazy<dataset::DataLoader>& loader,
    const Value& evaluator_cfg,
    const std::string& first_prefix,
    const std::vector<EvalSetCfg>& extra_sets,
    const char* mode) {
  if (loop.object) {
    return *loop.object;
  }
  const std::string cfg_name = std::string(mode) + "_cfg";
  Value cfg = loop.cfg;
  MMENGINE_CHECK_TYPE(
      cfg.is_dict(), cfg_name, " should be a dict, got ", cfg.type_name());
  if (!cfg.contains("type")) {
    cfg["type"] = std::string(mode) == "val" ? "ValLoop" : "TestLoop";
  }
  const std::string loader_name = std::string(mode) + "_dataloader";
  registry::RuntimeArgs runtime;
  runtime.set("runner", &runner);
  runtime.set("dataloader", lazy_loader(runner, loader, loader_name.c_str()));
  runtime.set(
      "evaluator",
      evaluator::build_evaluator(
          evaluator_cfg, std::string(mode) + "_evaluator"));
  registry::BuildOptions options;
  options.runtime = &runtime;
  options.path = cfg_name;
  loop.object = registry::LOOPS.build(cfg, options);
  if (!first_prefix.empty()) {
    auto* eval_loop = dynamic_cast<ValLoop*>(loop.object.get());
    MMENGINE_CHECK_TYPE(
        eval_loop != nullptr,
        loader_name,
        " is a list (several data sets), which needs a ValLoop or TestLoop, "
        "but ",
        cfg_name,
        " builds ",
        cfg["type"].repr());
    eval_loop->set_prefix(first_prefix);
    for (std::size_t i = 0; i < extra_sets.size(); ++i) {
      const std::string index = "[" + std::to_string(i + 1) + "]";
      const EvalSetCfg& set = extra_sets[i];
      eval_loop->add_set(
          {runner.build_dataloader(set.dataloader, loader_name + index),
           evaluator::build_evaluator(
               set.evaluator, std::string(mode) + "_evaluator" + index),
           set.prefix});
    }
  }
  return *loop.object;
}

}  // namespace

void split_eval_sets(
    Value& loader_cfg,
    Value& evaluator_cfg,
    std::string& first_prefix,
    std::vector<EvalSetCfg>& extra,
    const std::string& mode) {
  if (!loader_cfg.is_sequence()) {
    return;
  }
  const std::string loader_key = mode + "_dataloader";
  const std::string evaluator_key = mode + "_evaluator";
  const std::size_t n = loader_cfg.size();
  MMENGINE_CHECK(
      n > 0, loader_key, " is an empty list: give at least one dataloader");
  const bool per_set = evaluator_cfg.is_sequence();
  MMENGINE_CHECK(
      !per_set || evaluator_cfg.size() == n,
      evaluator_key,
      ": ",
      loader_key,
      " lists ",
      n,
      " data sets, so a list ",
      evaluator_key,
      " needs one entry per set (",
      n,
      "), but it has ",
      evaluator_cfg.size(),
      "; give a single dict to use the same metrics for every set");
  std::vector<EvalSetCfg> sets;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string where = loader_key + "[" + std::to_string(i) + "]";
    Value entry = loader_cfg[i];
    MMENGINE_CHECK_TYPE(
        entry.is_dict(),
        where,
        " should be a dict, but got ",
        entry.type_name());
    std::string prefix;
    if (entry.contains("prefix")) {
      const Value p = entry.pop("prefix");
      MMENGINE_CHECK_TYPE(
          p.is_string() && !p.as<std::string>().empty(),
          where,
          ".prefix should be a non-empty str, but got ",
          p.repr());
      prefix = p.as<std::string>();
    } else {
      const Value* dataset = entry.find("dataset");
      const Value* type = dataset != nullptr && dataset->is_dict()
                              ? dataset->find("type")
                              : nullptr;
      prefix = type != nullptr && type->is_string() ? type->as<std::string>()
                                                    : mode + std::to_string(i);
      for (const EvalSetCfg& other : sets) {
        if (other.prefix == prefix) {
          prefix += "_" + std::to_string(i);
          break;
        }
      }
    }
    for (const EvalSetCfg& other : sets) {
      MMENGINE_CHECK(
          other.prefix != prefix,
          where,
          ".prefix '",
          prefix,
          "' is already used by another data set; prefixes must be unique");
    }
    sets.push_back(
        {std::move(entry), per_set ? evaluator_cfg[i] : evaluator_cfg, prefix});
  }
  loader_cfg = sets.front().dataloader;
  evaluator_cfg = sets.front().evaluator;
  first_prefix = sets.front().prefix;
  extra.assign(sets.begin() + 1, sets.end());
}

BaseLoop& Runner::val_loop() {
  MMENGINE_CHECK(impl_->val_loop.configured(), "val_cfg is None");
  return build_eval_loop(
      *this,
      impl_->val_loop,
      impl_->val_dataloader,
      impl_->val_evaluator,
      impl_->val_prefix,
      impl_->val_extra_sets,
      "val");
}

BaseLoop& Runner::test_loop() {
  MMENGINE_CHECK(impl_->test_loop.configured(), "test_cfg is None");
  return build_eval_loop(
      *this,
      impl_->test_loop,
      impl_->test_dataloader,
      impl_->test_evaluator,
      impl_->test_prefix,
      impl_->test_extra_sets,
      "test");
}

optim::OptimWrapper& Runner::optim_wrapper() {
  Impl& m = *impl_;
  if (!m.optim_wrappers_ready) {
    MMENGINE_CHECK(m.optim_wrapper.configured(), "optim_wrapper is None");
    m.optim_wrappers_ready = true;
    auto log = [this](const std::string& level, const std::string& message) {
      impl_->logger->log(logging::level_from(level), message);
    };
    if (!m.optim_wrapper.object) {
      m.optim_wrapper.object =
          optim::build_optim_wrapper(*m.model, m.optim_wrapper.cfg, log);
    }
    // MMEngine's wrapper writes grad_norm to the current message hub.
    std::weak_ptr<logging::MessageHub> hub = m.message_hub;
    m.optim_wrapper.object->set_scalar_callback(
        [hub](const std::string& name, double value) {
          if (auto h = hub.lock()) {
            h->update_scalar(name, value);
          }
        });
    m.optim_wrapper.object->set_log_callback(log);
    if (!m.auto_scale_lr.is_none()) {
      const std::int64_t batch_size =
          train_dataloader().options().batch_size * m.world_size;
      const std::string message =
          optim::scale_lr(*m.optim_wrapper.object, m.auto_scale_lr, batch_size);
      if (!message.empty()) {
        m.logger->info(message);
      }
    }
  }
  return *m.optim_wrapper.object;
}

std::vector<std::shared_ptr<optim::ParamScheduler>>&
Runner::param_schedulers() {
  Impl& m = *impl_;
  if (!m.schedulers_built) {
    m.schedulers_built = true;
    if (!m.param_scheduler_cfg.is_none()) {
      BaseLoop* loop = train_loop_if_built();
      std::optional<optim::TrainLength> length;
      if (loop != nullptr) {
        length = optim::TrainLength{
            .max_epochs = loop->max_epochs(), .max_iters = loop->max_iters()};
      }
      m.param_schedulers = optim::build_param_schedulers(
          m.param_scheduler_cfg,
          optim_wrapper().optimizer(),
          train_dataloader().size(),
          length);
    }
  }
  return m.param_schedulers;
}

LogContext Runner::log_context(const std::string& mode) const {
  LogContext ctx;
  ctx.message_hub = impl_->message_hub.get();
  ctx.has_train_loop = train_loop_if_built() != nullptr;
  ctx.iter = iter();
  ctx.epoch = epoch();
  ctx.max_iters = max_iters();
  ctx.max_epochs = max_epochs();
  Impl& m = *impl_;
  Lazy<dataset::DataLoader>* loader = mode == "train" ? &m.train_dataloader
                                      : mode == "val" ? &m.val_dataloader
                                                      : &m.test_dataloader;
  const BaseLoop* loop = mode == "val"    ? m.val_loop.object.get()
                         : mode == "test" ? m.test_loop.object.get()
                                          : nullptr;
  ctx.dataloader_len = loop != nullptr  ? loop->dataloader().size()
                       : loader->object ? loader->object->size()
                                        : 0;
  return ctx;
}

}  // namespace mmengine::runner
