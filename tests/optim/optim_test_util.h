#pragma once

// Helpers shared by the optimizer-wrapper tests.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mmengine/config/value.h"

namespace mmengine::optim::test {

/// Python-style equality where numbers compare by value (1 == 1.0), so
/// options match across int/float spellings; reports the first difference.
inline ::testing::AssertionResult values_match(
    const config::Value& a,
    const config::Value& b,
    const std::string& at = "") {
  if (a.is_number() && b.is_number()) {
    if (a.as<double>() == b.as<double>()) {
      return ::testing::AssertionSuccess();
    }
  } else if (a.is_dict() && b.is_dict()) {
    if (a.size() != b.size()) {
      return ::testing::AssertionFailure()
             << at << ": " << a.repr() << " != " << b.repr();
    }
    for (size_t i = 0; i < a.items().size(); ++i) {
      const auto& [ka, va] = a.items()[i];
      const auto& [kb, vb] = b.items()[i];
      if (!(ka == kb)) {
        return ::testing::AssertionFailure()
               << at << ": key " << ka.repr() << " != " << kb.repr();
      }
      auto r = values_match(va, vb, at + "." + ka.to_string());
      if (!r) {
        return r;
      }
    }
    return ::testing::AssertionSuccess();
  } else if (a.is_sequence() && b.is_sequence()) {
    if (a.size() != b.size()) {
      return ::testing::AssertionFailure()
             << at << ": " << a.repr() << " != " << b.repr();
    }
    for (size_t i = 0; i < a.size(); ++i) {
      auto r = values_match(
          a.elements()[i], b.elements()[i], at + "[" + std::to_string(i) + "]");
      if (!r) {
        return r;
      }
    }
    return ::testing::AssertionSuccess();
  } else if (a == b) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << at << ": " << a.repr() << " != " << b.repr();
}

/// The message of the mmengine::Error `fn` throws ("" when none).
template <typename Fn>
std::string error_message(Fn&& fn) {
  try {
    fn();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

}  // namespace mmengine::optim::test
