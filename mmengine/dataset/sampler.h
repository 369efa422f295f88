#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/registry/build_args.h"
#include "mmengine/registry/registry.h"

namespace mmengine::dataset {

class Dataset;

/// The base of samplers in DATA_SAMPLERS: the sample indices of one pass.
class MMENGINE_API Sampler : public registry::Configurable {
 public:
  ~Sampler() override;
  /// Indices of one epoch for this rank (a finite sampler), or the next
  /// chunk of an endless stream (an infinite one).
  virtual std::vector<std::int64_t> epoch_indices() = 0;
  /// `len(sampler)`: indices per epoch on this rank.
  virtual std::int64_t size() const = 0;
  /// Sets the epoch that seeds the shuffle (DistSamplerSeedHook calls it).
  virtual void set_epoch(std::int64_t epoch);
  /// True for samplers that never end (InfiniteSampler).
  virtual bool infinite() const {
    return false;
  }
};

/// Shuffled or sequential indices, split across ranks. Mirrors
/// `mmengine.dataset.DefaultSampler`, index for index: the permutation is
/// `torch.randperm(n, generator seeded with seed + epoch)`; `round_up` pads
/// by repeating indices so every rank gets the same count.
class MMENGINE_API DefaultSampler : public Sampler {
 public:
  DefaultSampler(
      std::int64_t dataset_size,
      bool shuffle = true,
      std::optional<std::int64_t> seed = std::nullopt,
      bool round_up = true,
      int rank = 0,
      int world_size = 1);
  /// Config keys: shuffle, seed, round_up; runtime `dataset`
  /// (std::shared_ptr<Dataset>) and `seed` default.
  explicit DefaultSampler(registry::BuildArgs& args);

  std::vector<std::int64_t> epoch_indices() override;
  std::int64_t size() const override {
    return num_samples_;
  }
  void set_epoch(std::int64_t epoch) override {
    epoch_ = epoch;
  }
  std::int64_t seed() const noexcept {
    return seed_;
  }

 private:
  std::int64_t dataset_size_;
  bool shuffle_;
  std::int64_t seed_;
  bool round_up_;
  int rank_;
  int world_size_;
  std::int64_t epoch_ = 0;
  std::int64_t num_samples_;
  std::int64_t total_size_;
};

/// Endless indices: a new permutation (seeded with `seed`, once) after
/// each pass. Mirrors `mmengine.dataset.InfiniteSampler`.
class MMENGINE_API InfiniteSampler : public Sampler {
 public:
  InfiniteSampler(
      std::int64_t dataset_size,
      bool shuffle = true,
      std::optional<std::int64_t> seed = std::nullopt,
      int rank = 0,
      int world_size = 1);
  explicit InfiniteSampler(registry::BuildArgs& args);

  /// The next pass's indices for this rank: every world_size-th entry of
  /// the endless stream of passes, from position `rank` (MMEngine's
  /// `islice(stream, rank, None, world_size)`), so a pass continues the
  /// stride of the previous one when the size is not a multiple.
  std::vector<std::int64_t> epoch_indices() override;
  std::int64_t size() const override {
    return dataset_size_;
  }
  bool infinite() const override {
    return true;
  }

 private:
  std::int64_t dataset_size_;
  bool shuffle_;
  std::int64_t seed_;
  int rank_;
  int world_size_;
  std::shared_ptr<void> generator_;
  // Passes drawn so far: the global stream position of this pass.
  std::int64_t passes_ = 0;
};

/// A random seed agreed by all ranks (MMEngine's `sync_random_seed`).
MMENGINE_API std::int64_t sync_random_seed();

}  // namespace mmengine::dataset
