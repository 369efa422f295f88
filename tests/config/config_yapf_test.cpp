// `pretty_text` layouts for tricky shapes; the expected texts are what
// MMEngine 0.10.4 (yapf 0.43) prints for the same dicts.
#include <gtest/gtest.h>

#include "mmengine/config/config.h"
#include "mmengine/config/config_yapf_impl.h"
#include "mmengine/utils/error.h"

namespace mmengine::config {
namespace {

std::string pretty(const Value& dict) {
  return Config(dict).pretty_text();
}

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    out += s;
  }
  return out;
}

TEST(PrettyTextTest, EmptyConfigIsOneNewline) {
  EXPECT_EQ(pretty(Value::dict()), "\n");
}

TEST(PrettyTextTest, JoinsShortDictsAndKeepsCommaTerminatedLists) {
  const Value cfg = Value::dict(
      {{"opt",
        Value::dict({{"lr", 0.2}, {"paramwise", Value::dict({{"a", 1}})}})},
       {"stages", Value::list({1, 2, 3})}});
  EXPECT_EQ(
      pretty(cfg),
      "opt = dict(lr=0.2, paramwise=dict(a=1))\n"
      "stages = [\n    1,\n    2,\n    3,\n]\n");
}

TEST(PrettyTextTest, SpecExample) {
  const Value cfg = Value::dict(
      {{"a", 1},
       {"b", Value::dict({{"c", Value::list({1, 2})}, {"d", "s"}})},
       {"e", Value::tuple({1, 2})},
       {"f", Value()},
       {"i", Value::dict({{"1x", 2}, {"y-z", 3}})}});
  EXPECT_EQ(
      pretty(cfg),
      "a = 1\nb = dict(\n    c=[\n        1,\n        2,\n    ], d='s')\n"
      "e = (\n    1,\n    2,\n)\nf = None\n"
      "i = dict({'1x': 2, 'y-z': 3})\n");
}

TEST(PrettyTextTest, OneElementAndEmptyContainers) {
  const Value cfg = Value::dict(
      {{"t", Value::tuple({3})},
       {"l", Value::list({3})},
       {"e", Value::list()},
       {"u", Value::tuple()},
       {"d", Value::dict()},
       {"n", Value::dict({{"x", Value::dict()}})}});
  EXPECT_EQ(
      pretty(cfg),
      "d = dict()\ne = []\nl = [\n    3,\n]\nn = dict(x=dict())\n"
      "t = (3, )\nu = ()\n");
}

TEST(PrettyTextTest, LongStringsOverflowRatherThanBreak) {
  const Value cfg = Value::dict(
      {{"path", repeat("a/", 45)},
       {"cfg", Value::dict({{"type", "Load"}, {"file", repeat("b/", 40)}})}});
  EXPECT_EQ(
      pretty(cfg),
      "cfg = dict(\n    file=\n    '" + repeat("b/", 40) +
          "',\n    type='Load')\n"
          "path = '" +
          repeat("a/", 45) + "'\n");
}

TEST(PrettyTextTest, WideKeywordDictPutsOneArgumentPerLine) {
  const Value model = Value::dict(
      {{"type", "ResNet"},
       {"depth", 50},
       {"num_stages", 4},
       {"out_indices", Value::tuple({0, 1, 2, 3})},
       {"frozen_stages", 1},
       {"norm_eval", true},
       {"style", "pytorch"}});
  EXPECT_EQ(
      pretty(Value::dict({{"model", model}})),
      "model = dict(\n    depth=50,\n    frozen_stages=1,\n    "
      "norm_eval=True,\n"
      "    num_stages=4,\n    out_indices=(\n        0,\n        1,\n"
      "        2,\n        3,\n    ),\n    style='pytorch',\n"
      "    type='ResNet')\n");
}

TEST(PrettyTextTest, MappingStyleDictPutsOneEntryPerLine) {
  const Value keys = Value::dict(
      {{"backbone.layer1", Value::dict({{"lr_mult", 0.1}})},
       {"head-2", "a fairly long string value here"}});
  EXPECT_EQ(
      pretty(Value::dict({{"custom_keys", keys}})),
      "custom_keys = dict({\n    'backbone.layer1': dict(lr_mult=0.1),\n"
      "    'head-2': 'a fairly long string value here'\n})\n");
}

TEST(PrettyTextTest, ColumnsCountCodePointsNotBytes) {
  EXPECT_EQ(
      pretty(Value::dict({{"u", Value::dict({{"name", repeat("中文", 30)}})}})),
      "u = dict(name='" + repeat("中文", 30) + "')\n");
  EXPECT_EQ(
      pretty(Value::dict({{"u", Value::dict({{"name", repeat("中文", 33)}})}})),
      "u = dict(\n    name='" + repeat("中文", 33) + "')\n");
}

TEST(PrettyTextTest, OneTopLevelNonIdentifierKeyIsAnExpression) {
  EXPECT_EQ(pretty(Value::dict({{"a-b", 1}})), "{'a-b': 1}\n");
}

TEST(PrettyTextTest, TextYapfRejectsThrowsLikeMMEngine) {
  const auto expect_failure = [](const Value& cfg) {
    try {
      pretty(cfg);
      FAIL() << "expected a ConfigError";
    } catch (const ConfigError& e) {
      EXPECT_NE(
          std::string(e.what()).find(
              "Failed to format the config file, please check the syntax of: "
              "\n"),
          std::string::npos);
    }
  };
  // Two top-level keys that are not identifiers: `{'a-b': 1\n'c-d': 2}`.
  expect_failure(Value::dict({{"a-b", 1}, {"c-d", 2}}));
  // A keyword as a keyword argument: `dict(class=1)`.
  expect_failure(Value::dict({{"a", Value::dict({{"class", 1}})}}));
  // A quote in a mapping key is written unescaped.
  expect_failure(Value::dict({{"a", Value::dict({{"x'y", 1}, {"b c", 2}})}}));
}

TEST(PrettyTextTest, SoftKeywordsAndConstantsAreNames) {
  EXPECT_EQ(
      pretty(Value::dict({{"match", 1}, {"None", 2}, {"print", 3}})),
      "None = 2\nmatch = 1\nprint = 3\n");
}

TEST(PrettyTextTest, StageOneOnlyWithoutFormatting) {
  const Value cfg =
      Value::dict({{"a", Value::list({1})}, {"b", Value::dict({{"c", 2}})}});
  EXPECT_EQ(Config(cfg).pretty_text(false), format_config_dict(cfg));
  EXPECT_EQ(
      Config(cfg).pretty_text(false), "a=[\n    1,\n    ]\nb=dict(\n    c=2)");
}

TEST(PrettyTextTest, ParserBuildsLib2to3Shapes) {
  const auto lines = detail::parse_yapf_lines(
      "a=dict(\n    b=1,\n    c=[\n        -1,\n"
      "    ])\nd=(\n    3,\n    )\n");
  ASSERT_EQ(lines.size(), 2u);
  const detail::YapfLine& first = lines[0];
  // simple_stmt > expr_stmt > [a, =, power > [dict, trailer > arglist]].
  const auto& stmt = first.node(first.node(0).children[0]);
  EXPECT_EQ(stmt.kind, detail::YapfNodeKind::kExprStmt);
  const auto& power = first.node(stmt.children[2]);
  EXPECT_EQ(power.kind, detail::YapfNodeKind::kPower);
  const auto& trailer = first.node(power.children[1]);
  EXPECT_EQ(
      first.node(trailer.children[1]).kind, detail::YapfNodeKind::kArglist);
  EXPECT_EQ(first.size(), 16);
  EXPECT_EQ(lines[1].size(), 6);
}

}  // namespace
}  // namespace mmengine::config
