#pragma once

/// A pickle reader that only builds data: Python's pickle protocols 2-5 as
/// `torch.save` and MMEngine checkpoints use them. Callables are resolved
/// against an allow-list (containers, tensor rebuilders, numpy scalars and
/// arrays, `_codecs.encode`); any other global that REDUCE would call, or
/// any global of a dangerous module (os, subprocess, builtins.eval, ...),
/// is refused with CheckpointError naming it. Instances of unknown classes
/// (NEWOBJ + BUILD, e.g. MMEngine's HistoryBuffer) become inert records.

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "mmengine/api.h"
#include "mmengine/structures/tree.h"

namespace mmengine::runner::checkpoint {

/// Returns the storage `key` as a 1-D tensor of `numel` elements of
/// `dtype` (PyTorch's persistent id `('storage', type, key, location,
/// numel)`); called once per tensor, so callers cache by key.
using StorageLoader = std::function<at::Tensor(
    const std::string& key,
    at::ScalarType dtype,
    std::int64_t numel,
    const std::string& location)>;

/// Unpickles the document starting at `data[*pos]` (0 when pos is null) and
/// advances *pos past its STOP. `where` prefixes error messages.
///
/// Python objects map to Trees as follows: dict/OrderedDict/Counter ->
/// dict (OrderedDict's `_metadata` attribute is dropped); list -> list;
/// tuple -> tuple; set/frozenset -> list; str and bytes -> str (bytes
/// kept raw); numpy scalars -> int/float/bool; numpy arrays, tensors and
/// Parameters -> tensors (views keep sharing their storage); a class or
/// function reference -> str "module.name"; an instance of an unknown class
/// -> dict {"__class__": "module.Name", <its __dict__ items>} (a non-dict
/// state is kept under "__state__", constructor args under "__args__").
/// Mirrors `torch.load(weights_only=False)` minus executing anything.
MMENGINE_API structures::Tree unpickle(
    std::string_view data,
    const StorageLoader& load_storage,
    const std::string& where,
    std::size_t* pos = nullptr);

/// The key a record of an unknown Python class stores its class under.
inline constexpr const char* kRecordClassKey = "__class__";

}  // namespace mmengine::runner::checkpoint
