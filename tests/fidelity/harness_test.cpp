#include <gtest/gtest.h>

#include "mmengine/utils/collect_env.h"
#include "mmengine/utils/error.h"
#include "tests/support/fidelity.h"

namespace mmengine::testing {
namespace {

TEST(HarnessTest, RunCommandCapturesOutputAndStatus) {
  const auto ok = run_command({"sh", "-c", "echo out; echo err >&2; exit 4"});
  EXPECT_EQ(ok.exit_code, 4);
  EXPECT_EQ(ok.out, "out\n");
  EXPECT_EQ(ok.err, "err\n");
}

TEST(HarnessTest, RunCommandPassesEnvironment) {
  const auto res =
      run_command({"sh", "-c", "printf %s \"$PROBE\""}, {{"PROBE", "v=1"}});
  EXPECT_EQ(res.out, "v=1");
}

TEST(HarnessTest, MissingProgramIsAClearError) {
  try {
    run_command({"/no/such/program"});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(
        std::string(e.what()).find("/no/such/program"), std::string::npos);
  }
}

TEST(HarnessFidelityTest, ParsesScriptJsonWithArgsAndEnv) {
  MMENGINE_REQUIRE_REFERENCE();
  const auto json = run_reference(
      "echo_json.py", {"a", "b c"}, {{"MMENGINE_HARNESS_PROBE", "x"}});
  EXPECT_EQ(json["args"], nlohmann::json({"a", "b c"}));
  EXPECT_EQ(json["env"], "x");
}

TEST(HarnessFidelityTest, FailingScriptReportsItsStderr) {
  MMENGINE_REQUIRE_REFERENCE();
  try {
    run_reference("echo_json.py", {"--fail"});
    FAIL() << "expected an error";
  } catch (const ValueError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("exited with 3"), std::string::npos) << msg;
    EXPECT_NE(msg.find("failing on purpose"), std::string::npos) << msg;
  }
}

TEST(HarnessFidelityTest, NonJsonOutputIsRejected) {
  MMENGINE_REQUIRE_REFERENCE();
  EXPECT_THROW(run_reference("echo_json.py", {"--garbage"}), ValueError);
}

TEST(HarnessFidelityTest, ReferenceIsMMEngine0104) {
  MMENGINE_REQUIRE_REFERENCE();
  const auto ref = run_reference("collect_env.py");
  EXPECT_EQ(ref["mmengine_version"], "0.10.4");
  EXPECT_EQ(ref["sys.platform"], utils::platform_name());
}

}  // namespace
}  // namespace mmengine::testing
