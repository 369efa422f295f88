#pragma once

// The fidelity harness: a test runs a Python script with the real MMEngine
// 0.10.4 from the project's .venv and compares the JSON it prints with what
// the engine computes.
//
//   auto ref = mmengine::testing::run_reference("collect_env.py", {});
//   EXPECT_EQ(ref["sys.platform"], utils::platform_name());
//
// Scripts live in tests/fidelity/scripts/, print exactly one JSON document on
// stdout and exit 0; anything else fails the test with the script's stderr.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mmengine::testing {

/// Python of the project's .venv, as configured (MMENGINE_PYTHON); empty when
/// the build was configured without one.
std::string reference_python();

/// True when a reference Python is configured; tests call
/// MMENGINE_REQUIRE_REFERENCE() to skip cleanly otherwise.
bool has_reference();

/// Runs tests/fidelity/scripts/<script> with args under the reference
/// Python and returns its stdout parsed as JSON. `env` entries are added to
/// the environment (e.g. TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD=1 for scripts where
/// MMEngine loads its own checkpoints). Throws mmengine::Error with the
/// script's stderr when it fails or prints something that is not JSON.
nlohmann::json run_reference(
    const std::string& script,
    const std::vector<std::string>& args = {},
    const std::map<std::string, std::string>& env = {});

/// The config cases of tests/fidelity/configs/ (sorted absolute paths),
/// with or without the `error_*` ones.
std::vector<std::string> config_case_files(bool include_errors);

/// Environment the config cases expect (the env-variable cases read it).
const std::map<std::string, std::string>& config_case_env();

/// Result of running a command: exit status and captured output.
struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs argv (no shell) with extra environment entries; captures stdout and
/// stderr. Used by the harness and by tests that run the CLI.
CommandResult run_command(
    const std::vector<std::string>& argv,
    const std::map<std::string, std::string>& env = {});

}  // namespace mmengine::testing

/// Skips the current test when no reference Python was configured (a build
/// against a user-supplied libtorch without the project's .venv).
#define MMENGINE_REQUIRE_REFERENCE()                                      \
  do {                                                                    \
    if (!::mmengine::testing::has_reference()) {                          \
      GTEST_SKIP() << "no reference Python configured (MMENGINE_PYTHON)"; \
    }                                                                     \
  } while (false)
