#include "mmengine/config/json_io.h"

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

std::string parse_error(std::string_view text) {
  try {
    parse_json(text, "cfg.json");
  } catch (const ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a ConfigError for: " << text;
  return {};
}

TEST(JsonIoTest, ParsesScalarsWithPythonTypes) {
  const Value v = parse_json(
      R"([null, true, false, 0, -0, -0.0, 1.5, 1e5, 2E-3, "s", 9223372036854775807])");
  EXPECT_EQ(
      v.repr(),
      "[None, True, False, 0, 0, -0.0, 1.5, 100000.0, 0.002, 's', "
      "9223372036854775807]");
  EXPECT_TRUE(v[4].is_int());
  EXPECT_TRUE(std::signbit(v[5].as<double>()));
  EXPECT_TRUE(v[7].is_float());
}

TEST(JsonIoTest, AcceptsPythonsNonFiniteLiterals) {
  const Value v =
      parse_json("[NaN, Infinity, -Infinity, 1E400, -1e400, 1e-400]");
  EXPECT_EQ(v.repr(), "[nan, inf, -inf, inf, -inf, 0.0]");
  const std::string tiny = "-0." + std::string(400, '0') + "1";
  const std::string huge = "1" + std::string(400, '0') + ".5";
  EXPECT_EQ(parse_json("[" + tiny + ", " + huge + "]").repr(), "[-0.0, inf]");
}

TEST(JsonIoTest, RepeatedKeyKeepsFirstPositionAndLastValue) {
  const Value v = parse_json(R"({"a": 1, "b": 2, "a": 3})");
  EXPECT_EQ(v.repr(), "{'a': 3, 'b': 2}");
}

TEST(JsonIoTest, DecodesEscapesAndSurrogatePairs) {
  const Value v =
      parse_json(R"(["\"\\\/\b\f\n\r\t", "\u00e9\ud83d\ude00", "é"])");
  EXPECT_EQ(v[0].as<std::string>(), "\"\\/\b\f\n\r\t");
  EXPECT_EQ(v[1].as<std::string>(), "é😀");
  EXPECT_EQ(v[2].as<std::string>(), "é");
}

TEST(JsonIoTest, ErrorsNameSourceLineColumnWithPythonsMessage) {
  EXPECT_EQ(parse_error(""), "cfg.json:1:1: Expecting value");
  EXPECT_EQ(parse_error("[1,]"), "cfg.json:1:4: Expecting value");
  EXPECT_EQ(parse_error("{\"a\" 1}"), "cfg.json:1:6: Expecting ':' delimiter");
  EXPECT_EQ(
      parse_error("{a:1}"),
      "cfg.json:1:2: Expecting property name enclosed in double quotes");
  EXPECT_EQ(parse_error("[1 2]"), "cfg.json:1:4: Expecting ',' delimiter");
  EXPECT_EQ(
      parse_error("\"abc"), "cfg.json:1:1: Unterminated string starting at");
  EXPECT_EQ(parse_error(R"("a\x")"), "cfg.json:1:3: Invalid \\escape");
  EXPECT_EQ(parse_error("[1]x"), "cfg.json:1:4: Extra data");
  EXPECT_EQ(parse_error("01"), "cfg.json:1:2: Extra data");
  EXPECT_EQ(
      parse_error("\"\t\""), "cfg.json:1:2: Invalid control character at");
  EXPECT_EQ(parse_error("[\n  1,\n  ]"), "cfg.json:3:3: Expecting value");
  EXPECT_EQ(parse_error("[\"é\", x]"), "cfg.json:1:7: Expecting value");
  EXPECT_EQ(parse_error(R"("\u12")"), "cfg.json:1:2: Invalid \\uXXXX escape");
  EXPECT_EQ(parse_error("1."), "cfg.json:1:2: Extra data");
  EXPECT_EQ(parse_error("[1e]"), "cfg.json:1:3: Expecting ',' delimiter");
  EXPECT_EQ(
      parse_error("99999999999999999999"),
      "cfg.json:1:1: integer 99999999999999999999 is out of the supported "
      "int64 range");
  EXPECT_EQ(
      parse_error("\xEF\xBB\xBF{}"),
      "cfg.json:1:1: Unexpected UTF-8 BOM (decode using utf-8-sig)");
  EXPECT_EQ(
      parse_error(std::string(2000, '[')),
      "cfg.json:1:1002: maximum nesting depth exceeded");
}

TEST(JsonIoTest, DumpsLikeJsonDumps) {
  const Value v = Value::dict({
      {"a", Value::list({1, 2.0, Value::tuple({3})})},
      {"b", Value::dict()},
      {"c", Value::list()},
      {1, Value()},
      {"é",
       "\x7f"
       "é😀"},
      {"t", true},
      {"n", std::numeric_limits<double>::quiet_NaN()},
      {"i", -std::numeric_limits<double>::infinity()},
  });
  EXPECT_EQ(
      dump_json(v),
      R"({"a": [1, 2.0, [3]], "b": {}, "c": [], "1": null, )"
      R"("\u00e9": "\u007f\u00e9\ud83d\ude00", "t": true, "n": NaN, )"
      R"("i": -Infinity})");
  EXPECT_EQ(
      dump_json(
          Value::dict({{"a", Value::list({1, Value::dict({{"b", 1e-05}})})}}),
          {.indent = 4}),
      "{\n    \"a\": [\n        1,\n        {\n            \"b\": 1e-05\n"
      "        }\n    ]\n}");
  EXPECT_EQ(
      dump_json(Value("é\n\"q\""), {.ensure_ascii = false}),
      "\"é\\n\\\"q\\\"\"");
}

TEST(JsonIoTest, SortKeysRejectsMixedKeyTypes) {
  EXPECT_EQ(
      dump_json(Value::dict({{"b", 1}, {"a", 2}}), {.sort_keys = true}),
      R"({"a": 2, "b": 1})");
  EXPECT_THROW(
      dump_json(Value::dict({{"b", 1}, {2, 2}}), {.sort_keys = true}),
      TypeError);
}

TEST(JsonIoTest, RoundTripsThroughAFile) {
  testing::TempDir dir;
  const auto file = dir.path() / "cfg.json";
  const Value v = Value::dict(
      {{"model", Value::dict({{"depth", 50}, {"lr", 0.1}, {"name", "r"}})},
       {"stages", Value::tuple({1, 2})}});
  dump_json_file(v, file, {.indent = 2});
  const Value back = load_json(file);
  EXPECT_EQ(back["model"], v["model"].value());
  EXPECT_TRUE(back["stages"].is_list());
  EXPECT_EQ(
      std::distance(
          std::filesystem::directory_iterator(dir.path()),
          std::filesystem::directory_iterator()),
      1);
}

TEST(JsonIoTest, FileErrorsNameThePath) {
  testing::TempDir dir;
  const auto missing = dir.path() / "missing.json";
  try {
    load_json(missing);
    FAIL() << "expected a FileError";
  } catch (const FileError& e) {
    EXPECT_EQ(
        std::string(e.what()),
        "[Errno 2] No such file or directory: '" + missing.string() + "'");
  }
  const auto bad = dir.path() / "bad.json";
  std::ofstream(bad) << "{\"a\": }";
  try {
    load_json(bad);
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), bad.string() + ":1:7: Expecting value");
  }
  EXPECT_THROW(
      dump_json_file(Value(1), dir.path() / "no/such/dir.json"), FileError);
}

}  // namespace
}  // namespace mmengine::config
