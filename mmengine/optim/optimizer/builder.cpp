#include "mmengine/optim/optimizer/builder.h"

#include <mutex>

#include "mmengine/optim/optimizer/adadelta.h"
#include "mmengine/optim/optimizer/adagrad.h"
#include "mmengine/optim/optimizer/adam.h"
#include "mmengine/optim/optimizer/adamax.h"
#include "mmengine/optim/optimizer/adamw.h"
#include "mmengine/optim/optimizer/lbfgs.h"
#include "mmengine/optim/optimizer/nadam.h"
#include "mmengine/optim/optimizer/radam.h"
#include "mmengine/optim/optimizer/rmsprop.h"
#include "mmengine/optim/optimizer/sgd.h"
#include "mmengine/registry/root.h"

namespace mmengine::optim {

void register_optimizers() {
  static std::once_flag once;
  std::call_once(once, [] {
    const char* where = "mmengine/optim";
    using registry::OPTIMIZERS;
    registry::register_class<Adadelta>(
        OPTIMIZERS, "Adadelta", where, "torch.optim.Adadelta");
    registry::register_class<Adagrad>(
        OPTIMIZERS, "Adagrad", where, "torch.optim.Adagrad");
    registry::register_class<Adam>(
        OPTIMIZERS, "Adam", where, "torch.optim.Adam");
    registry::register_class<AdamW>(
        OPTIMIZERS, "AdamW", where, "torch.optim.AdamW");
    registry::register_class<Adamax>(
        OPTIMIZERS, "Adamax", where, "torch.optim.Adamax");
    registry::register_class<LBFGS>(
        OPTIMIZERS, "LBFGS", where, "torch.optim.LBFGS");
    registry::register_class<NAdam>(
        OPTIMIZERS, "NAdam", where, "torch.optim.NAdam");
    registry::register_class<RAdam>(
        OPTIMIZERS, "RAdam", where, "torch.optim.RAdam");
    registry::register_class<RMSprop>(
        OPTIMIZERS, "RMSprop", where, "torch.optim.RMSprop");
    registry::register_class<SGD>(OPTIMIZERS, "SGD", where, "torch.optim.SGD");
  });
}

}  // namespace mmengine::optim
