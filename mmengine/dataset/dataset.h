#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/value.h"
#include "mmengine/registry/registry.h"
#include "mmengine/structures/base_data_element.h"

namespace mmengine::dataset {

/// One transformed sample, as `PackInputs` produces it: MMEngine's
/// `dict(inputs=..., data_samples=...)`.
struct Sample {
  at::Tensor inputs;
  std::shared_ptr<structures::BaseDataElement> data_samples;
};

/// The base of data sets in DATASETS: a length, indexed samples and the
/// meta information. Mirrors the `Dataset` protocol MMEngine's runner
/// relies on (`__len__`, `__getitem__`, `metainfo`).
class MMENGINE_API Dataset : public registry::Configurable {
 public:
  ~Dataset() override;
  /// Number of samples.
  virtual std::int64_t size() const = 0;
  /// Sample `index` in [0, size()); IndexError otherwise. Must be safe to
  /// call from several threads at once.
  virtual Sample get(std::int64_t index) const = 0;
  /// `metainfo` (a dict, e.g. `classes`); an empty dict by default.
  virtual config::Value metainfo() const;
  /// Category ids of sample `index` (ClassBalancedDataset needs them);
  /// NotImplementedError by default.
  virtual std::vector<std::int64_t> get_cat_ids(std::int64_t index) const;
  /// Class name for messages ("MNIST").
  virtual std::string name() const;
};

}  // namespace mmengine::dataset
