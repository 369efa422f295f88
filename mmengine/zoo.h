#pragma once

/// The model zoo: models that ship with the engine, registered in MODELS by
/// register_zoo_models() like user code (public API only).

#include "mmengine/zoo/cls_head.h"
#include "mmengine/zoo/cls_loss.h"
#include "mmengine/zoo/gap.h"
#include "mmengine/zoo/image_classifier.h"
#include "mmengine/zoo/lenet.h"
#include "mmengine/zoo/mlp.h"
#include "mmengine/zoo/models.h"
#include "mmengine/zoo/resnet.h"
#include "mmengine/zoo/vit.h"
