#pragma once

/// HistoryBuffer: the history of one logged scalar, with windowed
/// statistics.
///
///   HistoryBuffer buf;
///   buf.update(2.0, 2);
///   buf.update(4.0);
///   buf.mean();        // 2.0: sum(values) / sum(counts)
///   buf.statistics("max", 1).as<double>();   // 4.0

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/value.h"

namespace mmengine::logging {

/// Two parallel histories (values and counts) trimmed to `max_length`.
/// Mirrors `mmengine.logging.HistoryBuffer`, including numpy's dtype rule:
/// a buffer created from ints stays integral (max/min/current return ints)
/// until a float is appended; sums use numpy's pairwise summation so means
/// are bit-identical. Differs in storing int values as doubles.
class MMENGINE_API HistoryBuffer {
 public:
  /// A custom statistic: (buffer, window_size or nullopt) -> int or float.
  using StatisticFn = std::function<config::Value(
      const HistoryBuffer&, std::optional<std::int64_t>)>;

  /// Empty float buffer (`HistoryBuffer()`).
  explicit HistoryBuffer(std::int64_t max_length = 1000000);
  /// From histories (ints, floats; all ints -> an integral buffer). Lengths
  /// must match (ValueError); only the last max_length are kept (warning).
  HistoryBuffer(
      const std::vector<config::Value>& log_history,
      const std::vector<config::Value>& count_history,
      std::int64_t max_length = 1000000);

  /// Appends value (int or float; TypeError otherwise) with its count.
  void update(const config::Value& value, double count = 1);
  /// Appends a float value.
  void update(double value, double count = 1);

  /// sum(values[-w:]) / sum(counts[-w:]); nullopt: all. Empty: NaN.
  double mean(std::optional<std::int64_t> window_size = std::nullopt) const;
  /// Max / min of values[-w:] (int when integral). ValueError when empty.
  config::Value max(
      std::optional<std::int64_t> window_size = std::nullopt) const;
  config::Value min(
      std::optional<std::int64_t> window_size = std::nullopt) const;
  /// The last value. ValueError "HistoryBuffer._log_history is an empty
  /// array! please call update first" when empty.
  config::Value current() const;
  /// Dispatch by name ("mean", "max", "min", "current", or registered).
  /// KeyError "<name> has not been registered in
  /// HistoryBuffer._statistics_methods"; TypeError when "current" gets a
  /// window (Python's unexpected keyword argument).
  config::Value statistics(
      std::string_view method_name,
      std::optional<std::int64_t> window_size = std::nullopt) const;
  /// Registers a named statistic for all buffers; a second registration of
  /// a name is a ValueError ("method_name cannot be registered twice!").
  static void register_statistics(const std::string& name, StatisticFn fn);
  /// True when `name` is a built-in or registered statistic.
  static bool has_statistics(std::string_view name);

  /// The histories (`data`).
  const std::deque<double>& log_history() const noexcept {
    return values_;
  }
  const std::deque<double>& count_history() const noexcept {
    return counts_;
  }
  /// True while every value is an int (numpy int64 dtype).
  bool is_integral() const noexcept {
    return integral_;
  }
  std::int64_t max_length() const noexcept {
    return max_length_;
  }
  std::size_t size() const noexcept {
    return values_.size();
  }

  /// Plain-value state for checkpoints: {"max_length": n, "_log_history":
  /// [...], "_count_history": [...]} (the pickled attribute names).
  config::Value state_dict() const;
  /// Rebuilds from state_dict(); ValueError on a malformed state.
  static HistoryBuffer from_state_dict(const config::Value& state);

  /// numpy's pairwise sum of the last `n` entries of `data` (bit-exact).
  static double numpy_sum(const std::deque<double>& data, std::size_t n);

 private:
  std::size_t window_start(std::optional<std::int64_t> window_size) const;
  config::Value as_value(double v) const;
  void trim();

  std::int64_t max_length_;
  std::deque<double> values_;
  std::deque<double> counts_;
  bool integral_ = false;
};

}  // namespace mmengine::logging
