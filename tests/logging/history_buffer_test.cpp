#include "mmengine/logging/history_buffer.h"

#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "mmengine/utils/error.h"

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

}  // namespace
}  // namespace mmengine::logging
