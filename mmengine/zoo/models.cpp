#include "mmengine/zoo/models.h"

#include <mutex>

#include "mmengine/model/base_module_containers.h"
#include "mmengine/registry/root.h"
#include "mmengine/zoo/cls_head.h"
#include "mmengine/zoo/cls_loss.h"
#include "mmengine/zoo/gap.h"
#include "mmengine/zoo/image_classifier.h"
#include "mmengine/zoo/lenet.h"
#include "mmengine/zoo/mlp.h"
#include "mmengine/zoo/resnet.h"
#include "mmengine/zoo/vit.h"

namespace mmengine::zoo {

void register_zoo_models() {
  static std::once_flag once;
  std::call_once(once, [] {
    model::register_base_module_containers();
    const char* where = "mmengine/zoo";
    auto& models = registry::MODELS;
    registry::register_class<ResNet>(
        models,
        "ResNet",
        where,
        "ResNet-18/34/50/101 with torchvision's parameter names");
    registry::register_class<VisionTransformer>(
        models,
        "VisionTransformer",
        where,
        "ViT with torchvision's parameter names");
    registry::register_class<MLP>(
        models, "MLP", where, "multi-layer perceptron");
    registry::register_class<LeNet>(
        models, "LeNet", where, "LeNet-5 for 32x32 or 28x28 input");
    registry::register_class<ImageClassifier>(
        models, "ImageClassifier", where, "backbone, neck and ClsHead");
    registry::register_class<GlobalAveragePooling>(
        models, "GlobalAveragePooling", where, "spatial mean neck");
    registry::register_class<ClsHead>(
        models, "ClsHead", where, "classification head on given scores");
    registry::register_class<LinearClsHead>(
        models, "LinearClsHead", where, "linear classification head");
    registry::register_class<CrossEntropyLoss>(
        models, "CrossEntropyLoss", where, "softmax cross-entropy loss");
  });
}

}  // namespace mmengine::zoo
