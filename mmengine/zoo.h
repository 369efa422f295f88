#pragma once

/// The model zoo: models and metrics that ship with the engine, registered
/// by register_zoo_models() / register_zoo_data() like user code (public
/// API only).

#include "mmengine/zoo/accuracy.h"
#include "mmengine/zoo/cls_head.h"
#include "mmengine/zoo/cls_loss.h"
#include "mmengine/zoo/gap.h"
#include "mmengine/zoo/image_classifier.h"
#include "mmengine/zoo/lenet.h"
#include "mmengine/zoo/mlp.h"
#include "mmengine/zoo/models.h"
#include "mmengine/zoo/resnet.h"
#include "mmengine/zoo/single_label.h"
#include "mmengine/zoo/vit.h"
