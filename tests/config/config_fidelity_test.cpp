// Every case in tests/fidelity/configs/ loaded by MMEngine 0.10.4 and by
// us: through the library (tagged values: tuples, ints and floats exact) and
// through `mmengine print-config --format json` (JSON, floats to 1e-12).
#include <cmath>
#include <filesystem>

#include <gtest/gtest.h>

#include "mmengine/config/config.h"
#include "mmengine/config/json_io.h"
#include "mmengine/utils/error.h"
#include "tests/support/fidelity.h"
#include "tests/support/tagged_json.h"

namespace mmengine::config {
namespace {

namespace fs = std::filesystem;

const std::map<std::string, std::string>& kEnv = testing::config_case_env();

std::vector<std::string> case_files() {
  return testing::config_case_files(/*include_errors=*/true);
}

// Equality with floats compared to 1e-12 relative (lists and tuples alike:
// JSON has only arrays).
bool close(const Value& a, const Value& b) {
  if (a.is_float() || b.is_float()) {
    if (!a.is_float() || !b.is_float()) {
      return false;
    }
    const double x = a.as<double>();
    const double y = b.as<double>();
    return x == y || (std::isnan(x) && std::isnan(y)) ||
           std::fabs(x - y) <= 1e-12 * std::fabs(y);
  }
  if (a.is_sequence() && b.is_sequence()) {
    if (a.size() != b.size()) {
      return false;
    }
    for (size_t i = 0; i < a.size(); ++i) {
      if (!close(a.elements()[i], b.elements()[i])) {
        return false;
      }
    }
    return true;
  }
  if (a.is_dict() && b.is_dict()) {
    if (a.size() != b.size()) {
      return false;
    }
    for (size_t i = 0; i < a.size(); ++i) {
      const auto& [ka, va] = a.items()[i];
      const auto& [kb, vb] = b.items()[i];
      if (!(ka == kb) || !close(va, vb)) {
        return false;
      }
    }
    return true;
  }
  return a.type() == b.type() && a == b;
}

class ConfigFidelityTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!testing::has_reference()) {
      return;
    }
    for (const auto& [k, v] : kEnv) {
      setenv(k.c_str(), v.c_str(), 1);
    }
    auto files = case_files();
    files.insert(files.begin(), "--json");
    reference_ = new nlohmann::json(
        testing::run_reference("config_fromfile.py", files, kEnv));
  }
  static void TearDownTestSuite() {
    delete reference_;
    reference_ = nullptr;
  }
  static nlohmann::json* reference_;
};

nlohmann::json* ConfigFidelityTest::reference_ = nullptr;

TEST_F(ConfigFidelityTest, LibraryMatchesMMEngineOnEveryCase) {
  MMENGINE_REQUIRE_REFERENCE();
  int loaded = 0;
  int errors = 0;
  for (const auto& file : case_files()) {
    SCOPED_TRACE(file);
    const auto& ref = (*reference_)[file];
    const bool expect_error =
        fs::path(file).filename().string().starts_with("error_");
    EXPECT_EQ(ref.contains("error"), expect_error) << ref.dump();
    try {
      const Config cfg = Config::fromfile(file);
      ASSERT_FALSE(ref.contains("error"))
          << "MMEngine failed (" << ref["error"] << ") but we loaded "
          << cfg.dict().repr();
      EXPECT_EQ(testing::to_tagged(cfg.dict()), ref["result"]);
      ++loaded;
    } catch (const Error& e) {
      ASSERT_TRUE(ref.contains("error"))
          << "we failed but MMEngine loaded it: " << e.what();
      ++errors;
    }
  }
  EXPECT_GE(loaded, 40);
  EXPECT_GE(errors, 10);
}

TEST_F(ConfigFidelityTest, PrintConfigJsonMatchesMMEngine) {
  MMENGINE_REQUIRE_REFERENCE();
#ifndef MMENGINE_TEST_CLI
  GTEST_SKIP() << "built without the mmengine command";
#else
  for (const auto& file : case_files()) {
    SCOPED_TRACE(file);
    const auto& ref = (*reference_)[file];
    const auto run = testing::run_command(
        {MMENGINE_TEST_CLI, "print-config", file, "--format", "json"}, kEnv);
    if (ref.contains("error")) {
      EXPECT_NE(run.exit_code, 0) << run.out;
      // One line naming the file.
      EXPECT_NE(run.err.find("error: "), std::string::npos) << run.err;
      continue;
    }
    ASSERT_EQ(run.exit_code, 0) << run.err;
    // Python's json.dumps writes NaN/Infinity, so parse like json.loads.
    const std::string theirs_text = ref["json"].get<std::string>();
    const Value ours = parse_json(run.out, "print-config output");
    const Value theirs = parse_json(theirs_text, "json.dumps output");
    EXPECT_TRUE(close(ours, theirs))
        << "ours:   " << run.out << "\ntheirs: " << theirs_text;
    EXPECT_EQ(run.out, theirs_text + "\n");  // byte-identical too
  }
#endif
}

}  // namespace
}  // namespace mmengine::config
