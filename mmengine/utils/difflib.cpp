#include "mmengine/utils/difflib.h"

#include <algorithm>
#include <tuple>

namespace mmengine::utils {

namespace {

struct Match {
  size_t a = 0;
  size_t b = 0;
  size_t size = 0;
};

// Longest common block in a[alo, ahi) x b[blo, bhi), earliest in a, then b,
// as SequenceMatcher.find_longest_match (no junk).
Match longest_match(
    std::string_view a,
    std::string_view b,
    size_t alo,
    size_t ahi,
    size_t blo,
    size_t bhi) {
  Match best{alo, blo, 0};
  std::vector<size_t> prev(b.size() + 1, 0);
  std::vector<size_t> cur(b.size() + 1, 0);
  for (size_t i = alo; i < ahi; ++i) {
    for (size_t j = blo; j < bhi; ++j) {
      cur[j + 1] = a[i] == b[j] ? prev[j] + 1 : 0;
      if (cur[j + 1] > best.size) {
        best = {i + 1 - cur[j + 1], j + 1 - cur[j + 1], cur[j + 1]};
      }
    }
    std::swap(prev, cur);
    std::fill(cur.begin(), cur.end(), 0);
  }
  return best;
}

size_t matched_chars(
    std::string_view a,
    std::string_view b,
    size_t alo,
    size_t ahi,
    size_t blo,
    size_t bhi) {
  if (alo >= ahi || blo >= bhi) {
    return 0;
  }
  const Match m = longest_match(a, b, alo, ahi, blo, bhi);
  if (m.size == 0) {
    return 0;
  }
  return m.size + matched_chars(a, b, alo, m.a, blo, m.b) +
         matched_chars(a, b, m.a + m.size, ahi, m.b + m.size, bhi);
}

}  // namespace

double sequence_ratio(std::string_view a, std::string_view b) {
  const size_t total = a.size() + b.size();
  if (total == 0) {
    return 1.0;
  }
  const size_t m = matched_chars(a, b, 0, a.size(), 0, b.size());
  return 2.0 * static_cast<double>(m) / static_cast<double>(total);
}

std::vector<std::string> get_close_matches(
    std::string_view word,
    const std::vector<std::string>& possibilities,
    size_t n,
    double cutoff) {
  std::vector<std::pair<double, std::string>> scored;
  for (const auto& p : possibilities) {
    const double r = sequence_ratio(p, word);
    if (r >= cutoff) {
      scored.emplace_back(r, p);
    }
  }
  // Python sorts (score, x) pairs descending: higher score, then larger x.
  std::sort(scored.begin(), scored.end(), [](const auto& l, const auto& r) {
    return std::tie(l.first, l.second) > std::tie(r.first, r.second);
  });
  std::vector<std::string> out;
  for (size_t i = 0; i < scored.size() && i < n; ++i) {
    out.push_back(std::move(scored[i].second));
  }
  return out;
}

}  // namespace mmengine::utils
