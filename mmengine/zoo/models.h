#pragma once

#include "mmengine/api.h"

namespace mmengine::zoo {

/// Registers the zoo's models in MODELS: ResNet, VisionTransformer, MLP,
/// LeNet, ImageClassifier with its parts (GlobalAveragePooling, ClsHead,
/// LinearClsHead, CrossEntropyLoss), and the containers Sequential,
/// ModuleList, ModuleDict. Idempotent; call it before building them from
/// configs (the zoo registers like user code, so nothing registers it
/// implicitly).
MMENGINE_API void register_zoo_models();

}  // namespace mmengine::zoo
