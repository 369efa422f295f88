#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "mmengine/dataset/dataset.h"
#include "mmengine/registry/build_args.h"

namespace mmengine::dataset {

/// Several data sets one after another. Mirrors
/// `mmengine.dataset.ConcatDataset`: metainfo of the first; the others must
/// have equal metainfo except `ignore_keys` (ValueError otherwise);
/// negative indices count from the end.
class MMENGINE_API ConcatDataset : public Dataset {
 public:
  ConcatDataset(
      std::vector<std::shared_ptr<Dataset>> datasets,
      std::vector<std::string> ignore_keys = {});
  /// Config keys: datasets (list of DATASETS dicts), ignore_keys, lazy_init.
  explicit ConcatDataset(registry::BuildArgs& args);

  std::int64_t size() const override;
  Sample get(std::int64_t index) const override;
  config::Value metainfo() const override;
  std::vector<std::int64_t> get_cat_ids(std::int64_t index) const override;
  std::string name() const override {
    return "ConcatDataset";
  }

 private:
  std::pair<std::size_t, std::int64_t> locate(std::int64_t index) const;

  std::vector<std::shared_ptr<Dataset>> datasets_;
  std::vector<std::int64_t> cumulative_sizes_;
};

/// A data set repeated `times` times (cheap epochs for small data).
/// Mirrors `mmengine.dataset.RepeatDataset`.
class MMENGINE_API RepeatDataset : public Dataset {
 public:
  RepeatDataset(std::shared_ptr<Dataset> dataset, std::int64_t times);
  /// Config keys: dataset (a DATASETS dict), times, lazy_init.
  explicit RepeatDataset(registry::BuildArgs& args);

  std::int64_t size() const override;
  Sample get(std::int64_t index) const override;
  config::Value metainfo() const override;
  std::vector<std::int64_t> get_cat_ids(std::int64_t index) const override;
  std::string name() const override {
    return "RepeatDataset";
  }

 private:
  std::shared_ptr<Dataset> dataset_;
  std::int64_t times_;
};

/// Repeats samples of rare categories: a category with frequency f gets
/// repeat factor max(1, sqrt(oversample_thr / f)); a sample repeats
/// ceil(max factor of its categories) times. Mirrors
/// `mmengine.dataset.ClassBalancedDataset`.
class MMENGINE_API ClassBalancedDataset : public Dataset {
 public:
  ClassBalancedDataset(std::shared_ptr<Dataset> dataset, double oversample_thr);
  /// Config keys: dataset, oversample_thr, lazy_init.
  explicit ClassBalancedDataset(registry::BuildArgs& args);

  std::int64_t size() const override;
  Sample get(std::int64_t index) const override;
  config::Value metainfo() const override;
  std::vector<std::int64_t> get_cat_ids(std::int64_t index) const override;
  std::string name() const override {
    return "ClassBalancedDataset";
  }
  /// The repeat factor of each original sample.
  const std::vector<double>& repeat_factors() const noexcept {
    return repeat_factors_;
  }

 private:
  std::shared_ptr<Dataset> dataset_;
  std::vector<double> repeat_factors_;
  std::vector<std::int64_t> repeat_indices_;
};

}  // namespace mmengine::dataset
