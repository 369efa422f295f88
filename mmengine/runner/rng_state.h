#pragma once

/// The states of the global random generators, saved in checkpoints so that
/// a resumed run draws the same numbers as an uninterrupted one (beyond
/// MMEngine, which only re-seeds).

#include "mmengine/api.h"
#include "mmengine/structures/tree.h"

namespace mmengine::runner {

/// {"torch_cpu": uint8 tensor, "torch_cuda": [uint8 tensor per device]}:
/// torch's default CPU generator and each CUDA device's (an empty list
/// without CUDA). Mirrors `torch.get_rng_state()` /
/// `torch.cuda.get_rng_state_all()`.
MMENGINE_API structures::Tree get_rng_state();

/// Restores get_rng_state(). A state saved with more CUDA devices than this
/// machine has restores the ones present; a missing or malformed entry is a
/// ValueError naming the key.
MMENGINE_API void set_rng_state(const structures::Tree& state);

}  // namespace mmengine::runner
