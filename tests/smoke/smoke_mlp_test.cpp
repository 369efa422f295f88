#include "tests/smoke/smoke_mlp.h"

#include <gtest/gtest.h>

namespace mmengine::testing {
namespace {

TEST(SmokeTest, MlpLossFallsBelowThreshold) {
  const auto losses = train_smoke_mlp(100);
  ASSERT_EQ(losses.size(), 100u);
  EXPECT_GT(losses.front(), 0.2);
  EXPECT_LT(losses.back(), 0.02);
  EXPECT_LT(losses.back(), losses.front() / 10);
}

TEST(SmokeTest, SameSeedSameTrajectory) {
  EXPECT_EQ(train_smoke_mlp(10, 3), train_smoke_mlp(10, 3));
}

}  // namespace
}  // namespace mmengine::testing
