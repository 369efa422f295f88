// `pretty_text` of every loadable case in tests/fidelity/configs/ against
// MMEngine 0.10.4: the yapf-formatted text byte for byte, and stage 1
// against `format_python_code=False`.
#include <filesystem>

#include <gtest/gtest.h>

#include "mmengine/config/config.h"
#include "mmengine/utils/error.h"
#include "tests/support/fidelity.h"

namespace mmengine::config {
namespace {

namespace fs = std::filesystem;

const std::map<std::string, std::string>& kEnv = testing::config_case_env();

std::vector<std::string> case_files() {
  return testing::config_case_files(/*include_errors=*/false);
}

class PrettyTextFidelityTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!testing::has_reference()) {
      return;
    }
    for (const auto& [k, v] : kEnv) {
      setenv(k.c_str(), v.c_str(), 1);
    }
    auto args = case_files();
    args.insert(args.begin(), "--raw");
    reference_ = new nlohmann::json(
        testing::run_reference("pretty_text.py", args, kEnv));
  }
  static void TearDownTestSuite() {
    delete reference_;
    reference_ = nullptr;
  }
  static nlohmann::json* reference_;
};

nlohmann::json* PrettyTextFidelityTest::reference_ = nullptr;

TEST_F(PrettyTextFidelityTest, MatchesMMEngineOnEveryCase) {
  MMENGINE_REQUIRE_REFERENCE();
  int compared = 0;
  for (const auto& file : case_files()) {
    SCOPED_TRACE(file);
    const auto& ref = (*reference_)[file];
    ASSERT_TRUE(ref.contains("result")) << ref.dump();
    const Config cfg = Config::fromfile(file);
    EXPECT_EQ(cfg.pretty_text(false), ref["raw"].get<std::string>());
    EXPECT_EQ(cfg.pretty_text(), ref["result"].get<std::string>());
    ++compared;
  }
  EXPECT_GT(compared, 40);
}

}  // namespace
}  // namespace mmengine::config
