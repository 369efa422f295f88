#pragma once

// Umbrella header of mmengine.visualization (the logging API part).
#include "mmengine/visualization/register.h"
#include "mmengine/visualization/vis_backend.h"
#include "mmengine/visualization/visualizer.h"
