// The Runner's checkpoints: what goes into one (checkpoint_content), how it
// is restored (restore_checkpoint), and MMEngine's load/resume decisions.
#include <ATen/ATen.h>

#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "mmengine/device/utils.h"
#include "mmengine/runner/checkpoint.h"
#include "mmengine/runner/checkpoint/pickle_reader.h"
#include "mmengine/runner/rng_state.h"
#include "mmengine/runner/runner_impl.h"
#include "mmengine/runner/signal_guard.h"
#include "mmengine/utils/error.h"
#include "mmengine/utils/warn.h"
#include "mmengine/version.h"

namespace mmengine::runner {

namespace fs = std::filesystem;
using config::Value;
using structures::Tree;

namespace {

// The checkpoint key of the state beyond MMEngine's layout.
constexpr const char* kResumeStateKey = "resume_state";

constexpr const char* kHistoryBuffer =
    "mmengine.logging.history_buffer.HistoryBuffer";

// A HistoryBuffer column as numpy holds it: int64 when every entry is an
// int, else float64.
at::Tensor history_column(const Value& list) {
  bool all_int = true;
  std::vector<double> values;
  for (const Value& v : list.elements()) {
    all_int = all_int && v.is_int();
    values.push_back(v.as<double>());
  }
  const auto n = static_cast<std::int64_t>(values.size());
  at::Tensor t = at::tensor(values, at::kDouble).reshape({n});
  return all_int ? t.to(at::kLong) : t;
}

Value column_values(const Tree& column) {
  if (!column.is_tensor()) {
    return column.to_value();
  }
  const at::Tensor t = column.tensor().flatten().cpu();
  std::vector<Value> out;
  out.reserve(static_cast<std::size_t>(t.numel()));
  const bool is_float = at::isFloatingType(t.scalar_type());
  const at::Tensor d = t.to(is_float ? at::kDouble : at::kLong);
  for (std::int64_t i = 0; i < d.numel(); ++i) {
    if (is_float) {
      out.emplace_back(d.data_ptr<double>()[i]);
    } else {
      out.emplace_back(d.data_ptr<std::int64_t>()[i]);
    }
  }
  return Value::list(std::move(out));
}

// MessageHub::state_dict() with each buffer as a HistoryBuffer record, so
// that MMEngine's MessageHub.load_state_dict accepts it.
Tree hub_to_tree(const Value& state) {
  Tree out = Tree::dict();
  Tree scalars = Tree::dict();
  for (const auto& [key, buffer] : state["log_scalars"].items()) {
    scalars[key] = Tree::dict(
        {{checkpoint::kRecordClassKey, Tree(kHistoryBuffer)},
         {"max_length", Tree(buffer["max_length"])},
         {"_log_history", Tree(history_column(buffer["_log_history"]))},
         {"_count_history", Tree(history_column(buffer["_count_history"]))}});
  }
  out["log_scalars"] = scalars;
  out["runtime_info"] = Tree(state["runtime_info"]);
  out["resumed_keys"] = Tree(state["resumed_keys"]);
  return out;
}

// The reverse: HistoryBuffer records (numpy columns read as tensors) back
// to MessageHub::load_state_dict's plain form.
Value hub_from_tree(const Tree& state) {
  MMENGINE_CHECK(
      state.is_dict(),
      "checkpoint['message_hub'] should be a dict, got ",
      state.type_name());
  Value out = Value::dict();
  for (const char* part : {"log_scalars", "runtime_info", "resumed_keys"}) {
    const Tree* node = state.find(part);
    if (node == nullptr) {
      continue;  // MessageHub::load_state_dict reports it
    }
    Value converted = Value::dict();
    for (const auto& [key, item] : node->items()) {
      if (std::string(part) == "log_scalars" && item.is_dict()) {
        Value buffer = Value::dict();
        for (const auto& [k, v] : item.items()) {
          if (k.to_string() != checkpoint::kRecordClassKey) {
            buffer.set(k, column_values(v));
          }
        }
        converted.set(key, buffer);
        continue;
      }
      try {
        converted.set(key, item.to_value());
      } catch (const TypeError&) {
        logging::print_log(
            key.to_string() +
                " in message_hub cannot be copied, just skip resuming it.",
            "current",
            logging::kWarning);
      }
    }
    out.set(part, converted);
  }
  return out;
}

}  // namespace

Tree Runner::checkpoint_content(
    Value meta, bool save_optimizer, bool save_param_scheduler) {
  Impl& m = *impl_;
  meta.set("cfg", m.cfg.pretty_text());
  meta.set("seed", m.seed);
  meta.set("experiment_name", m.experiment_name);
  meta.set("time", local_timestamp());
  meta.set("mmengine_version", MMENGINE_MIRRORS_VERSION);
  if (m.train_dataloader.configured()) {
    meta.set("dataset_meta", train_dataloader().dataset().metainfo());
  }
  Tree checkpoint = Tree::dict();
  checkpoint["meta"] = Tree(meta);
  checkpoint["state_dict"] = weights_to_cpu(get_state_dict(*m.model));
  checkpoint["message_hub"] = hub_to_tree(m.message_hub->state_dict());
  if (save_optimizer) {
    MMENGINE_CHECK_TYPE(
        m.optim_wrapper.configured(),
        "self.optim_wrapper should be an `OptimWrapper` or "
        "`OptimWrapperDict` instance, but got None");
    checkpoint["optimizer"] = weights_to_cpu(optim_wrapper().state_dict());
  }
  if (save_param_scheduler && m.param_scheduler_cfg.is_none()) {
    m.logger->warning(
        "`save_param_scheduler` is True but `self.param_schedulers` is None, "
        "so skip saving parameter schedulers");
    save_param_scheduler = false;
  }
  if (save_param_scheduler) {
    Tree states = Tree::list();
    for (const auto& scheduler : param_schedulers()) {
      states.append(scheduler->state_dict());
    }
    checkpoint["param_schedulers"] = states;
  }
  // Beyond MMEngine: what an exact resume needs besides the seed.
  Tree resume_state = Tree::dict();
  resume_state["rng"] = get_rng_state();
  if (const auto* loop =
          dynamic_cast<const TrainLoopBase*>(train_loop_if_built())) {
    resume_state["train_loop"] = Tree(loop->data_state());
  }
  checkpoint[kResumeStateKey] = resume_state;
  return checkpoint;
}

void Runner::save_checkpoint(
    const std::string& out_dir,
    const std::string& filename,
    const Value& file_client_args,
    bool save_optimizer,
    bool save_param_scheduler,
    const Value& meta,
    bool by_epoch,
    const Value& backend_args) {
  MMENGINE_CHECK_TYPE(
      meta.is_none() || meta.is_dict(),
      "meta should be a dict or None, but got ",
      meta.type_name());
  Value full = meta.is_none() ? Value::dict() : meta;
  if (!full.contains("epoch")) {
    full.set("epoch", by_epoch ? epoch() + 1 : epoch());
  }
  if (!full.contains("iter")) {
    full.set("iter", by_epoch ? iter() : iter() + 1);
  }
  check_local_backend(file_client_args, backend_args, "save_checkpoint");
  if (!file_client_args.is_none()) {
    utils::warn(
        "\"file_client_args\" will be deprecated in future. Please use "
        "\"backend_args\" instead");
  }
  Tree checkpoint =
      checkpoint_content(full, save_optimizer, save_param_scheduler);
  call_hook(&hooks::Hook::before_save_checkpoint, checkpoint);
  runner::save_checkpoint(checkpoint, (fs::path(out_dir) / filename).string());
}

Tree Runner::load_checkpoint(
    const std::string& filename,
    const std::string& map_location,
    bool strict,
    const ReviseKeys& revise_keys) {
  Tree checkpoint = load_checkpoint_file(filename, map_location);
  call_hook(&hooks::Hook::after_load_checkpoint, checkpoint);
  load_checkpoint_to_model(*impl_->model, checkpoint, strict, revise_keys);
  impl_->has_loaded = true;
  impl_->logger->info("Load checkpoint from " + filename);
  return checkpoint;
}

void Runner::resume(
    const std::string& filename,
    bool resume_optimizer,
    bool resume_param_scheduler,
    const std::string& map_location) {
  const std::string device =
      map_location == "default" ? device::get_device() : map_location;
  Tree checkpoint = load_checkpoint(filename, device);
  restore_checkpoint(checkpoint, resume_optimizer, resume_param_scheduler);
  impl_->has_loaded = true;
  impl_->logger->info(
      fmt::format("resumed epoch: {}, iter: {}", epoch(), iter()));
}

void Runner::restore_checkpoint(
    const Tree& checkpoint,
    bool resume_optimizer,
    bool resume_param_scheduler) {
  Impl& m = *impl_;
  MMENGINE_CHECK_KEY(
      checkpoint.is_dict() && checkpoint.contains("meta"),
      "resume: the checkpoint has no 'meta' (not written by a Runner)");
  const Tree meta = checkpoint["meta"];
  auto* loop = dynamic_cast<TrainLoopBase*>(&train_loop());
  MMENGINE_CHECK_TYPE(
      loop != nullptr, "resume: the train loop keeps no epoch/iter counters");
  loop->set_progress(
      meta["epoch"].as<std::int64_t>(), meta["iter"].as<std::int64_t>());

  const Value resumed_seed =
      meta.contains("seed") ? meta["seed"].to_value() : Value();
  const Value current_seed = m.randomness_cfg.get<Value>("seed", Value());
  if (!resumed_seed.is_none() && resumed_seed != current_seed) {
    if (!current_seed.is_none()) {
      m.logger->warning(fmt::format(
          "The value of random seed in the checkpoint \"{}\" is different "
          "from the value in `randomness` config \"{}\"",
          resumed_seed.str(),
          current_seed.str()));
    }
    m.randomness_cfg.set("seed", resumed_seed);
    set_randomness();
  }

  const Value resumed_meta =
      meta.contains("dataset_meta") ? meta["dataset_meta"].to_value() : Value();
  const Value dataset_meta = train_dataloader().dataset().metainfo();
  if (resumed_meta.repr() != dataset_meta.repr()) {
    m.logger->warning(
        "The dataset metainfo from the resumed checkpoint is different from "
        "the current training dataset, please check the correctness of the "
        "checkpoint or the training dataset.");
  }
  MMENGINE_CHECK_KEY(
      checkpoint.contains("message_hub"),
      "resume: the checkpoint has no 'message_hub'");
  m.message_hub->load_state_dict(hub_from_tree(checkpoint["message_hub"]));

  if (checkpoint.contains("optimizer") && resume_optimizer) {
    optim_wrapper().load_state_dict(checkpoint["optimizer"]);
  }
  if (resume_param_scheduler && m.param_scheduler_cfg.is_none()) {
    m.logger->warning(
        "`resume_param_scheduler` is True but `self.param_schedulers` is "
        "None, so skip resuming parameter schedulers");
    resume_param_scheduler = false;
  }
  if (checkpoint.contains("param_schedulers") && resume_param_scheduler) {
    const std::vector<Tree> states = checkpoint["param_schedulers"].elements();
    auto& schedulers = param_schedulers();
    for (std::size_t i = 0; i < schedulers.size() && i < states.size(); ++i) {
      schedulers[i]->load_state_dict(states[i]);
    }
  }
  // Ours: generators and the data position (MMEngine's checkpoints have
  // none: its behaviour then, re-seeding and restarting or replaying data).
  if (const Tree* state = checkpoint.find(kResumeStateKey)) {
    MMENGINE_CHECK_TYPE(
        state->is_dict(),
        "resume: '",
        kResumeStateKey,
        "' should be a dict, got ",
        state->type_name());
    if (const Tree* rng = state->find("rng")) {
      set_rng_state(*rng);
    }
    if (const Tree* data = state->find("train_loop")) {
      loop->set_data_state(data->to_value());
    }
  }
}

bool Runner::checkpoint_if_signalled() {
  const int signal = SignalGuard::pending();
  if (signal == 0) {
    return false;
  }
  SignalGuard::clear();
  Impl& m = *impl_;
  const std::string filename = fmt::format("iter_{}.pth", iter());
  const std::string path = (fs::path(m.work_dir) / filename).string();
  // Between iterations: `iter()` iterations are complete.
  save_checkpoint(
      m.work_dir,
      filename,
      Value(),
      true,
      true,
      Value::dict({{"epoch", epoch()}, {"iter", iter()}}),
      false);
  write_text_atomically(
      (fs::path(m.work_dir) / "last_checkpoint").string(), path);
  m.logger->warning(fmt::format(
      "Received {}: saved a checkpoint of iteration {} to {} and stopped "
      "training; `--resume` continues from it",
      signal_name(signal),
      iter(),
      path));
  return true;
}

void Runner::load_or_resume() {
  Impl& m = *impl_;
  if (m.has_loaded) {
    return;
  }
  std::string resume_from;
  if (m.resume && m.load_from.is_none()) {
    resume_from = find_latest_checkpoint(m.work_dir);
    m.logger->info(fmt::format(
        "Auto resumed from the latest checkpoint {}.",
        resume_from.empty() ? "None" : resume_from));
  } else if (m.resume) {
    resume_from = m.load_from.as<std::string>();
  }
  if (!resume_from.empty()) {
    resume(resume_from);
    m.has_loaded = true;
  } else if (!m.load_from.is_none()) {
    load_checkpoint(m.load_from.as<std::string>());
    m.has_loaded = true;
  }
}

}  // namespace mmengine::runner
