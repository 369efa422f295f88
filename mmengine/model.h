#pragma once

/// The model module: BaseModule, BaseModel, data preprocessors, weight
/// initialisers, Sequential/ModuleList/ModuleDict and stack_batch (MMEngine's
/// `mmengine.model` __all__ subset implemented so far).

#include "mmengine/model/averaged_model.h"
#include "mmengine/model/base_model/base_model.h"
#include "mmengine/model/base_model/data_preprocessor.h"
#include "mmengine/model/base_module.h"
#include "mmengine/model/base_module_containers.h"
#include "mmengine/model/tensor_module.h"
#include "mmengine/model/utils.h"
#include "mmengine/model/weight_init.h"
