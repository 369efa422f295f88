#pragma once

// Private: the shared container nodes behind Value. Not installed.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "mmengine/config/value.h"

namespace mmengine::config::detail {

/// Elements of a list or tuple.
struct SeqNode {
  std::vector<Value> items;
};

/// An insertion-ordered dict. Small dicts (the common case) are scanned;
/// from kIndexMin items an open-addressing table maps key hashes to
/// positions (flat, so copying a node for copy-on-write is two memcpys).
struct DictNode {
  static constexpr std::size_t kIndexMin = 16;

  std::vector<Value::Item> items;
  /// Power-of-two table of (position + 1), 0 = free, at most half full;
  /// empty below kIndexMin items.
  std::vector<std::uint32_t> slots;

  /// Position of key in items, or nullopt.
  std::optional<std::size_t> position(const Key& key) const;
  /// d[key] = v: existing keys keep their position.
  void set(Key key, Value v);
  /// del d[key]; false when absent.
  bool erase(const Key& key);
  /// Recomputes `slots` (empty below kIndexMin items).
  void rebuild_index();

 private:
  void insert_slot(std::size_t hash, std::size_t pos);
};

}  // namespace mmengine::config::detail
