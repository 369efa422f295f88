#include "mmengine/dataset/sampler.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <random>

#include "mmengine/dataset/dataset.h"
#include "mmengine/utils/error.h"

namespace mmengine::dataset {

namespace {

std::vector<std::int64_t> permutation(
    std::int64_t n, bool shuffle, at::Generator* generator) {
  at::Tensor t = shuffle ? at::randperm(n, *generator, at::kLong)
                         : at::arange(n, at::kLong);
  const auto* data = t.data_ptr<std::int64_t>();
  return {data, data + n};
}

std::int64_t dataset_size_of(registry::BuildArgs& args) {
  const auto& dataset = args.object<std::shared_ptr<Dataset>>("dataset");
  return dataset->size();
}

std::optional<std::int64_t> seed_of(registry::BuildArgs& args) {
  return args.take<std::optional<std::int64_t>>("seed", std::nullopt);
}

}  // namespace

Sampler::~Sampler() = default;

void Sampler::set_epoch(std::int64_t /*epoch*/) {}

std::int64_t sync_random_seed() {
  // Single process: any seed; ranks agree through the dist module.
  std::random_device device;
  return static_cast<std::int64_t>(device() % (1U << 31));
}

DefaultSampler::DefaultSampler(
    std::int64_t dataset_size,
    bool shuffle,
    std::optional<std::int64_t> seed,
    bool round_up,
    int rank,
    int world_size)
    : dataset_size_(dataset_size),
      shuffle_(shuffle),
      seed_(seed.value_or(sync_random_seed())),
      round_up_(round_up),
      rank_(rank),
      world_size_(world_size) {
  MMENGINE_CHECK(dataset_size >= 0, "DefaultSampler: negative dataset size");
  MMENGINE_CHECK(
      world_size >= 1 && rank >= 0 && rank < world_size,
      "DefaultSampler: rank ",
      rank,
      " is not in [0, ",
      world_size,
      ")");
  if (round_up_) {
    num_samples_ = (dataset_size_ + world_size_ - 1) / world_size_;
    total_size_ = num_samples_ * world_size_;
  } else {
    const std::int64_t left = dataset_size_ - rank_;
    num_samples_ = left <= 0 ? 0 : (left + world_size_ - 1) / world_size_;
    total_size_ = dataset_size_;
  }
}

DefaultSampler::DefaultSampler(registry::BuildArgs& args)
    : DefaultSampler(
          dataset_size_of(args),
          args.take<bool>("shuffle", true),
          seed_of(args),
          args.take<bool>("round_up", true),
          args.has_object("rank") ? args.object<int>("rank") : 0,
          args.has_object("world_size") ? args.object<int>("world_size") : 1) {}

std::vector<std::int64_t> DefaultSampler::epoch_indices() {
  at::Generator generator =
      at::make_generator<at::CPUGeneratorImpl>(seed_ + epoch_);
  std::vector<std::int64_t> indices =
      permutation(dataset_size_, shuffle_, &generator);
  if (round_up_ && !indices.empty()) {
    std::vector<std::int64_t> padded;
    padded.reserve(static_cast<std::size_t>(total_size_));
    while (static_cast<std::int64_t>(padded.size()) < total_size_) {
      for (std::int64_t i : indices) {
        if (static_cast<std::int64_t>(padded.size()) == total_size_) {
          break;
        }
        padded.push_back(i);
      }
    }
    indices = std::move(padded);
  }
  std::vector<std::int64_t> mine;
  for (std::int64_t i = rank_; i < total_size_; i += world_size_) {
    mine.push_back(indices[static_cast<std::size_t>(i)]);
  }
  return mine;
}

InfiniteSampler::InfiniteSampler(
    std::int64_t dataset_size,
    bool shuffle,
    std::optional<std::int64_t> seed,
    int rank,
    int world_size)
    : dataset_size_(dataset_size),
      shuffle_(shuffle),
      seed_(seed.value_or(sync_random_seed())),
      rank_(rank),
      world_size_(world_size) {
  MMENGINE_CHECK(dataset_size > 0, "InfiniteSampler: the dataset is empty");
  generator_ = std::make_shared<at::Generator>(
      at::make_generator<at::CPUGeneratorImpl>(seed_));
}

InfiniteSampler::InfiniteSampler(registry::BuildArgs& args)
    : InfiniteSampler(
          dataset_size_of(args),
          args.take<bool>("shuffle", true),
          seed_of(args),
          args.has_object("rank") ? args.object<int>("rank") : 0,
          args.has_object("world_size") ? args.object<int>("world_size") : 1) {}

std::vector<std::int64_t> InfiniteSampler::epoch_indices() {
  auto* generator = static_cast<at::Generator*>(generator_.get());
  std::vector<std::int64_t> all =
      permutation(dataset_size_, shuffle_, generator);
  // Stream position of this pass's first entry: passes_ * size. The first
  // one of ours is the next position congruent to rank mod world_size.
  const std::int64_t start = passes_ * dataset_size_;
  ++passes_;
  const std::int64_t offset =
      ((rank_ - start) % world_size_ + world_size_) % world_size_;
  std::vector<std::int64_t> mine;
  for (auto i = static_cast<std::size_t>(offset); i < all.size();
       i += static_cast<std::size_t>(world_size_)) {
    mine.push_back(all[i]);
  }
  return mine;
}

}  // namespace mmengine::dataset
