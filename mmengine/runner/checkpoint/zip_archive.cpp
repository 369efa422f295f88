#include "mmengine/runner/checkpoint/zip_archive.h"

#include <fcntl.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <limits>

#include <fmt/format.h>

#include "mmengine/utils/error.h"

namespace mmengine::runner::checkpoint {
namespace {

constexpr std::uint32_t kLocalSig = 0x04034b50;
constexpr std::uint32_t kCentralSig = 0x02014b50;
constexpr std::uint32_t kEndSig = 0x06054b50;
constexpr std::uint32_t kEnd64Sig = 0x06064b50;
constexpr std::uint32_t kEnd64LocatorSig = 0x07064b50;
constexpr std::uint32_t kMax32 = 0xFFFFFFFFu;
constexpr std::size_t kAlignment = 64;  // PyTorch's kFieldAlignment

/// Bounds-checked little-endian reads over the archive.
class Cursor {
 public:
  Cursor(std::string_view data, std::uint64_t pos, const std::string& where)
      : data_(data), pos_(pos), where_(where) {}
  template <typename T>
  T get() {
    need(sizeof(T));
    T v;
    std::memcpy(&v, data_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  std::string_view bytes(std::uint64_t n) {
    need(n);
    auto out = data_.substr(pos_, n);
    pos_ += n;
    return out;
  }
  std::uint64_t pos() const {
    return pos_;
  }

 private:
  void need(std::uint64_t n) const {
    MMENGINE_CHECK_T(
        CheckpointError,
        pos_ <= data_.size() && n <= data_.size() - pos_,
        where_,
        ": truncated zip archive (needs ",
        n,
        " bytes at offset ",
        pos_,
        ", file has ",
        data_.size(),
        ")");
  }
  std::string_view data_;
  std::uint64_t pos_;
  const std::string& where_;
};

template <typename T>
void put(std::string& out, T v) {
  char buf[sizeof(T)];
  std::memcpy(buf, &v, sizeof(T));
  out.append(buf, sizeof(T));
}

}  // namespace

std::uint32_t crc32(const void* data, std::size_t size) {
  const uLong crc =
      ::crc32_z(::crc32(0L, Z_NULL, 0), static_cast<const Bytef*>(data), size);
  return static_cast<std::uint32_t>(crc);
}

ZipReader::ZipReader(std::string_view data, std::string where)
    : data_(data), where_(std::move(where)) {
  parse_central_directory();
}

void ZipReader::parse_central_directory() {
  MMENGINE_CHECK_T(
      CheckpointError,
      data_.size() >= 22,
      where_,
      ": not a zip archive (",
      data_.size(),
      " bytes)");
  // The end record sits in the last 22 + 65535 (comment) bytes.
  std::uint64_t end = std::string_view::npos;
  const std::uint64_t lowest =
      data_.size() > 22 + 65535 ? data_.size() - 22 - 65535 : 0;
  for (std::uint64_t p = data_.size() - 22 + 1; p-- > lowest;) {
    std::uint32_t sig;
    std::memcpy(&sig, data_.data() + p, 4);
    if (sig == kEndSig) {
      end = p;
      break;
    }
  }
  MMENGINE_CHECK_T(
      CheckpointError,
      end != std::string_view::npos,
      where_,
      ": not a zip archive (no end of central directory record)");
  Cursor c(data_, end + 10, where_);
  std::uint64_t count = c.get<std::uint16_t>();
  std::uint64_t cd_size = c.get<std::uint32_t>();
  std::uint64_t cd_offset = c.get<std::uint32_t>();
  if ((count == 0xFFFF || cd_offset == kMax32 || cd_size == kMax32) &&
      end >= 20) {
    Cursor loc(data_, end - 20, where_);
    if (loc.get<std::uint32_t>() == kEnd64LocatorSig) {
      loc.get<std::uint32_t>();
      Cursor e64(data_, loc.get<std::uint64_t>(), where_);
      MMENGINE_CHECK_T(
          CheckpointError,
          e64.get<std::uint32_t>() == kEnd64Sig,
          where_,
          ": bad zip64 end of central directory record");
      e64.bytes(8 + 2 + 2 + 4 + 4 + 8);
      count = e64.get<std::uint64_t>();
      cd_size = e64.get<std::uint64_t>();
      cd_offset = e64.get<std::uint64_t>();
    }
  }
  MMENGINE_CHECK_T(
      CheckpointError,
      cd_offset <= data_.size() && cd_size <= data_.size() - cd_offset &&
          count <= cd_size / 46,
      where_,
      ": central directory (offset ",
      cd_offset,
      ", size ",
      cd_size,
      ", ",
      count,
      " entries) lies outside the file of ",
      data_.size(),
      " bytes");
  Cursor c2(data_, cd_offset, where_);
  entries_.reserve(count);
  for (std::uint64_t i = 0; i < count; ++i) {
    MMENGINE_CHECK_T(
        CheckpointError,
        c2.get<std::uint32_t>() == kCentralSig,
        where_,
        ": bad central directory entry #",
        i);
    c2.bytes(4);
    const auto flags = c2.get<std::uint16_t>();
    const auto method = c2.get<std::uint16_t>();
    c2.bytes(4);
    ZipEntry e;
    e.crc32 = c2.get<std::uint32_t>();
    std::uint64_t csize = c2.get<std::uint32_t>();
    e.size = c2.get<std::uint32_t>();
    const auto name_len = c2.get<std::uint16_t>();
    const auto extra_len = c2.get<std::uint16_t>();
    const auto comment_len = c2.get<std::uint16_t>();
    c2.bytes(8);
    std::uint64_t local = c2.get<std::uint32_t>();
    e.name = std::string(c2.bytes(name_len));
    Cursor x(c2.bytes(extra_len), 0, where_);
    c2.bytes(comment_len);
    for (std::uint64_t left = extra_len; left >= 4;) {
      const auto id = x.get<std::uint16_t>();
      const auto len = x.get<std::uint16_t>();
      Cursor f(x.bytes(len), 0, where_);
      left -= 4 + len;
      if (id != 1) {
        continue;
      }
      if (e.size == kMax32)
        e.size = f.get<std::uint64_t>();
      if (csize == kMax32)
        csize = f.get<std::uint64_t>();
      if (local == kMax32)
        local = f.get<std::uint64_t>();
    }
    MMENGINE_CHECK_T(
        CheckpointError,
        method == 0 && csize == e.size && (flags & 1) == 0,
        where_,
        ": entry '",
        e.name,
        "' is compressed or encrypted (method ",
        method,
        "); PyTorch archives store entries uncompressed");
    Cursor l(data_, local, where_);
    MMENGINE_CHECK_T(
        CheckpointError,
        l.get<std::uint32_t>() == kLocalSig,
        where_,
        ": bad local header for entry '",
        e.name,
        "' at offset ",
        local);
    l.bytes(22);
    const auto lname = l.get<std::uint16_t>();
    const auto lextra = l.get<std::uint16_t>();
    l.bytes(lname + std::uint64_t{lextra});
    e.data_offset = l.pos();
    MMENGINE_CHECK_T(
        CheckpointError,
        e.data_offset <= data_.size() && e.size <= data_.size() - e.data_offset,
        where_,
        ": entry '",
        e.name,
        "' claims ",
        e.size,
        " bytes at offset ",
        e.data_offset,
        " but the file has ",
        data_.size(),
        " bytes");
    entries_.push_back(std::move(e));
  }
}

const ZipEntry* ZipReader::find(std::string_view name) const {
  for (const auto& e : entries_) {
    if (e.name == name) {
      return &e;
    }
  }
  return nullptr;
}

std::string_view ZipReader::read(const ZipEntry& entry, bool check_crc) const {
  auto bytes = data_.substr(entry.data_offset, entry.size);
  if (check_crc) {
    const auto crc = crc32(bytes.data(), bytes.size());
    MMENGINE_CHECK_T(
        CheckpointError,
        crc == entry.crc32,
        where_,
        ": CRC-32 mismatch in entry '",
        entry.name,
        "' (expected ",
        fmt::format("{:08x}", entry.crc32),
        ", computed ",
        fmt::format("{:08x}", crc),
        "); the file is corrupted");
  }
  return bytes;
}

ZipWriter::ZipWriter(std::FILE* out, std::string where, bool start_writeback)
    : out_(out), where_(std::move(where)), start_writeback_(start_writeback) {}

void ZipWriter::start_writeback() {
  constexpr std::uint64_t kChunk = 16 << 20;
  if (!start_writeback_ || offset_ - writeback_offset_ < kChunk ||
      std::fflush(out_) != 0) {
    return;
  }
  // Asynchronous: queues the pages for writing and returns. Errors (a pipe,
  // a file system without it) only lose the head start; fsync reports.
  ::sync_file_range(
      fileno(out_),
      static_cast<off64_t>(writeback_offset_),
      static_cast<off64_t>(offset_ - writeback_offset_),
      SYNC_FILE_RANGE_WRITE);
  writeback_offset_ = offset_;
}

void ZipWriter::write(const void* data, std::size_t size) {
  if (size == 0) {
    return;
  }
  MMENGINE_CHECK_T(
      FileError,
      std::fwrite(data, 1, size, out_) == size,
      where_,
      ": write failed after ",
      offset_,
      " bytes: ",
      std::strerror(errno));
  offset_ += size;
  start_writeback();
}

void ZipWriter::add(std::string_view name, const void* data, std::size_t size) {
  add(name, data, size, crc32(data, size));
}

void ZipWriter::add(
    std::string_view name,
    const void* data,
    std::size_t size,
    std::uint32_t crc) {
  ZipEntry e{std::string(name), 0, size, crc};
  const bool big = size >= kMax32;
  std::string h;
  put<std::uint32_t>(h, kLocalSig);
  put<std::uint16_t>(h, big ? 45 : 20);
  put<std::uint16_t>(h, 0);     // flags
  put<std::uint16_t>(h, 0);     // stored
  put<std::uint16_t>(h, 0);     // time
  put<std::uint16_t>(h, 0x21);  // 1980-01-01
  put<std::uint32_t>(h, e.crc32);
  put<std::uint32_t>(h, big ? kMax32 : static_cast<std::uint32_t>(size));
  put<std::uint32_t>(h, big ? kMax32 : static_cast<std::uint32_t>(size));
  put<std::uint16_t>(h, static_cast<std::uint16_t>(name.size()));
  const std::size_t z64 = big ? 20 : 0;
  const std::size_t base = offset_ + 30 + name.size() + z64 + 4;
  const std::size_t pad = (kAlignment - base % kAlignment) % kAlignment;
  put<std::uint16_t>(h, static_cast<std::uint16_t>(z64 + 4 + pad));
  h.append(name);
  if (big) {
    put<std::uint16_t>(h, 1);
    put<std::uint16_t>(h, 16);
    put<std::uint64_t>(h, size);
    put<std::uint64_t>(h, size);
  }
  put<std::uint16_t>(h, 0x4246);  // "FB": PyTorch's padding field
  put<std::uint16_t>(h, static_cast<std::uint16_t>(pad));
  h.append(pad, 'Z');
  header_offsets_.push_back(offset_);
  write(h.data(), h.size());
  e.data_offset = offset_;
  write(data, size);
  entries_.push_back(std::move(e));
}

void ZipWriter::finish() {
  std::string cd;
  bool any64 = entries_.size() >= 0xFFFF;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const auto& e = entries_[i];
    const std::uint64_t off = header_offsets_[i];
    const bool big_size = e.size >= kMax32;
    const bool big_off = off >= kMax32;
    std::string extra;
    if (big_size) {
      put<std::uint64_t>(extra, e.size);
      put<std::uint64_t>(extra, e.size);
    }
    if (big_off) {
      put<std::uint64_t>(extra, off);
    }
    any64 = any64 || big_size || big_off;
    put<std::uint32_t>(cd, kCentralSig);
    put<std::uint16_t>(cd, 45);
    put<std::uint16_t>(cd, extra.empty() ? 20 : 45);
    put<std::uint16_t>(cd, 0);
    put<std::uint16_t>(cd, 0);
    put<std::uint16_t>(cd, 0);
    put<std::uint16_t>(cd, 0x21);
    put<std::uint32_t>(cd, e.crc32);
    const auto s32 = big_size ? kMax32 : static_cast<std::uint32_t>(e.size);
    put<std::uint32_t>(cd, s32);
    put<std::uint32_t>(cd, s32);
    put<std::uint16_t>(cd, static_cast<std::uint16_t>(e.name.size()));
    put<std::uint16_t>(
        cd, static_cast<std::uint16_t>(extra.empty() ? 0 : extra.size() + 4));
    put<std::uint16_t>(cd, 0);  // comment
    put<std::uint16_t>(cd, 0);  // disk
    put<std::uint16_t>(cd, 0);  // internal attributes
    put<std::uint32_t>(cd, 0);  // external attributes
    put<std::uint32_t>(cd, big_off ? kMax32 : static_cast<std::uint32_t>(off));
    cd.append(e.name);
    if (!extra.empty()) {
      put<std::uint16_t>(cd, 1);
      put<std::uint16_t>(cd, static_cast<std::uint16_t>(extra.size()));
      cd.append(extra);
    }
  }
  const std::uint64_t cd_offset = offset_;
  any64 = any64 || cd_offset >= kMax32;
  const std::uint64_t n = entries_.size();
  if (any64) {
    put<std::uint32_t>(cd, kEnd64Sig);
    put<std::uint64_t>(cd, 44);
    put<std::uint16_t>(cd, 45);
    put<std::uint16_t>(cd, 45);
    put<std::uint32_t>(cd, 0);
    put<std::uint32_t>(cd, 0);
    put<std::uint64_t>(cd, n);
    put<std::uint64_t>(cd, n);
    const std::uint64_t cd_size = cd.size() - 56;
    put<std::uint64_t>(cd, cd_size);
    put<std::uint64_t>(cd, cd_offset);
    put<std::uint32_t>(cd, kEnd64LocatorSig);
    put<std::uint32_t>(cd, 0);
    put<std::uint64_t>(cd, cd_offset + cd_size);
    put<std::uint32_t>(cd, 1);
  }
  const std::uint64_t cd_size = any64 ? cd.size() - 76 : cd.size();
  put<std::uint32_t>(cd, kEndSig);
  put<std::uint16_t>(cd, 0);
  put<std::uint16_t>(cd, 0);
  const auto n16 =
      static_cast<std::uint16_t>(std::min<std::uint64_t>(n, 0xFFFF));
  put<std::uint16_t>(cd, n16);
  put<std::uint16_t>(cd, n16);
  put<std::uint32_t>(
      cd, static_cast<std::uint32_t>(std::min<std::uint64_t>(cd_size, kMax32)));
  put<std::uint32_t>(
      cd, any64 ? kMax32 : static_cast<std::uint32_t>(cd_offset));
  put<std::uint16_t>(cd, 0);
  write(cd.data(), cd.size());
}

}  // namespace mmengine::runner::checkpoint
