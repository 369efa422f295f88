#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mmengine/api.h"

namespace mmengine::utils {

/// Similarity of two strings in [0, 1]: 2*M/T with M the characters in
/// matching blocks. Mirrors `difflib.SequenceMatcher(None, a, b).ratio()`
/// (without the autojunk heuristic, which needs 200+ characters).
MMENGINE_API double sequence_ratio(std::string_view a, std::string_view b);

/// The best `n` candidates whose ratio to `word` is at least `cutoff`,
/// best first. Mirrors `difflib.get_close_matches`.
MMENGINE_API std::vector<std::string> get_close_matches(
    std::string_view word,
    const std::vector<std::string>& possibilities,
    size_t n = 3,
    double cutoff = 0.6);

}  // namespace mmengine::utils
