// DefaultSampler and InfiniteSampler on every rank of world sizes 1-4,
// against MMEngine's samplers with get_dist_info patched.

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "mmengine/dataset/sampler.h"
#include "tests/support/fidelity.h"

namespace mmengine::dataset {
namespace {

TEST(SamplerFidelityTest, DefaultSamplerOnEveryRankOfWorldSizesOneToFour) {
  MMENGINE_REQUIRE_REFERENCE();
  static const auto ref = testing::run_reference("dataset_sampler_dist.py");
  ASSERT_EQ(ref["default"].size(), 2u * 2 * 2 * 3 * 10 * 3);
  for (const auto& c : ref["default"]) {
    DefaultSampler s(
        c["size"].get<std::int64_t>(),
        c["shuffle"].get<bool>(),
        c["seed"].get<std::int64_t>(),
        c["round_up"].get<bool>(),
        c["rank"].get<int>(),
        c["world_size"].get<int>());
    s.set_epoch(c["epoch"].get<std::int64_t>());
    const auto want = c["indices"].get<std::vector<std::int64_t>>();
    EXPECT_EQ(s.epoch_indices(), want) << c.dump();
    EXPECT_EQ(s.size(), c["len"].get<std::int64_t>()) << c.dump();
  }
}

// The first 3 * size indices of rank r: MMEngine slices one endless stream
// of passes (`islice(stream, rank, None, world_size)`).
void check_infinite(bool even_split) {
  static const auto ref = testing::run_reference("dataset_sampler_dist.py");
  ASSERT_EQ(ref["infinite"].size(), 2u * 2 * 3 * 10);
  for (const auto& c : ref["infinite"]) {
    const auto size = c["size"].get<std::int64_t>();
    const int world_size = c["world_size"].get<int>();
    if ((size % world_size == 0) != even_split) {
      continue;
    }
    const auto want = c["indices"].get<std::vector<std::int64_t>>();
    InfiniteSampler s(
        size,
        c["shuffle"].get<bool>(),
        c["seed"].get<std::int64_t>(),
        c["rank"].get<int>(),
        world_size);
    std::vector<std::int64_t> got;
    while (got.size() < want.size()) {
      const auto part = s.epoch_indices();
      ASSERT_FALSE(part.empty()) << c.dump();
      got.insert(got.end(), part.begin(), part.end());
    }
    got.resize(want.size());
    EXPECT_EQ(got, want) << c.dump();
  }
}

TEST(SamplerFidelityTest, InfiniteSamplerEvenSplitOnEveryRank) {
  MMENGINE_REQUIRE_REFERENCE();
  check_infinite(true);
}

// With size % world_size != 0 a rank's share of a pass continues the
// stride of the previous pass.
TEST(SamplerFidelityTest, InfiniteSamplerUnevenSplitOnEveryRank) {
  MMENGINE_REQUIRE_REFERENCE();
  check_infinite(false);
}

}  // namespace
}  // namespace mmengine::dataset
