// Runs every snippet of tests/config/python_snippets/ with real Python (as
// MMEngine's Config._file2dict executes a .py config) and with the C++
// evaluator, and compares the results type for type (tuple vs list, int vs
// float, float repr, dict order). Snippets named err_* must fail in both,
// with the same Python error kind.

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "mmengine/config/python_eval.h"
#include "mmengine/utils/error.h"
#include "tests/support/fidelity.h"
#include "tests/support/tagged_json.h"

namespace mmengine::config {
namespace {

namespace fs = std::filesystem;

fs::path snippet_dir() {
  return fs::path(MMENGINE_TEST_SOURCE_DIR) / "tests/config/python_snippets";
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void check_snippet(const std::string& name, const nlohmann::json& expected) {
  SCOPED_TRACE(name);
  const auto path = snippet_dir() / name;
  PythonEvalOptions options;
  if (expected.contains("base")) {
    options.predefined =
        Value::dict({{"_base_", testing::from_tagged(expected["base"])}});
  }
  if (expected.contains("error")) {
    const auto kind = expected["error"].get<std::string>();
    try {
      evaluate_python_config(read_text(path), name, options);
      ADD_FAILURE() << "Python raised " << kind << ", the evaluator did not";
    } catch (const ConfigError& e) {
      EXPECT_NE(
          std::string(e.what()).find(": " + kind + ": "), std::string::npos)
          << "Python raised " << kind << ": " << expected["message"] << "\n"
          << e.what();
    }
    return;
  }
  auto result = evaluate_python_config(read_text(path), name, options);
  result.globals.erase("_base_");
  EXPECT_EQ(testing::to_tagged(result.globals), expected["result"])
      << "evaluator: " << result.globals.repr();
}

TEST(PythonEvalFidelityTest, SnippetsMatchPython) {
  MMENGINE_REQUIRE_REFERENCE();
  const auto reference = testing::run_reference(
      "python_eval_snippets.py", {snippet_dir().string()});
  ASSERT_GE(reference.size(), 50u);
  for (const auto& [name, expected] : reference.items()) {
    try {
      check_snippet(name, expected);
    } catch (const std::exception& e) {
      ADD_FAILURE() << name << ": " << e.what();
    }
  }
}

}  // namespace
}  // namespace mmengine::config
