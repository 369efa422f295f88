#include "mmengine/config/dict_action.h"

#include <cmath>

#include <gtest/gtest.h>

#include "mmengine/utils/error.h"

namespace mmengine::config {
namespace {

std::string parsed(std::string_view text) {
  return parse_option_value(text).repr();
}

TEST(DictActionTest, Scalars) {
  EXPECT_EQ(parsed("1"), "1");
  EXPECT_EQ(parsed("-3"), "-3");
  EXPECT_EQ(parsed("1_000"), "1000");
  EXPECT_EQ(parsed("1e3"), "1000.0");
  EXPECT_EQ(parsed("1."), "1.0");
  EXPECT_EQ(parsed(".5"), "0.5");
  EXPECT_EQ(parsed("inf"), "inf");
  EXPECT_TRUE(std::isnan(parse_option_value("nan").as<double>()));
  EXPECT_EQ(parsed("TRUE"), "True");
  EXPECT_EQ(parsed("false"), "False");
  EXPECT_EQ(parsed("None"), "None");
  EXPECT_EQ(parsed("none"), "'none'");
  EXPECT_EQ(parsed("0x10"), "'0x10'");
  EXPECT_EQ(parsed("abc"), "'abc'");
  EXPECT_EQ(parsed(""), "''");
}

TEST(DictActionTest, QuotesAndSpaces) {
  EXPECT_EQ(parsed("'a b'"), "'ab'");
  EXPECT_EQ(parsed("\"None\""), "None");
  EXPECT_EQ(parsed("'[a, b]'"), "['a', 'b']");
  EXPECT_EQ(parsed("\"x,y\""), "['x', 'y']");
  EXPECT_EQ(parsed("[ 'x', \"y\" ]"), "['x', 'y']");
}

TEST(DictActionTest, ListsAndTuples) {
  EXPECT_EQ(parsed("1,2,3"), "[1, 2, 3]");
  EXPECT_EQ(parsed("[1,2,3]"), "[1, 2, 3]");
  EXPECT_EQ(parsed("(1,2)"), "(1, 2)");
  EXPECT_EQ(parsed("[(1,2),(3,4)]"), "[(1, 2), (3, 4)]");
  EXPECT_EQ(parsed("[[1,[2,3]],(a,b)]"), "[[1, [2, 3]], ('a', 'b')]");
  EXPECT_EQ(parsed("[]"), "[]");
  EXPECT_EQ(parsed("()"), "()");
  EXPECT_EQ(parsed("[1,]"), "[1]");
  EXPECT_EQ(parsed(","), "['']");
  EXPECT_EQ(parsed("(5)"), "(5,)");
}

TEST(DictActionTest, ImbalancedBrackets) {
  try {
    parse_option_value("[1,(2]");
    FAIL() << "expected ValueError";
  } catch (const ValueError& e) {
    EXPECT_STREQ(e.what(), "Imbalanced brackets exist in 1,(2");
  }
}

TEST(DictActionTest, OptionSplitsAtFirstEquals) {
  auto [key, value] = parse_option("q=a=b");
  EXPECT_EQ(key, "q");
  EXPECT_EQ(value.repr(), "'a=b'");
  auto [k2, v2] = parse_option("n=");
  EXPECT_EQ(k2, "n");
  EXPECT_EQ(v2.repr(), "''");
}

TEST(DictActionTest, OptionWithoutEqualsIsAnError) {
  try {
    parse_option("model.depth");
    FAIL() << "expected ValueError";
  } catch (const ValueError& e) {
    EXPECT_NE(std::string(e.what()).find("'model.depth'"), std::string::npos);
  }
}

TEST(DictActionTest, LaterOptionsWinInFirstPosition) {
  const Value opts = parse_options({"m=1", "a.b=x", "m=2"});
  EXPECT_EQ(opts.repr(), "{'m': 2, 'a.b': 'x'}");
}

}  // namespace
}  // namespace mmengine::config
