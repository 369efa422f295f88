#include <gtest/gtest.h>
#include <torch/torch.h>

#include "mmengine/dataset/data_loader.h"
#include "mmengine/registry/root.h"
#include "mmengine/utils/error.h"
#include "tests/support/fidelity.h"

namespace mmengine::dataset {
namespace {

using config::Value;

// Sample i has inputs [i, i] and fails for `bad` indices.
class Numbers : public Dataset {
 public:
  explicit Numbers(int64_t n, int64_t bad = -1) : n_(n), bad_(bad) {}
  int64_t size() const override {
    return n_;
  }
  Sample get(int64_t index) const override {
    MMENGINE_CHECK(index != bad_, "broken sample");
    return {torch::full({2}, static_cast<double>(index)), nullptr};
  }

 private:
  int64_t n_;
  int64_t bad_;
};

std::vector<std::vector<int64_t>> batches_of(DataLoader& loader) {
  std::vector<std::vector<int64_t>> out;
  auto it = loader.iter();
  while (auto batch = it->next()) {
    std::vector<int64_t> ids;
    for (const auto& t : std::get<std::vector<at::Tensor>>(batch->inputs)) {
      ids.push_back(t[0].item<int64_t>());
    }
    out.push_back(ids);
  }
  return out;
}

TEST(SamplerFidelityTest, IndexOrderEqualsMMEngine) {
  MMENGINE_REQUIRE_REFERENCE();
  auto ref = testing::run_reference("dataset_sampler.py");
  const std::vector<std::tuple<int64_t, bool, int64_t, bool, int64_t>> cases = {
      {10, true, 0, true, 0},
      {10, true, 0, true, 3},
      {7, false, 1, true, 0},
      {13, true, 42, false, 2},
      {1, true, 5, true, 0},
      {100, true, 2024, true, 1}};
  for (std::size_t i = 0; i < cases.size(); ++i) {
    auto [size, shuffle, seed, round_up, epoch] = cases[i];
    DefaultSampler s(size, shuffle, seed, round_up);
    s.set_epoch(epoch);
    EXPECT_EQ(s.epoch_indices(), ref["default"][i].get<std::vector<int64_t>>())
        << i;
  }
  const std::vector<std::tuple<int64_t, bool, int64_t>> inf = {
      {5, true, 7}, {4, false, 0}, {9, true, 123}};
  for (std::size_t i = 0; i < inf.size(); ++i) {
    auto [size, shuffle, seed] = inf[i];
    InfiniteSampler s(size, shuffle, seed);
    std::vector<int64_t> got;
    for (int pass = 0; pass < 3; ++pass) {
      auto part = s.epoch_indices();
      got.insert(got.end(), part.begin(), part.end());
    }
    EXPECT_EQ(got, ref["infinite"][i].get<std::vector<int64_t>>()) << i;
  }
}

TEST(SamplerTest, RankSplitAndRoundUp) {
  DefaultSampler r0(5, false, 0, true, 0, 2);
  DefaultSampler r1(5, false, 0, true, 1, 2);
  EXPECT_EQ(r0.epoch_indices(), (std::vector<int64_t>{0, 2, 4}));
  EXPECT_EQ(r1.epoch_indices(), (std::vector<int64_t>{1, 3, 0}));
  DefaultSampler no_pad(5, false, 0, false, 1, 2);
  EXPECT_EQ(no_pad.epoch_indices(), (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(no_pad.size(), 2);
  EXPECT_THROW(DefaultSampler(5, false, 0, true, 2, 2), ValueError);
}

TEST(DataLoaderTest, SameBatchesForAnyNumberOfWorkers) {
  auto data = std::make_shared<Numbers>(23);
  std::vector<std::vector<int64_t>> reference;
  for (int workers : {0, 1, 3}) {
    auto sampler = std::make_shared<DefaultSampler>(23, true, 7);
    DataLoader loader(data, sampler, {.batch_size = 4, .num_workers = workers});
    EXPECT_EQ(loader.size(), 6);
    auto got = batches_of(loader);
    if (reference.empty()) {
      reference = got;
    }
    EXPECT_EQ(got, reference) << workers << " workers";
  }
  EXPECT_EQ(reference.size(), 6U);
  EXPECT_EQ(reference.back().size(), 3U);
}

TEST(DataLoaderTest, DropLastAndDefaultCollate) {
  auto data = std::make_shared<Numbers>(10);
  auto sampler = std::make_shared<DefaultSampler>(10, false, 0);
  DataLoader loader(data, sampler, {.batch_size = 4, .drop_last = true});
  EXPECT_EQ(loader.size(), 2);
  EXPECT_EQ(batches_of(loader).size(), 2U);
  std::vector<Sample> samples = {data->get(1), data->get(2)};
  auto batch = default_collate(samples);
  EXPECT_EQ(
      std::get<at::Tensor>(batch.inputs).sizes(), (std::vector<int64_t>{2, 2}));
  std::vector<Sample> mixed = {data->get(1), {torch::zeros({3}), nullptr}};
  EXPECT_THROW(default_collate(mixed), ValueError);
}

TEST(DataLoaderTest, WorkerErrorsNameTheSample) {
  auto data = std::make_shared<Numbers>(8, 5);
  for (int workers : {0, 2}) {
    auto sampler = std::make_shared<DefaultSampler>(8, false, 0);
    DataLoader loader(data, sampler, {.batch_size = 2, .num_workers = workers});
    try {
      batches_of(loader);
      FAIL() << "expected an error";
    } catch (const DataError& e) {
      EXPECT_NE(std::string(e.what()).find("sample 5"), std::string::npos)
          << e.what();
      EXPECT_NE(std::string(e.what()).find("broken sample"), std::string::npos);
    }
  }
}

TEST(DataLoaderTest, InfiniteSamplerNeverEnds) {
  auto data = std::make_shared<Numbers>(3);
  auto sampler = std::make_shared<InfiniteSampler>(3, false, 0);
  DataLoader loader(data, sampler, {.batch_size = 2, .num_workers = 2});
  auto it = loader.iter();
  std::vector<int64_t> seen;
  for (int i = 0; i < 5; ++i) {
    auto batch = it->next();
    ASSERT_TRUE(batch.has_value());
    for (const auto& t : std::get<std::vector<at::Tensor>>(batch->inputs)) {
      seen.push_back(t[0].item<int64_t>());
    }
  }
  EXPECT_EQ(seen, (std::vector<int64_t>{0, 1, 2, 0, 1, 2, 0, 1, 2, 0}));
}

TEST(DataLoaderTest, BadOptionsAreErrors) {
  auto data = std::make_shared<Numbers>(3);
  auto sampler = std::make_shared<DefaultSampler>(3, false, 0);
  EXPECT_THROW(DataLoader(data, sampler, {.batch_size = 0}), ValueError);
  EXPECT_THROW(DataLoader(data, sampler, {.num_workers = -1}), ValueError);
  EXPECT_THROW(DataLoader(nullptr, sampler), ValueError);
}

}  // namespace
}  // namespace mmengine::dataset
