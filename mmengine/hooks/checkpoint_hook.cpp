#include "mmengine/hooks/checkpoint_hook.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "mmengine/logging/logger.h"
#include "mmengine/logging/message_hub.h"
#include "mmengine/runner/checkpoint.h"
#include "mmengine/runner/runner.h"
#include "mmengine/utils/error.h"

namespace mmengine::hooks {

namespace fs = std::filesystem;
using config::Value;

namespace {

const std::vector<std::string>& default_greater_keys() {
  static const std::vector<std::string> keys = {
      "acc",
      "top",
      "AR@",
      "auc",
      "precision",
      "mAP",
      "mDice",
      "mIoU",
      "mAcc",
      "aAcc"};
  return keys;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  return s;
}

// A str or a list/tuple of str (MMEngine wraps a lone str in a tuple).
std::vector<std::string> str_or_seq(const Value& v, const char* what) {
  if (v.is_string()) {
    return {v.as<std::string>()};
  }
  MMENGINE_CHECK_TYPE(
      v.is_sequence(),
      "[CheckpointHook] ",
      what,
      " should be a str or a sequence of str, got ",
      v.repr());
  for (const Value& e : v.elements()) {
    MMENGINE_CHECK_TYPE(
        e.is_string(),
        "[CheckpointHook] ",
        what,
        " should be a sequence of str, got ",
        v.repr());
  }
  return v.as<std::vector<std::string>>();
}

bool has_duplicates(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return std::adjacent_find(v.begin(), v.end()) != v.end();
}

}  // namespace

CheckpointHook::CheckpointHook(registry::BuildArgs& args) {
  set_priority(static_cast<int>(Priority::kVeryLow));
  interval_ = args.take<std::int64_t>("interval", -1);
  by_epoch_ = args.take<bool>("by_epoch", true);
  save_optimizer_ = args.take<bool>("save_optimizer", true);
  save_param_scheduler_ = args.take<bool>("save_param_scheduler", true);
  const Value out_dir = args.take_value("out_dir", Value());
  MMENGINE_CHECK_TYPE(
      out_dir.is_none() || out_dir.is_string(),
      "[CheckpointHook] out_dir should be a str or None, got ",
      out_dir.repr());
  out_dir_set_ = out_dir.is_string();
  out_dir_ = out_dir_set_ ? out_dir.as<std::string>() : "";
  max_keep_ckpts_ = args.take<std::int64_t>("max_keep_ckpts", -1);
  save_last_ = args.take<bool>("save_last", true);
  file_client_args_ = args.take_value("file_client_args", Value());
  backend_args_ = args.take_value("backend_args", Value());
  if (!file_client_args_.is_none()) {
    logging::print_log(
        "\"file_client_args\" will be deprecated in future. Please use "
        "\"backend_args\" instead",
        "current",
        logging::kWarning);
  }
  runner::check_local_backend(
      file_client_args_, backend_args_, "[CheckpointHook]");
  const Value tmpl = args.take_value("filename_tmpl", Value());
  filename_tmpl_ = tmpl.is_none() ? (by_epoch_ ? "epoch_{}.pth" : "iter_{}.pth")
                                  : tmpl.as<std::string>();

  const Value save_best = args.take_value("save_best", Value());
  const bool list_of_str =
      save_best.is_list() && std::all_of(
                                 save_best.elements().begin(),
                                 save_best.elements().end(),
                                 [](const Value& e) { return e.is_string(); });
  MMENGINE_CHECK(
      save_best.is_none() || save_best.is_string() || list_of_str,
      "\"save_best\" should be a str or list of str or None, but got ",
      save_best.type_name());
  if (save_best.is_string()) {
    save_best_ = {save_best.as<std::string>()};
  } else if (list_of_str) {
    save_best_ = save_best.as<std::vector<std::string>>();
    const bool has_auto =
        std::find(save_best_.begin(), save_best_.end(), "auto") !=
        save_best_.end();
    MMENGINE_CHECK(
        !has_auto || save_best_.size() == 1,
        "Only support one \"auto\" in \"save_best\" list.");
    MMENGINE_CHECK(
        !has_duplicates(save_best_),
        "Find duplicate element in \"save_best\".");
  }

  const Value rule = args.take_value("rule", Value());
  const bool rule_list =
      rule.is_list() && std::all_of(
                            rule.elements().begin(),
                            rule.elements().end(),
                            [](const Value& e) { return e.is_string(); });
  MMENGINE_CHECK(
      rule.is_none() || rule.is_string() || rule_list,
      "\"rule\" should be a str or list of str or None, but got ",
      rule.type_name());
  std::vector<std::optional<std::string>> rules;
  if (rule_list) {
    MMENGINE_CHECK(
        rule.size() == 1 || rule.size() == save_best_.size(),
        "Number of \"rule\" must be 1 or the same as number of "
        "\"save_best\", but got ",
        rule.size(),
        ".");
    for (const Value& r : rule.elements()) {
      rules.emplace_back(r.as<std::string>());
    }
  } else {
    rules.push_back(
        rule.is_none() ? std::nullopt
                       : std::optional<std::string>(rule.as<std::string>()));
  }
  const Value greater = args.take_value("greater_keys", Value());
  greater_keys_ = greater.is_none() ? default_greater_keys()
                                    : str_or_seq(greater, "greater_keys");
  const Value less = args.take_value("less_keys", Value());
  less_keys_ = less.is_none() ? std::vector<std::string>{"loss"}
                              : str_or_seq(less, "less_keys");
  if (!save_best_.empty()) {
    init_rule(rules, save_best_);
  }

  const Value published = args.take_value("published_keys", Value());
  MMENGINE_CHECK_TYPE(
      published.is_none() || published.is_string() || published.is_sequence(),
      "\"published_keys\" should be a str or a sequence of str or None, but "
      "got ",
      published.type_name());
  if (!published.is_none()) {
    published_keys_ = str_or_seq(published, "published_keys");
    MMENGINE_CHECK(
        !has_duplicates(*published_keys_),
        "Find duplicate elements in \"published_keys\".");
  }
  save_begin_ = args.take<std::int64_t>("save_begin", 0);
  // MMEngine's message lacks the f-string prefix; kept verbatim.
  MMENGINE_CHECK(
      save_begin_ >= 0,
      "save_begin should not be less than 0, but got {save_begin}");
}

void CheckpointHook::init_rule(
    const std::vector<std::optional<std::string>>& rules_in,
    const std::vector<std::string>& key_indicators) {
  std::vector<std::optional<std::string>> rules = rules_in;
  if (rules.size() == 1) {
    rules.assign(key_indicators.size(), rules_in[0]);
  }
  rules_.clear();
  for (std::size_t i = 0; i < rules.size() && i < key_indicators.size(); ++i) {
    std::optional<std::string> rule = rules[i];
    const std::string& key = key_indicators[i];
    MMENGINE_CHECK_KEY(
        !rule || *rule == "greater" || *rule == "less",
        "rule must be greater, less or None, but got ",
        *rule,
        ".");
    if (!rule && key != "auto") {
      const std::string lc = lower(key);
      auto in = [&](const std::vector<std::string>& keys, bool exact) {
        return std::any_of(keys.begin(), keys.end(), [&](const auto& k) {
          return exact ? lower(k) == lc
                       : lc.find(lower(k)) != std::string::npos;
        });
      };
      if (in(greater_keys_, true)) {
        rule = "greater";
      } else if (in(less_keys_, true)) {
        rule = "less";
      } else if (in(greater_keys_, false)) {
        rule = "greater";
      } else if (in(less_keys_, false)) {
        rule = "less";
      } else {
        throw ValueError(fmt::format(
            "Cannot infer the rule for key {}, thus a specific rule must be "
            "specified.",
            key));
      }
    }
    if (rule) {
      auto it = std::find_if(
          is_better_than_.begin(), is_better_than_.end(), [&](const auto& p) {
            return p.first == key;
          });
      if (it == is_better_than_.end()) {
        is_better_than_.emplace_back(key, *rule);
      } else {
        it->second = *rule;
      }
    }
    rules_.push_back(rule);
  }
  key_indicators_ = key_indicators;
}

std::string CheckpointHook::filename(std::int64_t step) const {
  return fmt::format(fmt::runtime(filename_tmpl_), step);
}

std::string CheckpointHook::join(const std::string& name) const {
  return (fs::path(out_dir_) / name).string();
}

void CheckpointHook::remove_step(std::int64_t step) const {
  std::error_code ec;
  fs::remove_all(join(filename(step)), ec);
}

void CheckpointHook::before_train(Runner& runner) {
  if (!out_dir_set_) {
    out_dir_ = runner.work_dir();
  }
  MMENGINE_CHECK(
      out_dir_.find("://") == std::string::npos,
      "[CheckpointHook] out_dir '",
      out_dir_,
      "': only local folders are supported");
  if (out_dir_ != runner.work_dir()) {
    std::string work_dir = runner.work_dir();
    while (work_dir.size() > 1 && work_dir.back() == '/') {
      work_dir.pop_back();
    }
    out_dir_ = join(fs::path(work_dir).filename().string());
  }
  out_dir_set_ = true;  // a second train() keeps the folder
  runner.logger().info("Checkpoints will be saved to " + out_dir_ + ".");
  logging::MessageHub& hub = runner.message_hub();
  if (!save_best_.empty()) {
    if (key_indicators_.size() == 1) {
      best_ckpt_path_ = hub.get_info("best_ckpt", "").str();
    } else {
      best_ckpt_path_dict_.clear();
      for (const std::string& key : key_indicators_) {
        best_ckpt_path_dict_.emplace_back(
            key, hub.get_info("best_ckpt_" + key, "").str());
      }
    }
  }
  if (max_keep_ckpts_ > 0) {
    keep_ckpt_ids_.clear();
    if (const Value* ids = hub.find_info("keep_ckpt_ids")) {
      for (const Value& id : ids->elements()) {
        keep_ckpt_ids_.push_back(id.as<std::int64_t>());
      }
      while (static_cast<std::int64_t>(keep_ckpt_ids_.size()) >
             max_keep_ckpts_) {
        remove_step(keep_ckpt_ids_.front());
        keep_ckpt_ids_.pop_front();
      }
    }
  }
}

void CheckpointHook::after_train_epoch(Runner& runner) {
  if (!by_epoch_) {
    return;
  }
  if (every_n_epochs(runner, interval_, save_begin_) ||
      (save_last_ && is_last_train_epoch(runner))) {
    runner.logger().info(
        fmt::format("Saving checkpoint at {} epochs", runner.epoch() + 1));
    save_checkpoint(runner);
  }
}

void CheckpointHook::after_train_iter(
    Runner& runner,
    std::int64_t /*batch_idx*/,
    const DataBatch* /*data_batch*/,
    const model::LogVars* /*outputs*/) {
  if (by_epoch_) {
    return;
  }
  if (every_n_train_iters(runner, interval_, save_begin_) ||
      (save_last_ && is_last_train_iter(runner))) {
    runner.logger().info(
        fmt::format("Saving checkpoint at {} iterations", runner.iter() + 1));
    save_checkpoint(runner);
  }
}

void CheckpointHook::after_val_epoch(Runner& runner, const Metrics& metrics) {
  if (!metrics.is_dict() || metrics.size() == 0) {
    runner.logger().warning(
        "Since `metrics` is an empty dict, the behavior to save the best "
        "checkpoint will be skipped in this evaluation.");
    return;
  }
  save_best_checkpoint(runner, metrics);
}

void CheckpointHook::after_train(Runner& runner) {
  if (!published_keys_) {
    return;
  }
  if (save_last_ && last_ckpt_) {
    publish_model(runner, *last_ckpt_);
  }
  if (!best_ckpt_path_.empty()) {
    publish_model(runner, best_ckpt_path_);
  }
  for (const auto& [key, path] : best_ckpt_path_dict_) {
    if (!path.empty()) {
      publish_model(runner, path);
    }
  }
}

void CheckpointHook::save_checkpoint(Runner& runner) {
  std::int64_t step = 0;
  Value meta;
  if (by_epoch_) {
    step = runner.epoch() + 1;
    meta = Value::dict({{"epoch", step}, {"iter", runner.iter()}});
  } else {
    step = runner.iter() + 1;
    meta = Value::dict({{"epoch", runner.epoch()}, {"iter", step}});
  }
  save_checkpoint_with_step(runner, step, meta);
}

}  // namespace mmengine::hooks
