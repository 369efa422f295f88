#pragma once

/// The stored-only zip container PyTorch's `torch.save` writes (and reads):
/// `archive/data.pkl`, `archive/data/<key>`, `archive/version`,
/// `archive/byteorder`. Sizes and CRCs come from the central directory
/// (PyTorch writes local headers with data descriptors); zip64 is supported.

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "mmengine/api.h"

namespace mmengine::runner::checkpoint {

/// One stored entry: where its bytes lie in the archive.
struct ZipEntry {
  std::string name;
  std::uint64_t data_offset = 0;  ///< start of the data in the archive
  std::uint64_t size = 0;         ///< stored (= uncompressed) size
  std::uint32_t crc32 = 0;        ///< CRC-32 from the central directory
};

/// Reads the entries of an archive held in memory (e.g. a mapped file).
/// Throws CheckpointError naming `where` for anything malformed: no end
/// record, compressed entries, entries past the end, bad CRCs.
class MMENGINE_API ZipReader {
 public:
  ZipReader(std::string_view data, std::string where);

  const std::vector<ZipEntry>& entries() const noexcept {
    return entries_;
  }
  /// The entry called `name`, or nullptr.
  const ZipEntry* find(std::string_view name) const;
  /// The entry's bytes (a view into the archive); checks the CRC.
  std::string_view read(const ZipEntry& entry, bool check_crc = true) const;
  const std::string& where() const noexcept {
    return where_;
  }

 private:
  void parse_central_directory();

  std::string_view data_;
  std::string where_;
  std::vector<ZipEntry> entries_;
};

/// Writes stored entries, each 64-byte aligned like PyTorch's writer, to a
/// stdio stream; finish() writes the central directory (zip64 if needed).
class MMENGINE_API ZipWriter {
 public:
  /// `start_writeback`: hand every few MiB written to the kernel's
  /// writeback at once (sync_file_range), so a final fsync by the caller
  /// waits only for the tail instead of the whole file.
  ZipWriter(std::FILE* out, std::string where, bool start_writeback = false);

  /// Appends an entry; throws FileError when the write fails.
  void add(std::string_view name, const void* data, std::size_t size);
  /// Same with the entry's CRC-32 computed by the caller (e.g. ahead, on
  /// another thread, while earlier entries are written).
  void add(
      std::string_view name,
      const void* data,
      std::size_t size,
      std::uint32_t crc);
  void add(std::string_view name, std::string_view data) {
    add(name, data.data(), data.size());
  }
  void finish();

 private:
  void write(const void* data, std::size_t size);

  void start_writeback();

  std::FILE* out_;
  std::string where_;
  bool start_writeback_;
  std::uint64_t offset_ = 0;
  std::uint64_t writeback_offset_ = 0;
  std::vector<ZipEntry> entries_;
  std::vector<std::uint64_t> header_offsets_;
};

/// CRC-32 (zlib's polynomial) of a buffer.
MMENGINE_API std::uint32_t crc32(const void* data, std::size_t size);

}  // namespace mmengine::runner::checkpoint
