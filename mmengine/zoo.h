#pragma once

/// The model zoo: models that ship with the engine, registered in MODELS by
/// register_zoo_models() like user code (public API only).

#include "mmengine/zoo/lenet.h"
#include "mmengine/zoo/mlp.h"
#include "mmengine/zoo/models.h"
#include "mmengine/zoo/resnet.h"
