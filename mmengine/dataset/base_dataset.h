#pragma once

/// OpenMMLab's annotation-file data set.
///
///   auto ds = registry::DATASETS.build(Value::dict({
///       {"type", "BaseDataset"}, {"ann_file", "ann.json"},
///       {"data_root", "data/"}, {"pipeline", Value::list({...})}}));
///   Sample s = ds->get(0);

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "mmengine/dataset/dataset.h"
#include "mmengine/dataset/transforms/base_transform.h"
#include "mmengine/registry/build_args.h"

namespace mmengine::dataset {

/// The annotation list in one byte buffer with end offsets (MMEngine
/// pickles each item into one numpy array; we use a compact binary
/// encoding of config values). Items come back as fresh copies.
class MMENGINE_API SerializedList {
 public:
  SerializedList() = default;
  explicit SerializedList(const std::vector<config::Value>& items);
  std::int64_t size() const noexcept {
    return static_cast<std::int64_t>(ends_.size());
  }
  /// Item `i` in [0, size()).
  config::Value get(std::int64_t i) const;
  /// Total bytes held.
  std::size_t bytes() const noexcept {
    return data_.size();
  }

 private:
  std::string data_;
  std::vector<std::int64_t> ends_;
};

/// Python's `os.path.join(a, b)`: `b` when absolute, else `a/b` (no
/// separator added after a trailing `/` or to an empty `a`).
MMENGINE_API std::string join_path(const std::string& a, const std::string& b);

/// Data set over an annotation file with `metainfo` and `data_list`; each
/// item goes through `parse_data_info` (prefix joining), `filter_data`,
/// `indices`, then the `pipeline` on access. Mirrors
/// `mmengine.dataset.BaseDataset`; differs in reading JSON annotation files
/// only, and a subclass constructor calls `finish_init()` at its end
/// (C++ constructors do not dispatch to subclasses).
class MMENGINE_API BaseDataset : public Dataset {
 public:
  /// Config keys: ann_file (''), metainfo (None), data_root (''),
  /// data_prefix (dict(img_path='')), filter_cfg (None), indices (None),
  /// serialize_data (True), pipeline ([]), test_mode (False), lazy_init
  /// (False), max_refetch (1000). Does not load: see finish_init().
  explicit BaseDataset(registry::BuildArgs& args);
  /// Builds and (unless lazy_init) loads a plain BaseDataset.
  static std::shared_ptr<BaseDataset> from_config(registry::BuildArgs& args);
  BaseDataset(const BaseDataset& other);

  /// Adds class_metainfo() keys the config did not set, then calls
  /// full_init() unless `lazy_init`.
  void finish_init();
  /// Loads, filters, slices and serializes the annotations; idempotent.
  void full_init();
  bool fully_initialized() const noexcept {
    return initialized_.load();
  }

  std::int64_t size() const override;
  /// pipeline(get_data_info(index)) packed; None results refetch a random
  /// index up to max_refetch times (test_mode: an error at once).
  Sample get(std::int64_t index) const override;
  config::Value metainfo() const override;
  std::string name() const override;

  /// A copy of item `index` plus `sample_idx` (negative counts from the
  /// end). IndexError when out of range.
  config::Value get_data_info(std::int64_t index) const;
  /// The transformed results of item `index` (std::nullopt when a
  /// transform dropped it).
  virtual std::optional<Results> prepare_data(std::int64_t index) const;
  /// A new data set holding the items chosen by `indices`: an int n keeps
  /// the first n (n >= 0) or the last -n items; a list keeps those
  /// indices in order.
  std::shared_ptr<BaseDataset> get_subset(const config::Value& indices) const;
  /// In-place version of get_subset().
  void get_subset_(const config::Value& indices);

  const std::string& ann_file() const noexcept {
    return ann_file_;
  }
  const std::string& data_root() const noexcept {
    return data_root_;
  }
  const config::Value& data_prefix() const noexcept {
    return data_prefix_;
  }
  const config::Value& filter_cfg() const noexcept {
    return filter_cfg_;
  }
  bool test_mode() const noexcept {
    return test_mode_;
  }
  const Compose& pipeline() const noexcept {
    return *pipeline_;
  }

 protected:
  /// A copy of this data set (get_subset() keeps the subclass).
  virtual std::shared_ptr<BaseDataset> clone() const;
  /// The class's METAINFO (lowest priority); empty by default.
  virtual config::Value class_metainfo() const;
  /// Items of the annotation file after parse_data_info; adds the file's
  /// metainfo keys that are not set yet. DataError naming file and entry.
  virtual std::vector<config::Value> load_data_list();
  /// One raw item -> a dict or a list of dicts; by default joins each
  /// data_prefix key's value with its prefix.
  virtual config::Value parse_data_info(const config::Value& raw);
  /// The loaded items to keep (all by default); filter_cfg() configures it.
  virtual std::vector<config::Value> filter_data(
      std::vector<config::Value> data_list);

  /// Meta information (set by the constructor and load_data_list()).
  config::Value metainfo_;
  /// The items before serialization (empty once serialized).
  std::vector<config::Value> data_list_;

 private:
  void ensure_init(const char* method) const;
  std::vector<config::Value> subset_items(const config::Value& indices) const;
  void set_items(std::vector<config::Value> items);

  std::string ann_file_;
  std::string data_root_;
  config::Value data_prefix_;
  config::Value filter_cfg_;
  config::Value indices_;
  bool serialize_data_ = true;
  bool test_mode_ = false;
  bool lazy_init_ = false;
  std::int64_t max_refetch_ = 1000;
  std::shared_ptr<Compose> pipeline_;
  SerializedList serialized_;
  mutable std::mutex init_mutex_;
  mutable std::atomic<bool> initialized_{false};
};

}  // namespace mmengine::dataset
