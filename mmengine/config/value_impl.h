#pragma once

// Private: the shared container nodes behind Value. Not installed.

#include <cstddef>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "mmengine/config/value.h"

namespace mmengine::config::detail {

/// Elements of a list or tuple.
struct SeqNode {
  std::vector<Value> items;
};

/// An insertion-ordered dict. Small dicts (the common case) are scanned;
/// past kIndexMin items a hash index maps keys to positions.
struct DictNode {
  static constexpr std::size_t kIndexMin = 16;

  std::vector<Value::Item> items;
  std::unordered_map<Key, std::size_t, KeyHash> index;

  /// Position of key in items, or nullopt.
  std::optional<std::size_t> position(const Key& key) const;
  /// d[key] = v: existing keys keep their position.
  void set(Key key, Value v);
  /// del d[key]; false when absent.
  bool erase(const Key& key);
  /// Recomputes `index` (empty below kIndexMin items).
  void rebuild_index();
};

}  // namespace mmengine::config::detail
