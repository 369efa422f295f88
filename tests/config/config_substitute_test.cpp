#include "mmengine/config/config_substitute_impl.h"

#include <gtest/gtest.h>

#include "mmengine/utils/error.h"

namespace mmengine::config::detail {
namespace {

EnvLookup fake_env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) {
    auto it = vars.find(name);
    return it == vars.end() ? std::nullopt
                            : std::optional<std::string>(it->second);
  };
}

TEST(ConfigSubstituteTest, PredefinedVariables) {
  const std::string text =
      "a = '{{ fileDirname }}/{{fileBasename}}'\n"
      "b = '{{  fileBasenameNoExtension }}{{fileExtname}}'\n";
  EXPECT_EQ(
      substitute_predefined_vars(text, "/cfg/dir/my.cfg.py"),
      "a = '/cfg/dir/my.cfg.py'\nb = 'my.cfg.py'\n");
}

TEST(ConfigSubstituteTest, PredefinedVariablesLeaveOthersAlone) {
  const std::string text = "x = '{{ other }}{{fileDirname'";
  EXPECT_EQ(substitute_predefined_vars(text, "/a/b.py"), text);
}

TEST(ConfigSubstituteTest, EnvVariableSetAndDefault) {
  std::vector<std::pair<std::string, std::string>> used;
  const auto out = substitute_env_vars(
      "root = '{{$ROOT:/data}}/img'\nn = {{'$NUM:80'}}\n",
      fake_env({{"ROOT", "/mnt"}}),
      used,
      "cfg.py");
  EXPECT_EQ(out, "root = '/mnt/img'\nn = 80\n");
  ASSERT_EQ(used.size(), 1u);
  EXPECT_EQ(used[0], std::make_pair(std::string("ROOT"), std::string("/mnt")));
}

TEST(ConfigSubstituteTest, EnvVariableSpacesAndQuotes) {
  std::vector<std::pair<std::string, std::string>> used;
  EXPECT_EQ(
      substitute_env_vars("v = {{\" $X : 7 \"}}", fake_env({}), used, "c.py"),
      "v = 7");
}

TEST(ConfigSubstituteTest, EmptyEnvValueIsAKeyError) {
  std::vector<std::pair<std::string, std::string>> used;
  try {
    substitute_env_vars("v = '{{$MISSING:}}'", fake_env({}), used, "c.py");
    FAIL() << "expected KeyError";
  } catch (const KeyError& e) {
    EXPECT_STREQ(
        e.what(),
        "c.py: `MISSING` cannot be found in `os.environ`. Please set "
        "`MISSING` in environment or give a default value.");
  }
  EXPECT_THROW(
      substitute_env_vars("{{$E:x}}", fake_env({{"E", ""}}), used, "c.py"),
      KeyError);
}

TEST(ConfigSubstituteTest, NotAnEnvPatternIsKept) {
  std::vector<std::pair<std::string, std::string>> used;
  const std::string text = "a = {{$NODEFAULT}} b = {{ $X: a b }}";
  EXPECT_EQ(substitute_env_vars(text, fake_env({}), used, "c.py"), text);
}

TEST(ConfigSubstituteTest, BaseVariablesBecomePlaceholders) {
  std::map<std::string, std::string> placeholders;
  const auto out = pre_substitute_base_vars(
      "a = {{_base_.model.depth}}\nb = {{ _base_.model.depth }}\n"
      "c = {{_base_.lr}}\n",
      placeholders);
  ASSERT_EQ(placeholders.size(), 2u);
  for (const auto& [key, path] : placeholders) {
    EXPECT_EQ(key.rfind("_" + path + "_", 0), 0u) << key;
    EXPECT_EQ(key.size(), path.size() + 8);
    EXPECT_NE(out.find('"' + key + '"'), std::string::npos);
  }
  EXPECT_EQ(out.find("{{"), std::string::npos);
}

TEST(ConfigSubstituteTest, BaseVariableNeedsAPath) {
  std::map<std::string, std::string> placeholders;
  const std::string text = "a = {{_base_.}} b = {{_base_.x y}}";
  EXPECT_EQ(pre_substitute_base_vars(text, placeholders), text);
  EXPECT_TRUE(placeholders.empty());
}

}  // namespace
}  // namespace mmengine::config::detail
