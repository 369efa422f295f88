#pragma once

/// The safetensors format: an 8-byte little-endian header size, a JSON
/// header `{name: {dtype, shape, data_offsets}, "__metadata__": {str: str}}`
/// and the raw tensor bytes.

#include <map>
#include <string>
#include <string_view>

#include "mmengine/api.h"
#include "mmengine/structures/tree.h"

namespace mmengine::runner::checkpoint {

/// Tensors of a safetensors file (in header order) plus its metadata.
struct SafetensorsFile {
  structures::Tree tensors;  ///< flat dict name -> tensor
  std::map<std::string, std::string> metadata;
};

/// Reads a file through a memory map (tensors point into the copy-on-write
/// map when aligned). CheckpointError for a bad header: size past the end,
/// unknown dtype, dtype x shape != byte range, overlapping or out-of-bounds
/// ranges, gaps; FileError when unreadable.
MMENGINE_API SafetensorsFile load_safetensors(const std::string& path);
/// Same, from bytes in memory (tensors are copies).
MMENGINE_API SafetensorsFile
load_safetensors_bytes(std::string_view data, const std::string& where);

/// The file bytes for a flat dict of tensors (names in the given order,
/// header padded with spaces to 8 bytes, as the reference writer does).
/// TypeError when a value is not a tensor.
MMENGINE_API std::string save_safetensors_bytes(
    const structures::Tree& tensors,
    const std::map<std::string, std::string>& metadata = {});

}  // namespace mmengine::runner::checkpoint
