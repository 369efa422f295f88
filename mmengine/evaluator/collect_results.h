#pragma once

#include <cstdint>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/structures/tree.h"

namespace mmengine::evaluator {

/// The results of every rank in the order the sampler dealt them out:
/// rank 0's first, rank 1's first, ..., rank 0's second, ...; cut to
/// `size`, which drops the samples distributed sampling repeats to pad
/// the ranks. Mirrors the ordering of `mmengine.dist.collect_results`
/// (zip_longest, None results skipped, `[:size]`) over per-rank lists.
MMENGINE_API std::vector<structures::Tree> collect_results(
    const std::vector<std::vector<structures::Tree>>& parts, std::int64_t size);

/// The results of every rank put at their data set index: `indices[r][i]`
/// is the sample behind `parts[r][i]` (the indices rank r's sampler gave).
/// Repeated samples are kept once; the output is samples 0..size-1 in data
/// set order. Beyond MMEngine (which keeps the sampler's order); ValueError
/// when lengths differ, an index is out of range or a sample is missing.
MMENGINE_API std::vector<structures::Tree> collect_results_by_index(
    const std::vector<std::vector<structures::Tree>>& parts,
    const std::vector<std::vector<std::int64_t>>& indices,
    std::int64_t size);

}  // namespace mmengine::evaluator
