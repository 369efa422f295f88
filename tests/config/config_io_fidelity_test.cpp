// Compares the JSON/YAML readers and writers with MMEngine 0.10.4's own file
// handlers (PyYAML CLoader/CDumper, Python json) on tricky inputs.

#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "mmengine/config/json_io.h"
#include "mmengine/config/value.h"
#include "mmengine/config/yaml_io.h"
#include "mmengine/utils/error.h"
#include "tests/support/fidelity.h"
#include "tests/support/temp_dir.h"

namespace mmengine::config {
namespace {

using nlohmann::json;

// The type-tagged form config_io_reference.py prints.
json tagged(const Value& v) {
  switch (v.type()) {
    case Value::Type::kNone:
      return {{"t", "none"}};
    case Value::Type::kBool:
      return {{"t", "bool"}, {"v", v.as<bool>()}};
    case Value::Type::kInt:
      return {{"t", "int"}, {"v", std::to_string(v.as<std::int64_t>())}};
    case Value::Type::kFloat:
      return {{"t", "float"}, {"v", float_repr(v.as<double>())}};
    case Value::Type::kString:
      return {{"t", "str"}, {"v", v.as<std::string>()}};
    case Value::Type::kList:
    case Value::Type::kTuple: {
      json items = json::array();
      for (const auto& e : v.elements()) {
        items.push_back(tagged(e));
      }
      return {{"t", v.type_name()}, {"v", items}};
    }
    case Value::Type::kDict:
      break;
  }
  json items = json::array();
  for (const auto& [key, value] : v.items()) {
    const Value k = key.is_int() ? Value(key.to_int()) : Value(key.str());
    items.push_back(json::array({tagged(k), tagged(value)}));
  }
  return {{"t", "dict"}, {"v", items}};
}

// Runs the reference script on cases written to a temporary file.
json reference(const std::string& mode, const json& cases) {
  testing::TempDir dir;
  const auto path = dir.path() / "cases.json";
  std::ofstream(path) << cases.dump();
  return testing::run_reference(
      "config_io_reference.py", {mode, path.string()});
}

json load_cases(
    const std::string& format, const std::vector<std::string>& texts) {
  json cases = json::array();
  for (const auto& text : texts) {
    cases.push_back({{"format", format}, {"text", text}});
  }
  return cases;
}

// Loads every text with ours and MMEngine's loader and compares.
void expect_same_loads(
    const std::string& format, const std::vector<std::string>& texts) {
  const json ref = reference("load", load_cases(format, texts));
  ASSERT_EQ(ref.size(), texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    SCOPED_TRACE(texts[i]);
    if (ref[i].contains("error")) {
      EXPECT_THROW(
          format == "yaml" ? parse_yaml(texts[i]) : parse_json(texts[i]),
          ConfigError)
          << "MMEngine raised " << ref[i]["error"];
      continue;
    }
    try {
      const Value ours =
          format == "yaml" ? parse_yaml(texts[i]) : parse_json(texts[i]);
      EXPECT_EQ(tagged(ours), ref[i]["ok"]);
    } catch (const Error& e) {
      ADD_FAILURE() << "we raised " << e.what() << ", MMEngine loaded "
                    << ref[i]["ok"].dump();
    }
  }
}

TEST(YamlFidelityTest, PlainScalarsResolveLikePyYaml) {
  MMENGINE_REQUIRE_REFERENCE();
  const std::vector<std::string> scalars = {
      "1e-4",
      "1.0e-4",
      "1.0e4",
      "1.0e+4",
      "12e3",
      "1.5E-3",
      "010",
      "09",
      "0x1F",
      "+0x10",
      "0b101",
      "-0b11",
      "0o17",
      "0b",
      "0x_",
      "1_000",
      "1__2",
      "1_000.5",
      "00",
      "0_",
      "-0",
      "+12",
      "-010",
      "0",
      "yes",
      "No",
      "on",
      "OFF",
      "y",
      "n",
      "True",
      "FALSE",
      "tRUE",
      "1:30",
      "-1:30",
      "1:30.5",
      "190:20:30",
      "1:60",
      "1:5",
      "1:05:30",
      "~",
      "null",
      "Null",
      "nUll",
      "",
      ".inf",
      "-.inf",
      "+.INF",
      ".nan",
      ".NaN",
      "-.nan",
      ".5",
      "-.5",
      "+.5",
      "1.",
      "0.1",
      "-0.0",
      "1e1000",
      "1.0e+1000",
      "=",
      "<<",
      "abc # comment",
      "a #b",
      "'yes'",
      "\"12\"",
      "! 12",
      "! \"12\"",
      "&x ! 7",
      "!!int \"12\"",
      "!!float 1",
      "!!str 5",
      "!!bool yes",
      "!!null x",
      "!!python/tuple [1, 2]",
      "!!python/tuple []",
      "!!python/list [1]",
      "!!python/none ''",
      "!!python/str 1",
      "|\n  a\n  b",
      ">\n  a\n  b\n",
      "\"a\\tb\\u00e9\"",
      "'it''s'",
      "9223372036854775807",
      "-9223372036854775808",
      "!foo x",
      "!!str [1]",
      "!!python/tuple {}",
  };
  std::vector<std::string> texts;
  for (const auto& s : scalars) {
    texts.push_back("v: " + s + "\n");
  }
  expect_same_loads("yaml", texts);
}

TEST(YamlFidelityTest, StructuresLoadLikePyYaml) {
  MMENGINE_REQUIRE_REFERENCE();
  expect_same_loads(
      "yaml",
      {
          "",
          "# comment only\n",
          "b: 1\na: 2\nb: 3\n",
          "1: int\n'1': str\n",
          "base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 9\n",
          "a: &a {x: 1}\nb: &b {y: 3, x: 2}\nc:\n  w: 0\n  <<: [*a, *b]\n",
          "a:\n  <<: 3\n",
          "'<<': quoted\n",
          "list: [1, [2, [3]], {a: b}]\nflow: {a: [1, 2], b: {c: d}}\n",
          "- - 1\n  - 2\n- !!python/tuple\n  - 3\n- {}\n- []\n",
          "a:\n- 1\n- b: 2\n  c: 3\n",
          "a: 1\n---\nb: 2\n",
          "a: [1,\nb: 2\n",
          "? [1, 2]\n: x\n",
          "text: >-\n  folded\n  lines\n\n  para\nlit: |+\n  keep\n\n",
          "a: !!python/tuple\n- !!python/tuple [1, 2]\n- []\n",
          "anchor: &s 5\nalias: *s\n",
          "a: 1\r\nb: [x, y]\r\n",
          "\xef\xbb\xbf"
          "a: 1\n",
          "a: 'é'\nb: é ü\nc: \"\\u00e9\\U0001F600\"\n",
          "a: x  # comment\nb: 'x # not comment'\n",
          "a: \"multi\n  line\"\nb: plain\n  continued\n",
          "? a\n: 1\n? !!int 2\n: 2\n",
          "seq:\n- &x {k: v}\n- *x\n- {<<: *x, k: w}\n",
          "\"quoted key\": 1\n? complex\n: 2\n",
          "model:\n  type: ResNet\n  depth: 50\n  norm_cfg: {type: BN, "
          "requires_grad: true}\noptimizer: {type: SGD, lr: 0.02, momentum: "
          "0.9, weight_decay: 1e-4}\n",
      });
}

// Where MMEngine's unsafe loader builds what a Value cannot hold (or must not
// run), we refuse with a ConfigError instead.
TEST(YamlFidelityTest, DeliberateDeviationsAreErrors) {
  MMENGINE_REQUIRE_REFERENCE();
  const std::vector<std::string> texts = {
      "v: !!python/name:os.path\n", "1.5: x\n", "v: 99999999999999999999\n"};
  const json ref = reference("load", load_cases("yaml", texts));
  for (std::size_t i = 0; i < texts.size(); ++i) {
    SCOPED_TRACE(texts[i]);
    EXPECT_TRUE(ref[i].contains("ok"));
    EXPECT_THROW(parse_yaml(texts[i]), ConfigError);
  }
  EXPECT_EQ(
      reference(
          "load",
          load_cases("yaml", {"d: 2024-01-01\n"}))[0]["ok"]["v"][0][1]["t"],
      "date");
  EXPECT_TRUE(parse_yaml("d: 2024-01-01\n")["d"].is_string());
}

TEST(JsonFidelityTest, LoadsLikeJsonModule) {
  MMENGINE_REQUIRE_REFERENCE();
  expect_same_loads(
      "json",
      {R"({"a": 1, "b": 2, "a": 3})",
       "[-0, -0.0, 1E400, -1e400, 1e-400, 1e5, 1.5, NaN, -Infinity, Infinity]",
       R"(["\u00e9\ud83d\ude00", "\"\\\/\b\f\n\r\t"])",
       R"({"nested": {"list": [1, [2, {"x": null}]], "t": true, "f": false}})",
       "9223372036854775807",
       " \n[ ] ",
       "{}",
       "",
       "[1,]",
       R"({"a" 1})",
       "{a:1}",
       "[1 2]",
       "\"abc",
       R"("a\x")",
       "[1]x",
       "01",
       "\"\t\"",
       "[\n  1,\n  ]",
       "nul",
       "1.",
       ".5",
       "+1",
       "[1e]",
       R"("\u12")"});
}

TEST(JsonFidelityTest, ErrorMessagesMatchPythonsWordsAndPositions) {
  MMENGINE_REQUIRE_REFERENCE();
  const std::vector<std::string> texts = {
      "",
      "[1,]",
      R"({"a" 1})",
      "{a:1}",
      "[1 2]",
      "\"abc",
      R"("a\x")",
      "[1]x",
      "\"\t\"",
      "[\n  1,\n  ]",
      "[\"é\", x]"};
  const json ref = reference("load", load_cases("json", texts));
  const std::regex ours_re(R"(^<string>:(\d+):(\d+): (.*)$)");
  for (std::size_t i = 0; i < texts.size(); ++i) {
    SCOPED_TRACE(texts[i]);
    try {
      parse_json(texts[i]);
      ADD_FAILURE() << "expected a ConfigError";
    } catch (const ConfigError& e) {
      std::smatch m;
      const std::string what = e.what();
      ASSERT_TRUE(std::regex_match(what, m, ours_re)) << what;
      const std::string expected = m[3].str() + ": line " + m[1].str() +
                                   " column " + m[2].str() + " (char ";
      EXPECT_EQ(
          ref[i]["message"].get<std::string>().substr(0, expected.size()),
          expected);
    }
  }
}

std::vector<Value> dump_cases() {
  const double inf = std::numeric_limits<double>::infinity();
  std::string long_words;
  for (int i = 0; i < 40; ++i) {
    long_words += (i == 0 ? "" : (i % 7 == 0 ? "  " : " ")) + std::string("w") +
                  std::to_string(i);
  }
  return {
      Value::dict(
          {{"b", Value::tuple({1, 2})},
           {"a", Value::list({1, Value::dict({{"x", Value()}})})},
           {"floats",
            Value::list(
                {1e-05,
                 1e16,
                 1.0,
                 -0.0,
                 0.1,
                 1e300,
                 inf,
                 -inf,
                 std::numeric_limits<double>::quiet_NaN()})},
           {"ints", Value::list({0, -7, std::int64_t{1} << 62})},
           {"bools", Value::list({true, false})}}),
      Value::dict(
          {{"strs",
            Value::list(
                {"abc",
                 "yes",
                 "1",
                 "1e-4",
                 "",
                 " lead",
                 "trail ",
                 "a: b",
                 "a:b",
                 "- x",
                 "-x",
                 "#c",
                 "a #c",
                 "x\ny",
                 "x\n",
                 "é",
                 "tab\there",
                 "---",
                 "it's",
                 "\"q\"",
                 "@x",
                 "? x",
                 "[x]",
                 "a  b",
                 "~",
                 "null",
                 "=",
                 "<<",
                 "2024-01-01",
                 "0x1F",
                 "1:30",
                 "z\\",
                 "line1\n\nline3",
                 "a \nb",
                 "\xc2\x85",
                 "\xef\xbb\xbf",
                 "😀",
                 "\xc2\xa0x",
                 long_words,
                 long_words + "é",
                 "é " + long_words,
                 "'" + long_words + "\n" + long_words})}}),
      Value::dict(
          {{"nested",
            Value::list(
                {Value::list({1, Value::list({2, 3})}),
                 Value::tuple({4, Value::tuple({5})}),
                 Value::dict(
                     {{"x", Value::tuple()},
                      {"y", Value::list()},
                      {"z", Value::dict()}}),
                 Value::list(
                     {Value::dict({{"p", 1}, {"q", Value::list({1})}})})})},
           {1, "int key"},
           {std::string(130, 'k'), 1},
           {"", 2},
           {"x\ny", 3},
           {"yes", Value::dict({{"é", "é"}})}}),
      Value::dict(
          {{"model",
            Value::dict(
                {{"type", "ResNet"},
                 {"depth", 50},
                 {"out_indices", Value::tuple({0, 1, 2, 3})},
                 {"norm_cfg",
                  Value::dict({{"type", "BN"}, {"requires_grad", true}})}})},
           {"optimizer",
            Value::dict(
                {{"type", "SGD"}, {"lr", 0.02}, {"weight_decay", 1e-4}})},
           {"work_dir", "./work_dirs/a b"}}),
      Value::list({Value::tuple({1}), Value::tuple(), "x"}),
      Value(1),
      Value("yes"),
      Value(),
      Value::tuple({1, 2}),
  };
}

TEST(YamlFidelityTest, DumpsLikeCDumper) {
  MMENGINE_REQUIRE_REFERENCE();
  const auto values = dump_cases();
  json cases = json::array();
  for (const auto& v : values) {
    cases.push_back({{"format", "yaml"}, {"value", tagged(v)}});
  }
  const json ref = reference("dump", cases);
  for (std::size_t i = 0; i < values.size(); ++i) {
    SCOPED_TRACE(values[i].repr());
    EXPECT_EQ(dump_yaml(values[i]), ref[i].get<std::string>());
  }
}

TEST(YamlFidelityTest, DumpOptionsMatchPyYaml) {
  MMENGINE_REQUIRE_REFERENCE();
  const auto values = dump_cases();
  json cases = json::array();
  for (const auto& v : values) {
    cases.push_back(
        {{"format", "yaml"},
         {"value", tagged(v)},
         {"kwargs", {{"sort_keys", false}, {"allow_unicode", true}}}});
  }
  const json ref = reference("dump", cases);
  for (std::size_t i = 0; i < values.size(); ++i) {
    SCOPED_TRACE(values[i].repr());
    EXPECT_EQ(
        dump_yaml(values[i], {.sort_keys = false, .allow_unicode = true}),
        ref[i].get<std::string>());
  }
}

TEST(JsonFidelityTest, IndentedAndSortedDumpsMatch) {
  MMENGINE_REQUIRE_REFERENCE();
  const auto values = dump_cases();
  json cases = json::array();
  for (const auto& v : values) {
    cases.push_back(
        {{"format", "json"},
         {"value", tagged(v)},
         {"kwargs", {{"indent", 4}, {"ensure_ascii", false}}}});
  }
  const json ref = reference("dump", cases);
  for (std::size_t i = 0; i < values.size(); ++i) {
    SCOPED_TRACE(values[i].repr());
    EXPECT_EQ(
        dump_json(values[i], {.indent = 4, .ensure_ascii = false}),
        ref[i].get<std::string>());
  }
}

TEST(JsonFidelityTest, DumpsLikeJsonDumps) {
  MMENGINE_REQUIRE_REFERENCE();
  const auto values = dump_cases();
  json cases = json::array();
  for (const auto& v : values) {
    cases.push_back({{"format", "json"}, {"value", tagged(v)}});
  }
  const json ref = reference("dump", cases);
  for (std::size_t i = 0; i < values.size(); ++i) {
    SCOPED_TRACE(values[i].repr());
    EXPECT_EQ(dump_json(values[i]), ref[i].get<std::string>());
  }
}

}  // namespace
}  // namespace mmengine::config
