#include "mmengine/evaluator/collect_results.h"

#include <algorithm>
#include <optional>

#include "mmengine/utils/error.h"

namespace mmengine::evaluator {

using structures::Tree;

std::vector<Tree> collect_results(
    const std::vector<std::vector<Tree>>& parts, std::int64_t size) {
  MMENGINE_CHECK(size >= 0, "collect_results: size must be >= 0, got ", size);
  std::size_t longest = 0;
  for (const auto& part : parts) {
    longest = std::max(longest, part.size());
  }
  std::vector<Tree> out;
  const auto limit = static_cast<std::size_t>(size);
  for (std::size_t i = 0; i < longest && out.size() < limit; ++i) {
    for (const auto& part : parts) {
      if (out.size() == limit) {
        break;
      }
      // zip_longest pads with None and MMEngine drops every None.
      if (i < part.size() && !part[i].is_none()) {
        out.push_back(part[i]);
      }
    }
  }
  return out;
}

std::vector<Tree> collect_results_by_index(
    const std::vector<std::vector<Tree>>& parts,
    const std::vector<std::vector<std::int64_t>>& indices,
    std::int64_t size) {
  MMENGINE_CHECK(
      parts.size() == indices.size(),
      "collect_results_by_index: ",
      parts.size(),
      " result lists but ",
      indices.size(),
      " index lists");
  MMENGINE_CHECK(
      size >= 0, "collect_results_by_index: size must be >= 0, got ", size);
  std::vector<std::optional<Tree>> slots(static_cast<std::size_t>(size));
  for (std::size_t r = 0; r < parts.size(); ++r) {
    MMENGINE_CHECK(
        parts[r].size() == indices[r].size(),
        "collect_results_by_index: rank ",
        r,
        " has ",
        parts[r].size(),
        " results for ",
        indices[r].size(),
        " indices");
    for (std::size_t i = 0; i < parts[r].size(); ++i) {
      const std::int64_t index = indices[r][i];
      MMENGINE_CHECK(
          index >= 0 && index < size,
          "collect_results_by_index: rank ",
          r,
          " index ",
          index,
          " is out of range for a data set of ",
          size);
      auto& slot = slots[static_cast<std::size_t>(index)];
      if (!slot) {
        slot = parts[r][i];
      }
    }
  }
  std::vector<Tree> out;
  out.reserve(slots.size());
  for (std::size_t i = 0; i < slots.size(); ++i) {
    MMENGINE_CHECK(
        slots[i].has_value(),
        "collect_results_by_index: no rank has a result for sample ",
        i);
    out.push_back(std::move(*slots[i]));
  }
  return out;
}

}  // namespace mmengine::evaluator
