#include "mmengine/logging/history_buffer.h"

#include <cmath>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "mmengine/config/json_io.h"
#include "mmengine/utils/error.h"
#include "tests/support/fidelity.h"
#include "tests/support/temp_dir.h"

namespace mmengine::logging {
namespace {

using config::Value;

TEST(HistoryBufferTest, MeanIsSumOfValuesOverSumOfCounts) {
  HistoryBuffer buf;
  buf.update(2.0, 2);
  buf.update(4.0, 1);
  EXPECT_DOUBLE_EQ(buf.mean(), 2.0);
  EXPECT_DOUBLE_EQ(buf.mean(1), 4.0);
  EXPECT_EQ(buf.max().as<double>(), 4.0);
  EXPECT_EQ(buf.min().as<double>(), 2.0);
  EXPECT_EQ(buf.current().as<double>(), 4.0);
  EXPECT_TRUE(buf.current().is_float());
}

TEST(HistoryBufferTest, WindowsFollowPythonSlices) {
  HistoryBuffer buf({1, 2, 3, 4}, {1, 1, 1, 1});
  EXPECT_DOUBLE_EQ(buf.mean(2), 3.5);
  EXPECT_DOUBLE_EQ(buf.mean(0), 2.5);  // a[-0:] is everything
  EXPECT_DOUBLE_EQ(buf.mean(100), 2.5);
  EXPECT_DOUBLE_EQ(buf.mean(-3), 4.0);  // a[3:]
  EXPECT_EQ(buf.max(3), Value(4));
  EXPECT_EQ(buf.min(3), Value(2));
}

TEST(HistoryBufferTest, IntBuffersStayIntegralUntilAFloatArrives) {
  HistoryBuffer buf({3}, {1});
  buf.update(Value(5));
  EXPECT_TRUE(buf.current().is_int());
  EXPECT_TRUE(buf.max().is_int());
  buf.update(Value(0.5));
  EXPECT_TRUE(buf.current().is_float());
  EXPECT_TRUE(buf.max().is_float());
  HistoryBuffer empty;
  empty.update(Value(1));
  EXPECT_TRUE(empty.current().is_float());  // np.array([]) is float64
}

TEST(HistoryBufferTest, MaxLengthKeepsTheLatest) {
  HistoryBuffer buf(3);
  for (int i = 0; i < 5; ++i) {
    buf.update(static_cast<double>(i));
  }
  EXPECT_EQ(buf.size(), 3U);
  EXPECT_DOUBLE_EQ(buf.mean(), 3.0);
  HistoryBuffer trimmed({1, 2, 3}, {1, 1, 1}, 2);
  EXPECT_EQ(trimmed.size(), 2U);
}

TEST(HistoryBufferTest, PairwiseSumMatchesNumpyNotNaiveSum) {
  // 0.1 added 10 times: numpy's pairwise sum gives 1.0, a loop 0.9999999.
  HistoryBuffer buf;
  for (int i = 0; i < 10; ++i) {
    buf.update(0.1);
  }
  EXPECT_EQ(buf.mean(), 0.1);
  double naive = 0;
  for (int i = 0; i < 10; ++i) {
    naive += 0.1;
  }
  EXPECT_NE(naive / 10, 0.1);
}

TEST(HistoryBufferTest, StatisticsDispatchAndErrors) {
  HistoryBuffer buf({1.0, 5.0}, {1, 1});
  EXPECT_EQ(buf.statistics("max").as<double>(), 5.0);
  EXPECT_EQ(buf.statistics("mean", 1).as<double>(), 5.0);
  try {
    buf.statistics("median");
    FAIL();
  } catch (const KeyError& e) {
    EXPECT_STREQ(
        e.what(),
        "median has not been registered in "
        "HistoryBuffer._statistics_methods");
  }
  EXPECT_THROW(buf.statistics("current", 1), TypeError);
  HistoryBuffer empty;
  try {
    empty.current();
    FAIL();
  } catch (const ValueError& e) {
    EXPECT_STREQ(
        e.what(),
        "HistoryBuffer._log_history is an empty array! please call update "
        "first");
  }
  EXPECT_TRUE(std::isnan(empty.mean()));
  EXPECT_THROW(empty.max(), ValueError);
  EXPECT_THROW(buf.update(Value("x")), TypeError);
  EXPECT_THROW(HistoryBuffer({1, 2}, {1}), ValueError);
}

TEST(HistoryBufferTest, RegisteredStatistics) {
  HistoryBuffer::register_statistics(
      "range_test", [](const HistoryBuffer& b, std::optional<std::int64_t> w) {
        return Value(b.max(w).as<double>() - b.min(w).as<double>());
      });
  EXPECT_THROW(
      HistoryBuffer::register_statistics(
          "range_test", [](const HistoryBuffer&, auto) { return Value(); }),
      ValueError);
  EXPECT_THROW(
      HistoryBuffer::register_statistics(
          "mean", [](const HistoryBuffer&, auto) { return Value(); }),
      ValueError);
  HistoryBuffer buf({1.0, 5.0, 2.0}, {1, 1, 1});
  EXPECT_EQ(buf.statistics("range_test").as<double>(), 4.0);
  EXPECT_EQ(buf.statistics("range_test", 1).as<double>(), 0.0);
}

TEST(HistoryBufferTest, StateDictRoundTrip) {
  HistoryBuffer buf({1, 2}, {1, 3}, 7);
  const Value state = buf.state_dict();
  EXPECT_EQ(
      state.repr(),
      "{'max_length': 7, '_log_history': [1, 2], '_count_history': [1, 3]}");
  const HistoryBuffer back = HistoryBuffer::from_state_dict(state);
  EXPECT_TRUE(back.is_integral());
  EXPECT_EQ(back.max_length(), 7);
  EXPECT_DOUBLE_EQ(back.mean(), 0.75);
  EXPECT_THROW(HistoryBuffer::from_state_dict(Value(1)), ValueError);
}

using nlohmann::json;

json buffer_cases() {
  const json queries = json::array(
      {{"mean", nullptr},
       {"mean", 10},
       {"mean", 129},
       {"mean", 200},
       {"mean", 0},
       {"mean", -5},
       {"max", 7},
       {"max", nullptr},
       {"min", nullptr},
       {"min", 3},
       {"current", nullptr}});
  json cases = json::array();
  json updates = json::array();
  for (int i = 0; i < 300; ++i) {
    updates.push_back({std::sin(i * 0.37) * std::pow(10.0, i % 7 - 3), 1});
  }
  cases.push_back(
      {{"init", nullptr},
       {"updates", updates},
       {"max_length", 1000000},
       {"queries", queries}});
  json weighted = json::array();
  for (int i = 0; i < 40; ++i) {
    weighted.push_back({0.1 * i + 0.05, i % 4 + 1});
  }
  cases.push_back(
      {{"init", nullptr},
       {"updates", weighted},
       {"max_length", 1000000},
       {"queries", queries}});
  cases.push_back(
      {{"init", {{3, 5, 7}, {1, 2, 1}}},
       {"updates", {{11, 1}, {-4, 3}}},
       {"max_length", 1000000},
       {"queries", queries}});
  cases.push_back(
      {{"init", {{3, 5, 7}, {1, 2, 1}}},
       {"updates", {{11, 1}, {0.5, 1}}},
       {"max_length", 4},
       {"queries", queries}});
  cases.push_back(
      {{"init", nullptr},
       {"updates", updates},
       {"max_length", 50},
       {"queries", queries}});
  cases.push_back(
      {{"init", nullptr},
       {"updates", json::array()},
       {"max_length", 10},
       {"queries", queries}});
  return cases;
}

std::string replay_buffer(const json& c) {
  auto to_values = [](const json& list) {
    std::vector<config::Value> out;
    for (const json& v : list) {
      out.push_back(config::parse_json(v.dump()));
    }
    return out;
  };
  const auto max_length = c["max_length"].get<std::int64_t>();
  HistoryBuffer buf =
      c["init"].is_null()
          ? HistoryBuffer(max_length)
          : HistoryBuffer(
                to_values(c["init"][0]), to_values(c["init"][1]), max_length);
  for (const json& u : c["updates"]) {
    buf.update(config::parse_json(u[0].dump()), u[1].get<double>());
  }
  Value results = Value::list();
  for (const json& q : c["queries"]) {
    std::optional<std::int64_t> window;
    if (!q[1].is_null()) {
      window = q[1].get<std::int64_t>();
    }
    try {
      results.append(buf.statistics(q[0].get<std::string>(), window));
    } catch (const Error& e) {
      results.append(Value::list({"error", e.kind()}));
    }
  }
  return config::dump_json(results);
}

TEST(HistoryBufferFidelityTest, StatisticsAreBitIdentical) {
  MMENGINE_REQUIRE_REFERENCE();
  const json cases = buffer_cases();
  testing::TempDir dir;
  const auto path = dir.path() / "cases.json";
  std::ofstream(path) << cases.dump();
  const json refs =
      testing::run_reference("log_history_buffer.py", {path.string()});
  ASSERT_EQ(refs.size(), cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(replay_buffer(cases[i]), refs[i].get<std::string>())
        << "case " << i;
  }
}

}  // namespace
}  // namespace mmengine::logging
