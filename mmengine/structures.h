#pragma once

// Umbrella header of mmengine.structures (mirrors its __all__).
#include "mmengine/structures/base_data_element.h"
#include "mmengine/structures/instance_data.h"
#include "mmengine/structures/label_data.h"
#include "mmengine/structures/pixel_data.h"
