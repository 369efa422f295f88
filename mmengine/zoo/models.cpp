#include "mmengine/zoo/models.h"

#include <mutex>

#include "mmengine/registry/root.h"
#include "mmengine/zoo/lenet.h"
#include "mmengine/zoo/mlp.h"
#include "mmengine/zoo/resnet.h"

namespace mmengine::zoo {

void register_zoo_models() {
  static std::once_flag once;
  std::call_once(once, [] {
    const char* where = "mmengine/zoo";
    registry::register_class<ResNet>(
        registry::MODELS,
        "ResNet",
        where,
        "ResNet-18/34/50/101 with torchvision's parameter names");
    registry::register_class<MLP>(
        registry::MODELS, "MLP", where, "multi-layer perceptron");
    registry::register_class<LeNet>(
        registry::MODELS, "LeNet", where, "LeNet-5 for 32x32 or 28x28 input");
  });
}

}  // namespace mmengine::zoo
