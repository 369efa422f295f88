#include "mmengine/utils/error.h"

#include <gtest/gtest.h>

namespace mmengine {
namespace {

TEST(ErrorTest, CheckThrowsValueErrorWithAllParts) {
  try {
    const int found = 3;
    MMENGINE_CHECK(
        found == 2, "param_scheduler[1].T_max: expected 2, got ", found);
    FAIL() << "expected a throw";
  } catch (const ValueError& e) {
    EXPECT_STREQ(e.what(), "param_scheduler[1].T_max: expected 2, got 3");
    EXPECT_STREQ(e.kind(), "ValueError");
  }
}

TEST(ErrorTest, CheckPassesSilently) {
  EXPECT_NO_THROW(MMENGINE_CHECK(1 + 1 == 2, "never"));
}

TEST(ErrorTest, TypedChecksThrowTheirKind) {
  EXPECT_THROW(MMENGINE_CHECK_KEY(false, "k"), KeyError);
  EXPECT_THROW(MMENGINE_CHECK_TYPE(false, "t"), TypeError);
  EXPECT_THROW(MMENGINE_CHECK_T(ConfigError, false, "c"), ConfigError);
}

TEST(ErrorTest, EveryErrorIsAnMMEngineError) {
  EXPECT_THROW(throw CheckpointError("x"), Error);
  EXPECT_THROW(throw RegistryError("x"), std::runtime_error);
  EXPECT_STREQ(DistError("x").kind(), "DistError");
}

TEST(ErrorTest, InternalAssertNamesConditionAndLocation) {
  try {
    MMENGINE_INTERNAL_ASSERT(1 > 2, "detail ", 7);
    FAIL() << "expected a throw";
  } catch (const InternalError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("'1 > 2'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("error_test.cpp"), std::string::npos) << msg;
    EXPECT_NE(msg.find("detail 7"), std::string::npos) << msg;
  }
}

TEST(ErrorTest, InternalAssertWithoutMessage) {
  EXPECT_THROW(MMENGINE_INTERNAL_ASSERT(false), InternalError);
}

}  // namespace
}  // namespace mmengine
