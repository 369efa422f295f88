#include "mmengine/optim/optimizer/builder.h"

#include <mutex>

#include "mmengine/optim/optimizer/sgd.h"
#include "mmengine/registry/root.h"

namespace mmengine::optim {

void register_optimizers() {
  static std::once_flag once;
  std::call_once(once, [] {
    const char* where = "mmengine/optim";
    registry::register_class<SGD>(
        registry::OPTIMIZERS, "SGD", where, "torch.optim.SGD");
  });
}

}  // namespace mmengine::optim
