#include "mmengine/config/value.h"

#include <cmath>
#include <limits>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "mmengine/utils/error.h"

namespace mmengine::config {
namespace {

Value sample_config() {
  return Value::dict({
      {"optim_wrapper",
       Value::dict(
           {{"type", "OptimWrapper"},
            {"optimizer", Value::dict({{"type", "SGD"}, {"lr", "0.1"}})}})},
      {"pipeline",
       Value::list(
           {Value::dict({{"type", "Load"}}),
            Value::dict(
                {{"type", "Resize"}, {"scale", Value::tuple({1, 2})}})})},
      {"depth", 50},
  });
}

// Runs fn, expects an error of type E, returns its message.
template <typename E, typename F>
std::string message_of(F&& fn) {
  try {
    fn();
  } catch (const E& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an exception";
  return {};
}

TEST(ValueTest, ScalarsHaveTheirPythonTypes) {
  EXPECT_STREQ(Value().type_name(), "NoneType");
  EXPECT_STREQ(Value(true).type_name(), "bool");
  EXPECT_STREQ(Value(3).type_name(), "int");
  EXPECT_STREQ(Value(std::size_t{3}).type_name(), "int");
  EXPECT_STREQ(Value(0.5).type_name(), "float");
  EXPECT_STREQ(Value("x").type_name(), "str");
  EXPECT_STREQ(Value::list().type_name(), "list");
  EXPECT_STREQ(Value::tuple().type_name(), "tuple");
  EXPECT_STREQ(Value::dict().type_name(), "dict");
  EXPECT_TRUE(Value(nullptr).is_none());
  EXPECT_TRUE(Value(std::string("s")).is_string());
}

TEST(ValueTest, AsConvertsLikePython) {
  EXPECT_EQ(Value(3).as<int>(), 3);
  EXPECT_EQ(Value(3).as<double>(), 3.0);
  EXPECT_EQ(Value(2.5).as<float>(), 2.5F);
  EXPECT_TRUE(Value(true).as<bool>());
  EXPECT_EQ(Value("abc").as<std::string>(), "abc");
  EXPECT_EQ(Value().as<std::optional<int>>(), std::nullopt);
  EXPECT_EQ(Value(4).as<std::optional<int>>(), 4);
  EXPECT_EQ(
      Value::tuple({1, 2}).as<std::vector<std::int64_t>>(),
      (std::vector<std::int64_t>{1, 2}));
}

TEST(ValueTest, TypeErrorNamesTheFullPathAndValue) {
  const Value cfg = sample_config();
  EXPECT_EQ(
      message_of<TypeError>(
          [&] { cfg["optim_wrapper"]["optimizer"]["lr"].as<double>(); }),
      "optim_wrapper.optimizer.lr: expected float, got str ('0.1')");
  EXPECT_EQ(
      message_of<TypeError>([&] { cfg.at("pipeline.1.scale").as<int>(); }),
      "pipeline[1].scale: expected int, got tuple ((1, 2))");
  EXPECT_EQ(
      message_of<TypeError>(
          [&] { cfg.at("pipeline.1.scale").as<std::vector<std::string>>(); }),
      "pipeline[1].scale[0]: expected str, got int (1)");
  EXPECT_EQ(
      message_of<TypeError>([] { Value(1.5).as<int>(); }),
      "expected int, got float (1.5)");
  EXPECT_THROW(Value(true).as<int>(), TypeError);
  EXPECT_THROW(Value(1).as<bool>(), TypeError);
}

TEST(ValueTest, IntConversionIsRangeChecked) {
  EXPECT_EQ(Value(300).as<std::int16_t>(), 300);
  EXPECT_EQ(
      message_of<ValueError>([] {
        Value::dict({{"n", 300}})["n"].as<std::uint8_t>();
      }),
      "n: 300 is out of range [0, 255]");
  EXPECT_THROW(Value(-1).as<unsigned>(), ValueError);
}

TEST(ValueTest, MissingKeyNamesPathAndAvailableKeys) {
  const Value cfg = sample_config();
  EXPECT_EQ(
      message_of<KeyError>([&] { cfg["optim_wrapper"]["optimzer"]; }),
      "optim_wrapper.optimzer: no such key (available: 'type', 'optimizer')");
  EXPECT_EQ(
      message_of<KeyError>([&] { cfg.at("pipeline.5"); }),
      "pipeline[5]: list index out of range (size 2)");
  EXPECT_EQ(
      message_of<KeyError>([] {
        const Value empty = Value::dict();
        empty["a"];
      }),
      "a: no such key (the dict is empty)");
  EXPECT_EQ(
      message_of<TypeError>([&] { cfg["depth"]["x"]; }),
      "depth: expected dict or list to look up 'x', got int (50)");
  EXPECT_EQ(
      message_of<TypeError>([&] { cfg["pipeline"]["x"]; }),
      "pipeline: list indices must be integers, not str ('x')");
}

TEST(ValueTest, GetReturnsFallbackOnlyWhenMissing) {
  const Value cfg = sample_config();
  EXPECT_EQ(cfg.get<int>("depth", 18), 50);
  EXPECT_EQ(cfg.get<int>("width", 18), 18);
  EXPECT_EQ(cfg["optim_wrapper"].get<std::string>("type", ""), "OptimWrapper");
  EXPECT_THROW(cfg.get<std::string>("depth", ""), TypeError);
  EXPECT_THROW(Value(1).get<int>("a", 0), TypeError);
}

TEST(ValueTest, AtFollowsAttributePathsAndIndices) {
  const Value cfg = sample_config();
  EXPECT_EQ(cfg.at("pipeline.1.type").as<std::string>(), "Resize");
  EXPECT_EQ(cfg.at("pipeline.-1.scale.0").as<int>(), 1);
  EXPECT_EQ(cfg.at("").size(), 3U);
  EXPECT_EQ(cfg.at("pipeline.1.scale").path(), "pipeline[1].scale");
  const Value int_keys = Value::dict({{1, "a"}, {"2", "b"}});
  EXPECT_EQ(int_keys.at("1").as<std::string>(), "a");
  EXPECT_EQ(int_keys.at("2").as<std::string>(), "b");
  EXPECT_TRUE(cfg.contains_path("optim_wrapper.optimizer.lr"));
  EXPECT_TRUE(cfg.contains_path("pipeline.0"));
  EXPECT_FALSE(cfg.contains_path("pipeline.7"));
  EXPECT_FALSE(cfg.contains_path("depth.x"));
}

TEST(ValueTest, DictKeepsInsertionOrderLikePython) {
  Value d = Value::dict({{"b", 1}, {"a", 2}, {"b", 3}});
  EXPECT_EQ(d.repr(), "{'b': 3, 'a': 2}");
  d["c"] = 4;
  d["b"] = 5;
  EXPECT_EQ(d.repr(), "{'b': 5, 'a': 2, 'c': 4}");
  EXPECT_TRUE(d.erase("b"));
  EXPECT_FALSE(d.erase("zz"));
  d.set("b", 6);
  EXPECT_EQ(d.repr(), "{'a': 2, 'c': 4, 'b': 6}");
  EXPECT_EQ(d.pop("a").as<int>(), 2);
  EXPECT_THROW(d.pop("a"), KeyError);
  std::vector<std::string> keys;
  for (const auto& [key, value] : d.items()) {
    keys.push_back(key.to_string() + "=" + value.repr());
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"c=4", "b=6"}));
}

TEST(ValueTest, IntAndStrKeysAreDistinct) {
  Value d = Value::dict({{1, "int"}, {"1", "str"}});
  EXPECT_EQ(d.size(), 2U);
  EXPECT_EQ(d[1].as<std::string>(), "int");
  EXPECT_EQ(d["1"].as<std::string>(), "str");
  EXPECT_EQ(d.repr(), "{1: 'int', '1': 'str'}");
  EXPECT_EQ(child_path("a", Key(1)), "a[1]");
}

TEST(ValueTest, LargeDictsStayOrderedThroughTheIndex) {
  Value d = Value::dict();
  for (int i = 0; i < 100; ++i) {
    d[fmt::format("k{}", i)] = i;
  }
  d["k3"] = -3;
  d.erase("k50");
  EXPECT_EQ(d.size(), 99U);
  EXPECT_EQ(d["k99"].as<int>(), 99);
  EXPECT_EQ(d["k3"].as<int>(), -3);
  EXPECT_FALSE(d.contains("k50"));
  EXPECT_EQ(d.keys()[3], Key("k3"));
  EXPECT_EQ(d.keys()[50], Key("k51"));
}

TEST(ValueTest, MutableItemsUpdateValuesInPlace) {
  Value d = Value::dict({{"a", 1}, {"b", 2}});
  for (auto [key, value] : d.items()) {
    value = value.as<int>() * 10;
  }
  EXPECT_EQ(d, Value::dict({{"a", 10}, {"b", 20}}));
}

TEST(ValueTest, NestedAssignmentCreatesOnlyTheLastKey) {
  Value cfg = sample_config();
  cfg["optim_wrapper"]["optimizer"]["momentum"] = 0.9;
  EXPECT_EQ(cfg.at("optim_wrapper.optimizer.momentum").as<double>(), 0.9);
  cfg.at("pipeline.0.type") = "LoadImage";
  EXPECT_EQ(cfg.at("pipeline.0.type").as<std::string>(), "LoadImage");
  cfg["pipeline"][1] = Value();
  EXPECT_TRUE(cfg.at("pipeline.1").is_none());
  EXPECT_EQ(
      message_of<KeyError>([&] { cfg["model"].as<int>(); }),
      "model: no such key (available: 'optim_wrapper', 'pipeline', 'depth')");
  EXPECT_EQ(
      message_of<KeyError>([&] { cfg["model"]["depth"] = 1; }),
      "model: no such key (available: 'optim_wrapper', 'pipeline', 'depth')");
  EXPECT_THROW(cfg["pipeline"][5] = 1, KeyError);
  Value t = Value::tuple({1});
  EXPECT_EQ(
      message_of<TypeError>([&] { t[0] = 2; }),
      "'tuple' object does not support item assignment");
}

TEST(ValueTest, RefAssignmentCopiesTheValue) {
  Value cfg = Value::dict({{"a", 1}, {"b", 2}});
  cfg["a"] = cfg["b"];
  EXPECT_EQ(cfg["a"].as<int>(), 2);
  EXPECT_TRUE(cfg["b"].exists());
  EXPECT_FALSE(cfg["c"].exists());
  Value& b = cfg["b"];
  b = 7;
  EXPECT_EQ(cfg["b"].as<int>(), 7);
  cfg["b"]->is_int();
  cfg.ref() = 5;
  EXPECT_EQ(cfg, Value(5));
}

TEST(ValueTest, RefsPassSubConfigsOnWithTheirPath) {
  const Value cfg = sample_config();
  const ConstRef optim = cfg["optim_wrapper"];
  EXPECT_EQ(
      message_of<TypeError>([&] { optim.at("optimizer.lr").as<double>(); }),
      "optim_wrapper.optimizer.lr: expected float, got str ('0.1')");
  const ConstRef rebased(cfg["depth"].value(), "model.depth");
  EXPECT_EQ(
      message_of<TypeError>([&] { rebased.as<std::string>(); }),
      "model.depth: expected str, got int (50)");
  Value mutable_cfg = cfg;
  std::vector<std::string> types;
  for (const auto& step : mutable_cfg["pipeline"].elements()) {
    types.push_back(step["type"].as<std::string>());
  }
  EXPECT_EQ(types, (std::vector<std::string>{"Load", "Resize"}));
  EXPECT_EQ(mutable_cfg["optim_wrapper"].items().size(), 2U);
  EXPECT_TRUE(mutable_cfg.shares_node_with(cfg));  // reads did not detach
}

TEST(ValueTest, CopiesShareNodesUntilMutation) {
  const Value original = sample_config();
  Value copy = original;
  EXPECT_TRUE(copy.shares_node_with(original));
  copy["optim_wrapper"]["optimizer"]["lr"] = 0.2;
  EXPECT_FALSE(copy.shares_node_with(original));
  EXPECT_EQ(original.at("optim_wrapper.optimizer.lr").as<std::string>(), "0.1");
  EXPECT_EQ(copy.at("optim_wrapper.optimizer.lr").as<double>(), 0.2);
  // Untouched subtrees stay shared.
  EXPECT_TRUE(copy["pipeline"].value().shares_node_with(original["pipeline"]));
}

TEST(ValueTest, ListOperationsFollowPython) {
  Value l = Value::list({1, 2});
  l.append("x");
  l.insert(0, 0);
  l.insert(-1, 9);
  l.insert(100, "end");
  EXPECT_EQ(l.repr(), "[0, 1, 2, 9, 'x', 'end']");
  l.erase_at(-1);
  l.erase_at(0);
  EXPECT_EQ(l.repr(), "[1, 2, 9, 'x']");
  EXPECT_EQ(
      message_of<KeyError>([&] { l.erase_at(4); }),
      "list index 4 out of range (size 4)");
  l.elements()[0] = 5;
  EXPECT_EQ(l[0].as<int>(), 5);
  l.clear();
  EXPECT_TRUE(l.empty());
  EXPECT_THROW(Value(1).append(2), TypeError);
}

TEST(ValueTest, SizeAndTruthiness) {
  EXPECT_EQ(Value("héllo").size(), 5U);
  EXPECT_EQ(
      message_of<TypeError>([] { Value(1).size(); }),
      "object of type 'int' has no len()");
  EXPECT_FALSE(Value().truthy());
  EXPECT_FALSE(Value(0.0).truthy());
  EXPECT_FALSE(Value("").truthy());
  EXPECT_FALSE(Value::dict().truthy());
  EXPECT_TRUE(Value::tuple({Value()}).truthy());
  EXPECT_FALSE(Value::dict().contains("a"));
  EXPECT_FALSE(Value(1).contains("a"));
}

TEST(ValueTest, EqualityFollowsPython) {
  EXPECT_EQ(Value(1), Value(1.0));
  EXPECT_EQ(Value(1), Value(true));
  EXPECT_EQ(Value(0.0), Value(false));
  EXPECT_NE(Value(1), Value("1"));
  EXPECT_NE(Value(), Value(0));
  EXPECT_EQ(Value(), Value());
  EXPECT_NE(Value::list({1, 2}), Value::tuple({1, 2}));
  EXPECT_EQ(Value::list({1, 2.0}), Value::list({1.0, 2}));
  EXPECT_EQ(
      Value::dict({{"a", 1}, {"b", 2}}), Value::dict({{"b", 2}, {"a", 1}}));
  EXPECT_NE(Value::dict({{"a", 1}}), Value::dict({{"a", 1}, {"b", 2}}));
  const Value refs = Value::dict({{"a", 1}, {"b", 1.0}, {"c", 2}});
  EXPECT_TRUE(refs["a"] == refs["b"]);
  EXPECT_TRUE(refs["a"] != refs["c"]);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_NE(Value(nan), Value(nan));
  EXPECT_NE(Value(std::int64_t{9007199254740993}), Value(9007199254740992.0));
}

TEST(ValueTest, ReprMatchesPython) {
  EXPECT_EQ(Value().repr(), "None");
  EXPECT_EQ(Value(false).repr(), "False");
  EXPECT_EQ(Value(-7).repr(), "-7");
  EXPECT_EQ(Value::tuple({1}).repr(), "(1,)");
  EXPECT_EQ(Value::tuple().repr(), "()");
  EXPECT_EQ(
      Value::list({Value(), "a", Value::dict({{"k", 1.5}})}).repr(),
      "[None, 'a', {'k': 1.5}]");
  EXPECT_EQ(Value("s").str(), "s");
  std::ostringstream os;
  os << Value::dict({{"a", Value::tuple({1.5})}});
  EXPECT_EQ(os.str(), "{'a': (1.5,)}");
  EXPECT_EQ(Value::list({"s"}).str(), "['s']");
}

TEST(ValueTest, FloatReprIsPythonsShortestRoundTrip) {
  const std::vector<std::pair<double, std::string>> cases = {
      {0.1, "0.1"},
      {1.0, "1.0"},
      {-0.0, "-0.0"},
      {1e-05, "1e-05"},
      {0.0001, "0.0001"},
      {1e16, "1e+16"},
      {1e15, "1000000000000000.0"},
      {123456789012345678.0, "1.2345678901234568e+17"},
      {1.5e-10, "1.5e-10"},
      {0.30000000000000004, "0.30000000000000004"},
      {2.5e300, "2.5e+300"},
      {5e-324, "5e-324"},
      {std::numeric_limits<double>::infinity(), "inf"},
      {-std::numeric_limits<double>::infinity(), "-inf"},
      {std::numeric_limits<double>::quiet_NaN(), "nan"},
  };
  for (const auto& [value, text] : cases) {
    EXPECT_EQ(float_repr(value), text);
  }
}

TEST(ValueTest, StringReprChoosesQuotesAndEscapesLikePython) {
  EXPECT_EQ(string_repr("abc"), "'abc'");
  EXPECT_EQ(string_repr("it's"), "\"it's\"");
  EXPECT_EQ(string_repr("say \"hi\""), "'say \"hi\"'");
  EXPECT_EQ(string_repr("both ' and \""), "'both \\' and \"'");
  EXPECT_EQ(string_repr("a\\b\n\t\r"), "'a\\\\b\\n\\t\\r'");
  EXPECT_EQ(string_repr(std::string("\0\x1f\x7f", 3)), "'\\x00\\x1f\\x7f'");
  EXPECT_EQ(string_repr("é中😀"), "'é中😀'");
  EXPECT_EQ(string_repr("\xc2\xa0\xe2\x80\x8b"), "'\\xa0\\u200b'");
  EXPECT_EQ(string_repr("\xff"), "'\\xff'");
}

TEST(ValueTest, LargeDictsFindEveryKeyAfterEdits) {
  Value d = Value::dict();
  for (int i = 0; i < 200; ++i) {
    d.set(Key(i % 2 == 0 ? Key(std::to_string(i)) : Key(i)), i);
  }
  for (int i = 0; i < 200; i += 7) {
    EXPECT_TRUE(d.erase(i % 2 == 0 ? Key(std::to_string(i)) : Key(i)));
  }
  Value copy = d;  // copy-on-write: the first write clones the node
  copy.set(Key("new"), -1);
  EXPECT_FALSE(d.contains(Key("new")));
  for (int i = 0; i < 200; ++i) {
    const Key key = i % 2 == 0 ? Key(std::to_string(i)) : Key(i);
    EXPECT_EQ(copy.contains(key), i % 7 != 0) << i;
    if (i % 7 != 0) {
      EXPECT_EQ(copy[key].as<int>(), i);
    }
  }
  EXPECT_EQ(copy.keys().back(), Key("new"));
  EXPECT_EQ(copy.size(), 200 - 29 + 1);
}

}  // namespace
}  // namespace mmengine::config
