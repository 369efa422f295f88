#pragma once

#include "mmengine/api.h"

namespace mmengine::visualization {

/// Registers LocalVisBackend in VISBACKENDS and Visualizer in VISUALIZERS
/// (idempotent).
MMENGINE_API void register_visualization();

}  // namespace mmengine::visualization
