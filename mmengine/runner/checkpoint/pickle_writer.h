#pragma once

/// Pickles a Tree (protocol 2) the way `torch.save` does, so that
/// `torch.load(f, weights_only=True)` reads it: tensors as
/// `torch._utils._rebuild_tensor_v2` over persistent storages.

#include <ATen/core/Tensor.h>

#include <functional>
#include <string>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/structures/tree.h"

namespace mmengine::runner::checkpoint {

/// The pickle bytes plus the storages its persistent ids name: storage
/// `k` (key `std::to_string(k)`) is `storages[k]`, a contiguous CPU byte
/// tensor holding the whole storage. Views of one storage share a key.
struct PickledTree {
  std::string pickle;
  std::vector<at::Tensor> storages;
};

/// Pickles `tree`. Dicts whose values are all tensors are written as
/// `collections.OrderedDict` (PyTorch's state dicts), other dicts as dict;
/// a dict with a `__class__` key (a record, as unpickle() returns for
/// unknown classes) as an instance of that class whose tensor attributes
/// are numpy arrays, so MMEngine's HistoryBuffer round-trips.
/// Throws CheckpointError for dtypes PyTorch has no storage class for.
MMENGINE_API PickledTree pickle_tree(const structures::Tree& tree);

/// Pickles `tree` for a plain `pickle.load` (protocol 3, no persistent
/// ids): a tensor `t` becomes `torch.storage._load_from_bytes(
/// tensor_bytes(t))`, `tensor_bytes` giving its whole `torch.save` archive;
/// every dict is a dict. Used for `.pkl` dumps (mmengine.dump).
MMENGINE_API std::string pickle_plain(
    const structures::Tree& tree,
    const std::function<std::string(const at::Tensor&)>& tensor_bytes);

}  // namespace mmengine::runner::checkpoint
