#pragma once

/// PyTorch's `torch.save` formats: the zip archive (PyTorch >= 1.6) for
/// reading and writing, and the legacy stream (magic number, protocol,
/// sys info, pickle, storage keys, raw storages) for reading.

#include <ATen/core/Tensor.h>

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "mmengine/api.h"
#include "mmengine/structures/tree.h"

namespace mmengine::runner::checkpoint {

/// A copy-on-write memory map of a whole file (writes stay private);
/// FileError when unreadable. Tensors may point into it (see share()).
class MMENGINE_API MappedFile {
 public:
  explicit MappedFile(const std::string& path);
  /// A tensor over `bytes` (which must lie in this map) that keeps the map
  /// alive, or a copy when `bytes` is not aligned for `dtype`.
  static at::Tensor share(
      const std::shared_ptr<MappedFile>& map,
      std::string_view bytes,
      at::ScalarType dtype,
      std::int64_t numel);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  std::string_view bytes() const noexcept {
    return {data_, size_};
  }

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

/// Reads a `torch.save` file (zip or legacy) into a Tree of CPU tensors.
/// Throws FileError (missing/unreadable) or CheckpointError (corrupt,
/// unsupported, or refused as unsafe), naming the path.
MMENGINE_API structures::Tree load_torch_file(const std::string& path);
/// Same, from bytes in memory; `where` names them in errors.
MMENGINE_API structures::Tree load_torch_bytes(
    std::string_view data, const std::string& where);

/// Writes `tree` in PyTorch's zip format (readable by
/// `torch.load(weights_only=True)` when it holds only tensors and plain
/// containers) to an open stream; the top folder is `archive_name`.
/// `start_writeback`: see ZipWriter (for callers that fsync at the end).
MMENGINE_API void write_torch_zip(
    const structures::Tree& tree,
    std::FILE* out,
    const std::string& where,
    const std::string& archive_name = "archive",
    bool start_writeback = false);

}  // namespace mmengine::runner::checkpoint
