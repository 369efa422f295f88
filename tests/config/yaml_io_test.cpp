#include "mmengine/config/yaml_io.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>

#include <gtest/gtest.h>

#include "mmengine/utils/error.h"
#include "tests/support/temp_dir.h"

namespace mmengine::config {
namespace {

// The value of `v: <scalar>` as repr, e.g. "'1e-4'" or "0.0001".
std::string scalar(std::string_view text) {
  return parse_yaml("v: " + std::string(text))["v"].repr();
}

std::string parse_error(std::string_view text) {
  try {
    parse_yaml(text, "cfg.yaml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a ConfigError for: " << text;
  return {};
}

TEST(YamlIoTest, PlainScalarsFollowYaml11AsPyYamlDoes) {
  EXPECT_EQ(scalar("1e-4"), "'1e-4'");
  EXPECT_EQ(scalar("1.0e-4"), "0.0001");
  EXPECT_EQ(scalar("1.0e4"), "'1.0e4'");
  EXPECT_EQ(scalar("010"), "8");
  EXPECT_EQ(scalar("09"), "'09'");
  EXPECT_EQ(scalar("0x1F"), "31");
  EXPECT_EQ(scalar("0b101"), "5");
  EXPECT_EQ(scalar("-0b11"), "-3");
  EXPECT_EQ(scalar("0o17"), "'0o17'");
  EXPECT_EQ(scalar("1_000"), "1000");
  EXPECT_EQ(scalar("1:30"), "90");
  EXPECT_EQ(scalar("-1:30"), "-90");
  EXPECT_EQ(scalar("1:30.5"), "90.5");
  EXPECT_EQ(scalar("1:60"), "'1:60'");
  EXPECT_EQ(scalar(".5"), "0.5");
  EXPECT_EQ(scalar("-.5"), "'-.5'");
  EXPECT_EQ(scalar("1."), "1.0");
  EXPECT_EQ(scalar("-0.0"), "-0.0");
  EXPECT_EQ(scalar(".inf"), "inf");
  EXPECT_EQ(scalar("-.Inf"), "-inf");
  EXPECT_EQ(scalar(".NaN"), "nan");
  EXPECT_EQ(scalar("-.nan"), "'-.nan'");
  EXPECT_EQ(scalar("1.0e+1000"), "inf");
}

TEST(YamlIoTest, BooleansAndNullsFollowYaml11) {
  EXPECT_EQ(scalar("yes"), "True");
  EXPECT_EQ(scalar("Off"), "False");
  EXPECT_EQ(scalar("TRUE"), "True");
  EXPECT_EQ(scalar("tRUE"), "'tRUE'");
  EXPECT_EQ(scalar("y"), "'y'");
  EXPECT_EQ(scalar("~"), "None");
  EXPECT_EQ(scalar("Null"), "None");
  EXPECT_EQ(scalar("nUll"), "'nUll'");
  EXPECT_EQ(scalar(""), "None");
}

TEST(YamlIoTest, QuotedAndBlockScalarsAreStrings) {
  EXPECT_EQ(scalar("'yes'"), "'yes'");
  EXPECT_EQ(scalar("\"12\""), "'12'");
  EXPECT_EQ(scalar("''"), "''");
  EXPECT_EQ(scalar("|\n  a\n  b"), "'a\\nb'");
  EXPECT_EQ(scalar(">\n  a\n  b\n"), "'a b\\n'");
  EXPECT_EQ(scalar("\"tab\\there\""), "'tab\\there'");
}

TEST(YamlIoTest, ExplicitTagsConstructLikePyYaml) {
  EXPECT_EQ(scalar("!!python/tuple [1, 2]"), "(1, 2)");
  EXPECT_EQ(scalar("!!python/tuple []"), "()");
  EXPECT_EQ(scalar("!!str 5"), "'5'");
  EXPECT_EQ(scalar("!!int \"12\""), "12");
  EXPECT_EQ(scalar("!!float 1"), "1.0");
  EXPECT_EQ(scalar("!!bool yes"), "True");
  EXPECT_EQ(scalar("!!null x"), "None");
  EXPECT_EQ(scalar("! 12"), "12");
  EXPECT_EQ(scalar("&a ! 7"), "7");
  EXPECT_EQ(scalar("!!python/list [1]"), "[1]");
  EXPECT_EQ(scalar("!!python/dict {a: 1}"), "{'a': 1}");
}

TEST(YamlIoTest, MappingsKeepOrderWithLastValueForRepeatedKeys) {
  const Value v = parse_yaml("b: 1\na: 2\nb: 3\n1: int\n'1': str\n");
  EXPECT_EQ(v.repr(), "{'b': 3, 'a': 2, 1: 'int', '1': 'str'}");
}

TEST(YamlIoTest, MergeKeysAndAliasesWorkLikePyYaml) {
  const Value v = parse_yaml(
      "base: &b {x: 1, y: 2}\n"
      "other: &o {y: 3, z: 4}\n"
      "one:\n  <<: *b\n  y: 9\n"
      "many:\n  w: 0\n  <<: [*b, *o]\n"
      "alias: *b\n"
      "'<<': quoted\n");
  EXPECT_EQ(v["one"].repr(), "{'x': 1, 'y': 9}");
  EXPECT_EQ(v["many"].repr(), "{'x': 1, 'y': 2, 'z': 4, 'w': 0}");
  EXPECT_EQ(v["alias"], v["base"].value());
  EXPECT_EQ(v["<<"].as<std::string>(), "quoted");
}

// PyYAML 6 drops a merged key seen before by the identity of its text, and
// CPython shares the objects of one-character strings: so a one-character
// key keeps its first merged value, a longer one its last.
TEST(YamlIoTest, MergedKeysFollowPyYaml6Identity) {
  const Value v = parse_yaml(
      "a: &a {x: 1, lr: 1}\n"
      "b: &b {<<: *a, x: 2, lr: 2}\n"
      "c: {<<: *b}\n"
      "d: {<<: [{x: 1, lr: 1}, {x: 2, lr: 2}]}\n");
  EXPECT_EQ(v["b"].repr(), "{'x': 2, 'lr': 2}");
  EXPECT_EQ(v["c"].repr(), "{'x': 1, 'lr': 2}");
  EXPECT_EQ(v["d"].repr(), "{'x': 1, 'lr': 2}");
}

TEST(YamlIoTest, EmptyStreamIsNone) {
  EXPECT_TRUE(parse_yaml("").is_none());
  EXPECT_TRUE(parse_yaml("# only a comment\n").is_none());
}

TEST(YamlIoTest, TimestampsStayStrings) {
  EXPECT_EQ(scalar("2024-01-01"), "'2024-01-01'");
}

TEST(YamlIoTest, ErrorsNameSourceLineAndColumn) {
  EXPECT_EQ(
      parse_error("a: [1,\nb: 2"),
      "cfg.yaml:2:1: end of sequence flow not found");
  EXPECT_EQ(
      parse_error("a: 1\n---\nb: 2\n"),
      "cfg.yaml: expected a single document in the stream, but found "
      "another document");
  EXPECT_EQ(
      parse_error("a: =\n"),
      "cfg.yaml:1:4: could not determine a constructor for the tag "
      "'tag:yaml.org,2002:value'");
  EXPECT_EQ(
      parse_error("a: !foo x\n"),
      "cfg.yaml:1:4: could not determine a constructor for the tag '!foo'");
  EXPECT_EQ(
      parse_error("a: !!python/object:os.system x\n"),
      "cfg.yaml:1:4: could not determine a constructor for the tag "
      "'tag:yaml.org,2002:python/object:os.system'");
  EXPECT_EQ(
      parse_error("a: !!str [1]\n"),
      "cfg.yaml:1:4: expected a scalar node, but found sequence");
  EXPECT_EQ(
      parse_error("a: !!python/tuple {}\n"),
      "cfg.yaml:1:4: expected a sequence node, but found mapping");
  EXPECT_EQ(
      parse_error("1.5: x\n"),
      "cfg.yaml:1:1: unsupported dict key 1.5 (float); keys must be str or "
      "int");
  EXPECT_EQ(
      parse_error("a:\n  <<: 3\n"),
      "cfg.yaml:2:7: expected a mapping or list of mappings for merging, but "
      "found scalar");
  EXPECT_EQ(
      parse_error("a: 99999999999999999999\n"),
      "cfg.yaml:1:4: integer 99999999999999999999 is out of the supported "
      "int64 range");
  EXPECT_EQ(
      parse_error("a: !!int x1\n"),
      "cfg.yaml:1:4: invalid literal for int() with base 10: 'x1'");
}

TEST(YamlIoTest, DeepNestingIsAnErrorNotACrash) {
  EXPECT_THROW(parse_yaml(std::string(100000, '[')), ConfigError);
}

TEST(YamlIoTest, ResolveScalarIsUsableOnItsOwn) {
  EXPECT_EQ(resolve_yaml_scalar("on"), Value(true));
  EXPECT_EQ(resolve_yaml_scalar("0x10"), Value(16));
  EXPECT_EQ(resolve_yaml_scalar("abc"), Value("abc"));
  EXPECT_THROW(resolve_yaml_scalar("<<"), ConfigError);
}

TEST(YamlIoTest, DumpsBlockStyleLikeCDumper) {
  const Value v = Value::dict({
      {"b", Value::tuple({1, 2})},
      {"a", Value::list({1, Value::dict({{"x", Value()}})})},
      {"c", "1e-4"},
      {"d", 1e-05},
      {"e", "yes"},
      {"f", ""},
      {"g", "a: b"},
      {"h", 1.0},
      {"i", std::numeric_limits<double>::infinity()},
      {"j", Value::list()},
      {"k", Value::dict()},
      {"l", Value::tuple()},
  });
  EXPECT_EQ(
      dump_yaml(v),
      "a:\n- 1\n- x: null\nb: !!python/tuple\n- 1\n- 2\nc: 1e-4\nd: 1.0e-05\n"
      "e: 'yes'\nf: ''\ng: 'a: b'\nh: 1.0\ni: .inf\nj: []\nk: {}\n"
      "l: !!python/tuple []\n");
}

TEST(YamlIoTest, DumpNestsSequencesAndQuotesLikeCDumper) {
  const Value v = Value::list(
      {Value::list({1, Value::list({2, 3})}),
       Value::tuple({4}),
       Value::dict({{"p", Value::list({1})}, {"q", "x\ny"}}),
       "é",
       "it's"});
  EXPECT_EQ(
      dump_yaml(v),
      "- - 1\n  - - 2\n    - 3\n- !!python/tuple\n  - 4\n- p:\n  - 1\n"
      "  q: 'x\n\n    y'\n- \"\\xE9\"\n- it's\n");
  EXPECT_EQ(dump_yaml(Value("é"), {.allow_unicode = true}), "é\n");
  EXPECT_EQ(dump_yaml(Value(1)), "1\n");
}

TEST(YamlIoTest, DumpSortsKeysUnlessTheyMixTypes) {
  EXPECT_EQ(dump_yaml(Value::dict({{"b", 1}, {"a", 2}})), "a: 2\nb: 1\n");
  EXPECT_EQ(
      dump_yaml(Value::dict({{"b", 1}, {"a", 2}}), {.sort_keys = false}),
      "b: 1\na: 2\n");
  EXPECT_EQ(dump_yaml(Value::dict({{"b", 1}, {2, 3}})), "b: 1\n2: 3\n");
}

TEST(YamlIoTest, DumpFoldsLongPlainScalars) {
  std::string words;
  for (int i = 0; i < 30; ++i) {
    words += i == 0 ? "word" : " word";
  }
  const std::string out = dump_yaml(Value::dict({{"k", words}}));
  EXPECT_EQ(out.find('\n'), 82U);
  EXPECT_EQ(parse_yaml(out)["k"].as<std::string>(), words);
}

TEST(YamlIoTest, RoundTripsThroughAFile) {
  testing::TempDir dir;
  const auto file = dir.path() / "cfg.yaml";
  const Value v = Value::dict(
      {{"model", Value::dict({{"depth", 50}, {"lr", 1e-4}, {"act", "on"}})},
       {"scales", Value::tuple({Value::tuple({1, 2}), Value::list({})})},
       {"text", " spaced\nlines "},
       {1, Value::list({Value(), true, -0.0})}});
  dump_yaml_file(v, file);
  EXPECT_EQ(load_yaml(file), v);
  EXPECT_THROW(load_yaml(dir.path() / "missing.yaml"), FileError);
}

}  // namespace
}  // namespace mmengine::config
