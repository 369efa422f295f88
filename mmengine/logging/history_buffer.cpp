#include "mmengine/logging/history_buffer.h"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>
#include <map>
#include <mutex>

#include "mmengine/utils/error.h"

namespace mmengine::logging {
namespace {

std::mutex& statistics_mutex() {
  static std::mutex mutex;
  return mutex;
}

std::map<std::string, HistoryBuffer::StatisticFn, std::less<>>&
custom_statistics() {
  static std::map<std::string, HistoryBuffer::StatisticFn, std::less<>> fns;
  return fns;
}

bool is_builtin(std::string_view name) {
  return name == "mean" || name == "max" || name == "min" || name == "current";
}

// numpy's pairwise_sum (umath loops): 8 accumulators up to 128 items,
// halves (multiples of 8) above. Matches np.sum bit for bit.
double pairwise(const std::deque<double>& a, std::size_t lo, std::size_t n) {
  if (n < 8) {
    double res = 0.;
    for (std::size_t i = 0; i < n; ++i) {
      res += a[lo + i];
    }
    return res;
  }
  if (n <= 128) {
    double r[8];
    for (std::size_t j = 0; j < 8; ++j) {
      r[j] = a[lo + j];
    }
    std::size_t i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (std::size_t j = 0; j < 8; ++j) {
        r[j] += a[lo + i + j];
      }
    }
    double res =
        ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) {
      res += a[lo + i];
    }
    return res;
  }
  std::size_t n2 = n / 2;
  n2 -= n2 % 8;
  return pairwise(a, lo, n2) + pairwise(a, lo + n2, n - n2);
}

double number_of(const config::Value& v, const char* what) {
  MMENGINE_CHECK_TYPE(
      v.is_number() || v.is_bool(),
      "HistoryBuffer: ",
      what,
      " must be int or float but got ",
      v.type_name(),
      " (",
      v.repr(),
      ")");
  return v.as<double>();
}

}  // namespace

HistoryBuffer::HistoryBuffer(std::int64_t max_length)
    : max_length_(max_length) {}

HistoryBuffer::HistoryBuffer(
    const std::vector<config::Value>& log_history,
    const std::vector<config::Value>& count_history,
    std::int64_t max_length)
    : max_length_(max_length) {
  MMENGINE_CHECK(
      log_history.size() == count_history.size(),
      "HistoryBuffer: The lengths of log_history and count_histroy should be "
      "equal (",
      log_history.size(),
      " vs ",
      count_history.size(),
      ")");
  integral_ = !log_history.empty();
  for (std::size_t i = 0; i < log_history.size(); ++i) {
    integral_ = integral_ && !log_history[i].is_float();
    values_.push_back(number_of(log_history[i], "log_val"));
    counts_.push_back(number_of(count_history[i], "count"));
  }
  if (static_cast<std::int64_t>(values_.size()) > max_length_) {
    std::cerr << "UserWarning: The length of history buffer(" << values_.size()
              << ") exceeds the max_length(" << max_length_
              << "), the first few elements will be ignored.\n";
    trim();
  }
}

void HistoryBuffer::update(const config::Value& value, double count) {
  const double v = number_of(value, "log_val");
  integral_ = integral_ && !value.is_float();
  values_.push_back(v);
  counts_.push_back(count);
  trim();
}

void HistoryBuffer::update(double value, double count) {
  integral_ = false;
  values_.push_back(value);
  counts_.push_back(count);
  trim();
}

void HistoryBuffer::trim() {
  const auto limit =
      static_cast<std::size_t>(std::max<std::int64_t>(max_length_, 0));
  while (values_.size() > limit) {
    values_.pop_front();
    counts_.pop_front();
  }
}

std::size_t HistoryBuffer::window_start(
    std::optional<std::int64_t> window_size) const {
  const auto n = static_cast<std::int64_t>(values_.size());
  // Python's a[-w:]: w == 0 and w >= n take everything, w < 0 skips |w|.
  if (!window_size.has_value() || *window_size == 0) {
    return 0;
  }
  const std::int64_t w = *window_size;
  if (w > 0) {
    return static_cast<std::size_t>(std::max<std::int64_t>(n - w, 0));
  }
  return static_cast<std::size_t>(std::min<std::int64_t>(-w, n));
}

double HistoryBuffer::numpy_sum(const std::deque<double>& data, std::size_t n) {
  return pairwise(data, data.size() - n, n);
}

double HistoryBuffer::mean(std::optional<std::int64_t> window_size) const {
  const std::size_t n = values_.size() - window_start(window_size);
  return numpy_sum(values_, n) / numpy_sum(counts_, n);
}

config::Value HistoryBuffer::as_value(double v) const {
  if (integral_) {
    return config::Value(static_cast<std::int64_t>(v));
  }
  return config::Value(v);
}

config::Value HistoryBuffer::max(
    std::optional<std::int64_t> window_size) const {
  const std::size_t start = window_start(window_size);
  MMENGINE_CHECK(
      start < values_.size(),
      "zero-size array to reduction operation maximum which has no identity");
  double best = values_[start];
  for (std::size_t i = start + 1; i < values_.size(); ++i) {
    if (std::isnan(values_[i]) || values_[i] > best) {
      best = values_[i];
    }
    if (std::isnan(best)) {
      break;
    }
  }
  return as_value(best);
}

config::Value HistoryBuffer::min(
    std::optional<std::int64_t> window_size) const {
  const std::size_t start = window_start(window_size);
  MMENGINE_CHECK(
      start < values_.size(),
      "zero-size array to reduction operation minimum which has no identity");
  double best = values_[start];
  for (std::size_t i = start + 1; i < values_.size(); ++i) {
    if (std::isnan(values_[i]) || values_[i] < best) {
      best = values_[i];
    }
    if (std::isnan(best)) {
      break;
    }
  }
  return as_value(best);
}

config::Value HistoryBuffer::current() const {
  MMENGINE_CHECK(
      !values_.empty(),
      "HistoryBuffer._log_history is an empty array! please call update "
      "first");
  return as_value(values_.back());
}

config::Value HistoryBuffer::statistics(
    std::string_view method_name,
    std::optional<std::int64_t> window_size) const {
  if (method_name == "mean") {
    return config::Value(mean(window_size));
  }
  if (method_name == "max") {
    return max(window_size);
  }
  if (method_name == "min") {
    return min(window_size);
  }
  if (method_name == "current") {
    MMENGINE_CHECK_TYPE(
        !window_size.has_value(),
        "HistoryBuffer.current() got an unexpected keyword argument "
        "'window_size'");
    return current();
  }
  StatisticFn fn;
  {
    std::lock_guard lock(statistics_mutex());
    auto it = custom_statistics().find(method_name);
    MMENGINE_CHECK_KEY(
        it != custom_statistics().end(),
        method_name,
        " has not been registered in HistoryBuffer._statistics_methods");
    fn = it->second;
  }
  return fn(*this, window_size);
}

void HistoryBuffer::register_statistics(
    const std::string& name, StatisticFn fn) {
  std::lock_guard lock(statistics_mutex());
  MMENGINE_CHECK(
      !is_builtin(name) && custom_statistics().count(name) == 0,
      "HistoryBuffer.register_statistics('",
      name,
      "'): method_name cannot be registered twice!");
  custom_statistics().emplace(name, std::move(fn));
}

bool HistoryBuffer::has_statistics(std::string_view name) {
  if (is_builtin(name)) {
    return true;
  }
  std::lock_guard lock(statistics_mutex());
  return custom_statistics().find(name) != custom_statistics().end();
}

config::Value HistoryBuffer::state_dict() const {
  std::vector<config::Value> values;
  std::vector<config::Value> counts;
  values.reserve(values_.size());
  counts.reserve(counts_.size());
  for (std::size_t i = 0; i < values_.size(); ++i) {
    values.push_back(as_value(values_[i]));
    const double c = counts_[i];
    counts.push_back(
        c == std::floor(c) && std::abs(c) < 9e15
            ? config::Value(static_cast<std::int64_t>(c))
            : config::Value(c));
  }
  return config::Value::dict(
      {{"max_length", max_length_},
       {"_log_history", config::Value::list(std::move(values))},
       {"_count_history", config::Value::list(std::move(counts))}});
}

HistoryBuffer HistoryBuffer::from_state_dict(const config::Value& state) {
  MMENGINE_CHECK(
      state.is_dict() && state.contains("_log_history") &&
          state.contains("_count_history"),
      "HistoryBuffer.from_state_dict: expected a dict with _log_history and "
      "_count_history, got ",
      state.repr());
  const auto max_length = state.get<std::int64_t>("max_length", 1000000);
  HistoryBuffer buffer(
      state["_log_history"].as<std::vector<config::Value>>(),
      state["_count_history"].as<std::vector<config::Value>>(),
      max_length);
  return buffer;
}

}  // namespace mmengine::logging
