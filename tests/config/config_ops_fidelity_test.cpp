// Compares merge rules, the pretty_text layout, DictAction and
// merge_from_dict with MMEngine 0.10.4 over
// tests/fidelity/cases/config_ops.json.
#include <fstream>

#include <gtest/gtest.h>

#include "mmengine/config/config.h"
#include "mmengine/config/dict_action.h"
#include "mmengine/utils/error.h"
#include "tests/support/fidelity.h"
#include "tests/support/tagged_json.h"

namespace mmengine::config {
namespace {

const std::string kCases = std::string(MMENGINE_TEST_SOURCE_DIR) +
                           "/tests/fidelity/cases/config_ops.json";

nlohmann::json load_cases() {
  std::ifstream in(kCases);
  return nlohmann::json::parse(in);
}

// Ours, as {"result": ...} or {"error": "<kind>"}.
nlohmann::json run_ours(const nlohmann::json& c, const nlohmann::json& ref) {
  const std::string op = c["op"];
  try {
    if (op == "merge") {
      const Value a = testing::from_tagged(ref["a"]);
      const Value b = testing::from_tagged(ref["b"]);
      return {
          {"result",
           testing::to_tagged(
               merge_a_into_b(a, b, c.value("allow_list_keys", false)))}};
    }
    if (op == "pretty") {
      return {{"result", format_config_dict(testing::from_tagged(ref["cfg"]))}};
    }
    const auto tokens = c["tokens"].get<std::vector<std::string>>();
    if (op == "dict_action") {
      return {{"result", testing::to_tagged(parse_options(tokens))}};
    }
    Config cfg(testing::from_tagged(ref["cfg"]));
    cfg.merge_from_dict(parse_options(tokens));
    return {{"result", testing::to_tagged(cfg.dict())}};
  } catch (const Error& e) {
    return {{"error", e.kind()}, {"message", e.what()}};
  }
}

TEST(ConfigOpsFidelityTest, MatchesMMEngineOnEveryCase) {
  MMENGINE_REQUIRE_REFERENCE();
  const auto cases = load_cases();
  const auto refs = testing::run_reference("config_ops.py", {kCases});
  ASSERT_EQ(refs.size(), cases.size());
  int compared = 0;
  for (size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE("case " + std::to_string(i) + ": " + cases[i].dump());
    const auto& ref = refs[i];
    const auto ours = run_ours(cases[i], ref);
    if (ref.contains("error")) {
      // Both must fail; Python's crashes (AttributeError, AssertionError)
      // are clear errors of ours, KeyError and TypeError keep their kind.
      ASSERT_TRUE(ours.contains("error")) << ours.dump();
      const std::string kind = ref["error"];
      if (kind == "KeyError" || kind == "TypeError") {
        EXPECT_EQ(ours["error"], kind) << ours["message"];
      }
    } else {
      ASSERT_FALSE(ours.contains("error")) << ours.dump();
      EXPECT_EQ(ours["result"], ref["result"]);
    }
    ++compared;
  }
  EXPECT_GE(compared, 30);
}

}  // namespace
}  // namespace mmengine::config
