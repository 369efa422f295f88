#pragma once

/// Batches from a data set: a sampler chooses indices, worker threads load
/// and collate whole batches ahead of the consumer, in order.
///
///   DataLoader loader(dataset, sampler, {.batch_size = 32, .num_workers = 2});
///   auto it = loader.iter();
///   while (auto batch = it->next()) { model->train_step(*batch, ...); }

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/dataset/dataset.h"
#include "mmengine/dataset/sampler.h"
#include "mmengine/model/base_model/data_preprocessor.h"
#include "mmengine/registry/root.h"

namespace mmengine::dataset {

/// Samples -> one batch. Registered in FUNCTIONS ("pseudo_collate",
/// "default_collate").
class MMENGINE_API CollateFunction : public registry::Object {
 public:
  virtual model::DataBatch operator()(std::vector<Sample> samples) const = 0;
};

/// Inputs stay a list of tensors, data samples a list. Mirrors
/// `mmengine.dataset.pseudo_collate`.
MMENGINE_API model::DataBatch pseudo_collate(std::vector<Sample> samples);
/// Inputs stacked into one tensor (same shapes required; ValueError names
/// the first mismatch). Mirrors `mmengine.dataset.default_collate`.
MMENGINE_API model::DataBatch default_collate(std::vector<Sample> samples);

/// DataLoader settings (MMEngine's `DataLoader(**cfg)` keys).
struct DataLoaderOptions {
  std::int64_t batch_size = 1;
  /// 0: load on the consumer's thread.
  int num_workers = 0;
  /// Batches each worker loads ahead.
  int prefetch_factor = 2;
  bool drop_last = false;
  bool persistent_workers = false;
  bool pin_memory = false;
  /// Seeds the transform engine of the thread loading batch k of pass p
  /// from (seed, rank, p, k) just before loading it, so random transforms
  /// give the same batches for any num_workers and after a resume. Differs
  /// from MMEngine, whose `worker_init_fn` seeds each worker once per pass
  /// with seed + worker_id + rank * num_workers. None: engines unseeded.
  std::optional<std::int64_t> seed;
  /// This process's rank (for the worker seeds).
  int rank = 0;
};

/// Pulls batches one by one; std::nullopt at the end of a finite epoch.
class MMENGINE_API BatchIterator {
 public:
  virtual ~BatchIterator();
  virtual std::optional<model::DataBatch> next() = 0;
};

/// Mirrors `torch.utils.data.DataLoader` as MMEngine builds it. Errors in a
/// worker are rethrown on the consumer's thread, naming the sample index.
/// Worker w loads batches w, w + n, ... (as PyTorch); random transforms are
/// seeded per batch (see DataLoaderOptions::seed).
class MMENGINE_API DataLoader {
 public:
  DataLoader(
      std::shared_ptr<Dataset> dataset,
      std::shared_ptr<Sampler> sampler,
      DataLoaderOptions options = {},
      std::shared_ptr<const CollateFunction> collate_fn = nullptr);

  /// Batches per epoch (`len(dataloader)`).
  std::int64_t size() const;
  /// A new pass over the sampler's current epoch. `skip_batches` batches
  /// are skipped without loading them (their indices are still drawn from
  /// the sampler): how a resumed run continues with the next batch.
  std::unique_ptr<BatchIterator> iter(std::int64_t skip_batches = 0);
  /// The number of the latest pass started by iter() (-1 before the first);
  /// it seeds that pass's random transforms.
  std::int64_t pass() const noexcept {
    return next_pass_ - 1;
  }
  /// Makes the next iter() pass number `pass` (restoring a resumed run).
  void set_next_pass(std::int64_t pass);

  Dataset& dataset() const noexcept {
    return *dataset_;
  }
  Sampler& sampler() const noexcept {
    return *sampler_;
  }
  const DataLoaderOptions& options() const noexcept {
    return options_;
  }

 private:
  std::shared_ptr<Dataset> dataset_;
  std::shared_ptr<Sampler> sampler_;
  DataLoaderOptions options_;
  std::shared_ptr<const CollateFunction> collate_fn_;
  std::int64_t next_pass_ = 0;
};

/// Builds a DataLoader from MMEngine's `train_dataloader` dict: `dataset`
/// (DATASETS config), `sampler` (DATA_SAMPLERS; default DefaultSampler),
/// `collate_fn` (FUNCTIONS; default pseudo_collate), and the
/// DataLoaderOptions keys. `seed` seeds samplers without one. `where` names
/// the config key in errors. Mirrors `Runner.build_dataloader`.
MMENGINE_API std::shared_ptr<DataLoader> build_dataloader(
    const config::Value& cfg,
    std::optional<std::int64_t> seed,
    const std::string& where);

/// Registers DefaultSampler, InfiniteSampler and the collate functions.
MMENGINE_API void register_dataset_module();

}  // namespace mmengine::dataset
