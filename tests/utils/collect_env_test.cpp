#include "mmengine/utils/collect_env.h"

#include <gtest/gtest.h>

#include "mmengine/version.h"

namespace mmengine::utils {
namespace {

TEST(CollectEnvTest, BaseEnvHasMMEngineKeysInOrder) {
  const auto env = collect_base_env();
  ASSERT_EQ(env.size(), 6u);
  EXPECT_EQ(env[0].first, "sys.platform");
  EXPECT_EQ(env[0].second, "linux");
  EXPECT_EQ(env[1].first, "OS");
  EXPECT_EQ(env[2].first, "Compiler");
  EXPECT_EQ(env[5].first, "MMEngine");
  EXPECT_NE(env[5].second.find(MMENGINE_MIRRORS_VERSION), std::string::npos);
}

TEST(CollectEnvTest, CompilerAndFlagsAreReported) {
  EXPECT_NE(compiler_description().find('.'), std::string::npos);
  EXPECT_NE(build_flags().find("CMAKE_BUILD_TYPE="), std::string::npos);
  EXPECT_NE(build_flags().find("MMENGINE_USE_PCH="), std::string::npos);
}

TEST(CollectEnvTest, FormatEnvWritesOneLinePerEntry) {
  EXPECT_EQ(format_env({{"a", "1"}, {"b c", "x y"}}), "a: 1\nb c: x y\n");
  EXPECT_EQ(format_env({}), "");
}

}  // namespace
}  // namespace mmengine::utils
