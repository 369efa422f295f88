#include "mmengine/dataset/data_loader.h"

#include <ATen/ATen.h>
#include <dlfcn.h>

#include <array>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "mmengine/dataset/transforms/base_transform.h"
#include "mmengine/utils/error.h"

namespace mmengine::dataset {

using model::DataBatch;

BatchIterator::~BatchIterator() = default;

DataBatch pseudo_collate(std::vector<Sample> samples) {
  DataBatch batch;
  std::vector<at::Tensor> inputs;
  inputs.reserve(samples.size());
  for (Sample& s : samples) {
    inputs.push_back(std::move(s.inputs));
    if (s.data_samples) {
      batch.data_samples.push_back(std::move(s.data_samples));
    }
  }
  batch.inputs = std::move(inputs);
  return batch;
}

DataBatch default_collate(std::vector<Sample> samples) {
  DataBatch batch = pseudo_collate(std::move(samples));
  auto& inputs = std::get<std::vector<at::Tensor>>(batch.inputs);
  for (std::size_t i = 1; i < inputs.size(); ++i) {
    MMENGINE_CHECK(
        inputs[i].sizes() == inputs[0].sizes(),
        "default_collate: sample ",
        i,
        " has inputs of shape ",
        fmt::format("[{}]", fmt::join(inputs[i].sizes(), ", ")),
        ", sample 0 has ",
        fmt::format("[{}]", fmt::join(inputs[0].sizes(), ", ")),
        " (use pseudo_collate for samples of different shapes)");
  }
  if (!inputs.empty()) {
    batch.inputs = at::stack(inputs);
  }
  return batch;
}

namespace {

// The batches of one pass: consecutive chunks of the sampler's indices,
// numbered from 0 (skipped batches count).
class BatchPlan {
 public:
  BatchPlan(
      Sampler& sampler, const DataLoaderOptions& options, std::int64_t skip)
      : sampler_(sampler), options_(options) {
    indices_ = sampler_.epoch_indices();
    for (std::int64_t i = 0; i < skip && next(); ++i) {
    }
  }

  /// The number of the batch the next call of next() returns.
  std::int64_t batch_number() const noexcept {
    return batches_;
  }

  std::optional<std::vector<std::int64_t>> next() {
    std::vector<std::int64_t> batch;
    const auto want = static_cast<std::size_t>(options_.batch_size);
    while (batch.size() < want) {
      if (pos_ == indices_.size()) {
        if (!sampler_.infinite() || indices_.empty()) {
          break;
        }
        indices_ = sampler_.epoch_indices();
        pos_ = 0;
      }
      batch.push_back(indices_[pos_++]);
    }
    if (batch.empty() || (options_.drop_last && batch.size() < want)) {
      return std::nullopt;
    }
    ++batches_;
    return batch;
  }

 private:
  Sampler& sampler_;
  const DataLoaderOptions& options_;
  std::vector<std::int64_t> indices_;
  std::size_t pos_ = 0;
  std::int64_t batches_ = 0;
};

// Makes torch ops on the calling worker thread single-threaded, as
// PyTorch's DataLoader does in its worker processes
// (torch.set_num_threads(1)): OpenMP's thread count is per thread, so the
// consumer keeps its own. Looked up at run time: libgomp comes with torch.
void single_threaded_ops() {
  using SetNumThreads = void (*)(int);
  static const auto set_num_threads = reinterpret_cast<SetNumThreads>(
      dlsym(RTLD_DEFAULT, "omp_set_num_threads"));
  if (set_num_threads != nullptr) {
    set_num_threads(1);
  }
}

// Seeds the calling thread's transform engine for batch `batch` of pass
// `pass` (when the loader has a seed).
void seed_for_batch(
    const DataLoaderOptions& options, std::int64_t pass, std::int64_t batch) {
  if (!options.seed) {
    return;
  }
  std::seed_seq seq{
      static_cast<std::uint64_t>(*options.seed),
      static_cast<std::uint64_t>(options.rank),
      static_cast<std::uint64_t>(pass),
      static_cast<std::uint64_t>(batch)};
  std::array<std::uint32_t, 2> words{};
  seq.generate(words.begin(), words.end());
  seed_transform_rng((static_cast<std::uint64_t>(words[0]) << 32) | words[1]);
}

DataBatch load_batch(
    const Dataset& dataset,
    const CollateFunction* collate,
    const std::vector<std::int64_t>& indices) {
  std::vector<Sample> samples;
  samples.reserve(indices.size());
  for (std::int64_t index : indices) {
    try {
      samples.push_back(dataset.get(index));
    } catch (const Error& e) {
      throw DataError(fmt::format(
          "DataLoader: loading sample {} failed: {}: {}",
          index,
          e.kind(),
          e.what()));
    } catch (const std::exception& e) {
      throw DataError(fmt::format(
          "DataLoader: loading sample {} failed: {}", index, e.what()));
    }
  }
  return collate != nullptr ? (*collate)(std::move(samples))
                            : pseudo_collate(std::move(samples));
}

class SerialIterator : public BatchIterator {
 public:
  SerialIterator(
      const DataLoader& loader,
      const CollateFunction* collate,
      std::int64_t pass,
      std::int64_t skip)
      : dataset_(loader.dataset()),
        collate_(collate),
        options_(loader.options()),
        pass_(pass),
        plan_(loader.sampler(), loader.options(), skip) {}

  std::optional<DataBatch> next() override {
    const std::int64_t number = plan_.batch_number();
    auto indices = plan_.next();
    if (!indices) {
      return std::nullopt;
    }
    seed_for_batch(options_, pass_, number);
    return load_batch(dataset_, collate_, *indices);
  }

 private:
  const Dataset& dataset_;
  const CollateFunction* collate_;
  const DataLoaderOptions& options_;
  std::int64_t pass_;
  BatchPlan plan_;
};

// Workers claim batch numbers in order, load them and post the results;
// the consumer takes batch k when it is ready, so the order (and content)
// does not depend on the number of workers.
class ThreadedIterator : public BatchIterator {
 public:
  ThreadedIterator(
      const DataLoader& loader,
      const CollateFunction* collate,
      std::int64_t pass,
      std::int64_t skip)
      : dataset_(loader.dataset()),
        collate_(collate),
        options_(loader.options()),
        pass_(pass),
        plan_(loader.sampler(), loader.options(), skip),
        ahead_(
            static_cast<std::int64_t>(loader.options().num_workers) *
            std::max(1, loader.options().prefetch_factor)),
        claimed_(skip),
        consumed_(skip) {
    const int n = loader.options().num_workers;
    for (int w = 0; w < n; ++w) {
      workers_.emplace_back([this, w, n] {
        single_threaded_ops();
        work(w, n);
      });
    }
  }

  ~ThreadedIterator() override {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    cv_.notify_all();
    for (std::thread& t : workers_) {
      t.join();
    }
  }

  std::optional<DataBatch> next() override {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] {
      return ready_.count(consumed_) > 0 || (end_ >= 0 && consumed_ >= end_);
    });
    auto it = ready_.find(consumed_);
    if (it == ready_.end()) {
      return std::nullopt;
    }
    Result result = std::move(it->second);
    ready_.erase(it);
    ++consumed_;
    lock.unlock();
    cv_.notify_all();
    if (result.error) {
      std::rethrow_exception(result.error);
    }
    return std::move(result.batch);
  }

 private:
  struct Result {
    DataBatch batch;
    std::exception_ptr error;
  };

  void work(int worker, int num_workers) {
    while (true) {
      std::vector<std::int64_t> indices;
      std::int64_t k = 0;
      {
        std::unique_lock lock(mutex_);
        cv_.wait(lock, [&] {
          return stop_ || end_ >= 0 ||
                 (claimed_ - consumed_ < ahead_ &&
                  claimed_ % num_workers == worker);
        });
        if (stop_ || end_ >= 0) {
          return;
        }
        auto next = plan_.next();
        if (!next) {
          end_ = claimed_;
          cv_.notify_all();
          return;
        }
        indices = std::move(*next);
        k = claimed_++;
      }
      cv_.notify_all();  // the next worker in turn may claim now
      Result result;
      try {
        seed_for_batch(options_, pass_, k);
        result.batch = load_batch(dataset_, collate_, indices);
      } catch (...) {
        result.error = std::current_exception();
      }
      {
        std::lock_guard lock(mutex_);
        ready_.emplace(k, std::move(result));
      }
      cv_.notify_all();
    }
  }

  const Dataset& dataset_;
  const CollateFunction* collate_;
  const DataLoaderOptions& options_;
  std::int64_t pass_;
  BatchPlan plan_;
  const std::int64_t ahead_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::map<std::int64_t, Result> ready_;
  std::int64_t claimed_;
  std::int64_t consumed_;
  std::int64_t end_ = -1;
  bool stop_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace

DataLoader::DataLoader(
    std::shared_ptr<Dataset> dataset,
    std::shared_ptr<Sampler> sampler,
    DataLoaderOptions options,
    std::shared_ptr<const CollateFunction> collate_fn)
    : dataset_(std::move(dataset)),
      sampler_(std::move(sampler)),
      options_(options),
      collate_fn_(std::move(collate_fn)) {
  MMENGINE_CHECK(dataset_ != nullptr, "DataLoader: dataset is null");
  MMENGINE_CHECK(sampler_ != nullptr, "DataLoader: sampler is null");
  MMENGINE_CHECK(
      options_.batch_size >= 1,
      "DataLoader: batch_size should be a positive integer, got ",
      options_.batch_size);
  MMENGINE_CHECK(
      options_.num_workers >= 0,
      "DataLoader: num_workers should be >= 0, got ",
      options_.num_workers);
}

std::int64_t DataLoader::size() const {
  const std::int64_t n = sampler_->size();
  return options_.drop_last
             ? n / options_.batch_size
             : (n + options_.batch_size - 1) / options_.batch_size;
}

std::unique_ptr<BatchIterator> DataLoader::iter(std::int64_t skip_batches) {
  MMENGINE_CHECK(
      skip_batches >= 0,
      "DataLoader.iter: skip_batches should be >= 0, got ",
      skip_batches);
  const std::int64_t pass = next_pass_++;
  if (options_.num_workers == 0) {
    return std::make_unique<SerialIterator>(
        *this, collate_fn_.get(), pass, skip_batches);
  }
  return std::make_unique<ThreadedIterator>(
      *this, collate_fn_.get(), pass, skip_batches);
}

void DataLoader::set_next_pass(std::int64_t pass) {
  MMENGINE_CHECK(
      pass >= 0, "DataLoader.set_next_pass: pass should be >= 0, got ", pass);
  next_pass_ = pass;
}

}  // namespace mmengine::dataset
