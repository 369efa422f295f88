// CheckpointHook: writing checkpoints (max_keep_ckpts, last_checkpoint),
// the best ones, and published copies.
#include <algorithm>
#include <filesystem>
#include <limits>

#include <fmt/format.h>

#include "mmengine/hooks/checkpoint_hook.h"
#include "mmengine/logging/logger.h"
#include "mmengine/logging/message_hub.h"
#include "mmengine/runner/checkpoint.h"
#include "mmengine/runner/checkpoint/pickle_writer.h"
#include "mmengine/runner/runner.h"
#include "mmengine/utils/error.h"
#include "mmengine/utils/sha256.h"

namespace mmengine::hooks {

namespace fs = std::filesystem;
using config::Value;

void CheckpointHook::save_checkpoint_with_step(
    Runner& runner, std::int64_t step, const Value& meta) {
  logging::MessageHub& hub = runner.message_hub();
  // Remove the oldest first so that keep_ckpt_ids is saved as it will be.
  if (max_keep_ckpts_ > 0 &&
      (keep_ckpt_ids_.empty() || keep_ckpt_ids_.back() != step)) {
    if (static_cast<std::int64_t>(keep_ckpt_ids_.size()) == max_keep_ckpts_) {
      remove_step(keep_ckpt_ids_.front());
      keep_ckpt_ids_.pop_front();
    }
    keep_ckpt_ids_.push_back(step);
    std::vector<Value> ids(keep_ckpt_ids_.begin(), keep_ckpt_ids_.end());
    hub.update_info("keep_ckpt_ids", Value::list(std::move(ids)));
  }
  const std::string ckpt_filename = filename(step);
  last_ckpt_ = join(ckpt_filename);
  hub.update_info("last_ckpt", *last_ckpt_);
  runner.save_checkpoint(
      out_dir_,
      ckpt_filename,
      file_client_args_,
      save_optimizer_,
      save_param_scheduler_,
      meta,
      by_epoch_,
      backend_args_);
  // Written only once the checkpoint it names is complete.
  runner::write_text_atomically(
      (fs::path(runner.work_dir()) / "last_checkpoint").string(), *last_ckpt_);
}

void CheckpointHook::save_best_checkpoint(
    Runner& runner, const Metrics& metrics) {
  if (save_best_.empty()) {
    return;
  }
  const std::int64_t cur_time = by_epoch_ ? runner.epoch() : runner.iter();
  const char* cur_type = by_epoch_ ? "epoch" : "iter";
  const std::string ckpt_filename = filename(cur_time);
  const Value meta =
      Value::dict({{"epoch", runner.epoch()}, {"iter", runner.iter()}});
  if (std::find(key_indicators_.begin(), key_indicators_.end(), "auto") !=
      key_indicators_.end()) {
    init_rule(rules_, {metrics.items().begin()->first.to_string()});
  }
  logging::MessageHub& hub = runner.message_hub();
  const bool single = key_indicators_.size() == 1;
  bool best_ckpt_updated = false;
  for (std::size_t i = 0; i < key_indicators_.size(); ++i) {
    const std::string& key = key_indicators_[i];
    MMENGINE_CHECK_KEY(
        metrics.contains(key),
        "[CheckpointHook] save_best key '",
        key,
        "' is not in the evaluation metrics ",
        metrics.repr());
    const Value key_score = metrics[key].value();
    const std::string best_score_key =
        single ? "best_score" : "best_score_" + key;
    const std::string runtime_best_ckpt_key =
        single ? "best_ckpt" : "best_ckpt_" + key;
    auto dict_slot = std::find_if(
        best_ckpt_path_dict_.begin(),
        best_ckpt_path_dict_.end(),
        [&](const auto& p) { return p.first == key; });
    MMENGINE_CHECK(
        single || dict_slot != best_ckpt_path_dict_.end(),
        "[CheckpointHook] before_train was not called");
    std::string& best_ckpt_path = single ? best_ckpt_path_ : dict_slot->second;
    auto better = std::find_if(
        is_better_than_.begin(), is_better_than_.end(), [&](const auto& p) {
          return p.first == key;
        });
    MMENGINE_CHECK_KEY(
        better != is_better_than_.end(), "'", key, "' has no rule");
    const bool greater = better->second == "greater";
    const double inf = std::numeric_limits<double>::infinity();
    const double best_score =
        hub.get_info(best_score_key, greater ? -inf : inf).as<double>();
    if (key_score.is_none()) {
      continue;
    }
    const double score = key_score.as<double>();
    if (!(greater ? score > best_score : score < best_score)) {
      continue;
    }
    best_ckpt_updated = true;
    hub.update_info(best_score_key, key_score);
    if (!best_ckpt_path.empty() && fs::exists(best_ckpt_path)) {
      std::error_code ec;
      fs::remove_all(best_ckpt_path, ec);
      runner.logger().info(fmt::format(
          "The previous best checkpoint {} is removed", best_ckpt_path));
    }
    std::string best_ckpt_name = "best_" + key + "_" + ckpt_filename;
    std::replace(best_ckpt_name.begin(), best_ckpt_name.end(), '/', '_');
    best_ckpt_path = join(best_ckpt_name);
    hub.update_info(runtime_best_ckpt_key, best_ckpt_path);
    runner.save_checkpoint(
        out_dir_,
        best_ckpt_name,
        file_client_args_,
        false,
        false,
        meta,
        false,
        backend_args_);
    runner.logger().info(fmt::format(
        "The best checkpoint with {:0.4f} {} at {} {} is saved to {}.",
        score,
        key,
        cur_time,
        cur_type,
        best_ckpt_name));
  }
  // Save the regular checkpoint again so that it records the new best
  // (resuming must know which best file to remove next).
  if (best_ckpt_updated && last_ckpt_) {
    save_checkpoint_with_step(runner, cur_time, meta);
  }
}

void CheckpointHook::publish_model(
    Runner& /*runner*/, const std::string& path) const {
  structures::Tree checkpoint = runner::load_checkpoint_file(path);
  std::vector<std::string> removed;
  for (const auto& [key, value] : checkpoint.items()) {
    const std::string name = key.to_string();
    if (std::find(published_keys_->begin(), published_keys_->end(), name) ==
        published_keys_->end()) {
      removed.push_back(name);
    }
  }
  for (const std::string& name : removed) {
    checkpoint.erase(name);
  }
  if (!removed.empty()) {
    std::vector<std::string> reprs;
    for (const std::string& name : removed) {
      reprs.push_back(Value(name).repr());
    }
    const std::string list = fmt::format("[{}]", fmt::join(reprs, ", "));
    logging::print_log(
        fmt::format(
            "Key {} will be removed because they are not found in "
            "published_keys. If you want to keep them, please set `{}` in "
            "published_keys",
            list,
            list),
        "current");
  }
  const auto pickled = runner::checkpoint::pickle_tree(checkpoint);
  std::string bytes = pickled.pickle;
  for (const auto& storage : pickled.storages) {
    bytes.append(
        static_cast<const char*>(storage.data_ptr()),
        static_cast<std::size_t>(storage.nbytes()));
  }
  const std::string sha = utils::sha256_hex(bytes);
  const fs::path p(path);
  const std::string final_path =
      (p.parent_path() / p.stem()).string() + "-" + sha.substr(0, 8) + ".pth";
  runner::save_checkpoint(checkpoint, final_path);
  logging::print_log(
      fmt::format("The checkpoint ({}) is published to {}.", path, final_path),
      "current");
}

}  // namespace mmengine::hooks
