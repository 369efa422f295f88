#include "mmengine/runner/checkpoint/torch_file.h"

#include <ATen/ATen.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <future>
#include <map>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "mmengine/runner/checkpoint/pickle_reader.h"
#include "mmengine/runner/checkpoint/pickle_writer.h"
#include "mmengine/runner/checkpoint/zip_archive.h"
#include "mmengine/utils/error.h"

namespace mmengine::runner::checkpoint {
namespace {

structures::Tree load_torch_bytes(
    std::string_view data,
    const std::string& where,
    const std::shared_ptr<MappedFile>& map);

at::Tensor bytes_to_storage(
    std::string_view bytes, at::ScalarType dtype, std::int64_t numel) {
  auto t = at::empty({numel}, at::TensorOptions().dtype(dtype));
  if (!bytes.empty()) {
    std::memcpy(t.data_ptr(), bytes.data(), bytes.size());
  }
  return t;
}

/// The top folder of the archive: the folder holding data.pkl.
std::string archive_prefix(const ZipReader& zip) {
  for (const auto& e : zip.entries()) {
    const auto slash = e.name.find('/');
    if (slash != std::string::npos && e.name.substr(slash) == "/data.pkl") {
      return e.name.substr(0, slash + 1);
    }
  }
  throw CheckpointError(
      zip.where() + ": not a PyTorch archive (no <folder>/data.pkl entry)");
}

structures::Tree load_zip(
    std::string_view data,
    const std::string& where,
    const std::shared_ptr<MappedFile>& map) {
  ZipReader zip(data, where);
  const auto prefix = archive_prefix(zip);
  if (const auto* bo = zip.find(prefix + "byteorder")) {
    const auto order = zip.read(*bo);
    MMENGINE_CHECK_T(
        CheckpointError,
        order == "little",
        where,
        ": byteorder '",
        order,
        "' is not supported (only little-endian files)");
  }
  std::map<std::string, at::Tensor> cache;
  StorageLoader load = [&](const std::string& key,
                           at::ScalarType dtype,
                           std::int64_t numel,
                           const std::string&) {
    if (auto it = cache.find(key); it != cache.end()) {
      return it->second;
    }
    const auto* e = zip.find(prefix + "data/" + key);
    MMENGINE_CHECK_T(
        CheckpointError,
        e != nullptr,
        where,
        ": storage '",
        key,
        "' is missing from the archive");
    const auto need = static_cast<std::uint64_t>(numel) *
                      static_cast<std::uint64_t>(c10::elementSize(dtype));
    MMENGINE_CHECK_T(
        CheckpointError,
        numel <= static_cast<std::int64_t>(e->size) && e->size == need,
        where,
        ": storage '",
        key,
        "' holds ",
        e->size,
        " bytes but its ",
        numel,
        " elements of ",
        c10::toString(dtype),
        " need ",
        need);
    const auto bytes = zip.read(*e);
    auto t = map ? MappedFile::share(map, bytes, dtype, numel)
                 : bytes_to_storage(bytes, dtype, numel);
    cache.emplace(key, t);
    return t;
  };
  const auto* pkl = zip.find(prefix + "data.pkl");
  return unpickle(zip.read(*pkl), load, where);
}

structures::Tree load_legacy(std::string_view data, const std::string& where) {
  std::map<std::string, at::Tensor> storages;
  StorageLoader load = [&](const std::string& key,
                           at::ScalarType dtype,
                           std::int64_t numel,
                           const std::string&) {
    auto [it, inserted] = storages.try_emplace(key);
    if (inserted) {
      MMENGINE_CHECK_T(
          CheckpointError,
          static_cast<std::uint64_t>(numel) <= data.size(),
          where,
          ": storage '",
          key,
          "' claims ",
          numel,
          " elements, more than the file holds");
      it->second = at::empty({numel}, at::TensorOptions().dtype(dtype));
    }
    return it->second;
  };
  // LONG1 0x1950a86a20f9469cfc6c, too wide for our ints: matched as bytes.
  static constexpr std::string_view kMagic(
      "\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19.", 15);
  MMENGINE_CHECK_T(
      CheckpointError,
      data.substr(0, kMagic.size()) == kMagic,
      where,
      ": not a PyTorch checkpoint (bad legacy magic number)");
  std::size_t pos = kMagic.size();
  const auto protocol = unpickle(data, load, where, &pos);
  MMENGINE_CHECK_T(
      CheckpointError,
      protocol.is_value() && protocol.to_value().is_int() &&
          protocol.as<std::int64_t>() == 1001,
      where,
      ": unsupported legacy protocol version ",
      protocol.repr());
  const auto sys_info = unpickle(data, load, where, &pos);
  MMENGINE_CHECK_T(
      CheckpointError,
      !sys_info.is_dict() || !sys_info.contains("little_endian") ||
          sys_info["little_endian"].as<bool>(),
      where,
      ": big-endian legacy checkpoints are not supported");
  auto result = unpickle(data, load, where, &pos);
  const auto keys = unpickle(data, load, where, &pos);
  MMENGINE_CHECK_T(
      CheckpointError,
      keys.is_sequence() && keys.size() == storages.size(),
      where,
      ": the storage list names ",
      keys.is_sequence() ? keys.size() : 0,
      " storages but the tensors use ",
      storages.size());
  std::set<std::string> filled;
  for (const auto& k : keys.elements()) {
    const auto key = k.as<std::string>();
    auto it = storages.find(key);
    MMENGINE_CHECK_T(
        CheckpointError,
        it != storages.end() && filled.insert(key).second,
        where,
        ": storage '",
        key,
        "' is listed twice or never used");
    MMENGINE_CHECK_T(
        CheckpointError,
        pos + 8 <= data.size(),
        where,
        ": truncated before storage '",
        key,
        "'");
    std::int64_t numel = 0;
    std::memcpy(&numel, data.data() + pos, 8);
    pos += 8;
    auto& t = it->second;
    const auto nbytes = static_cast<std::uint64_t>(t.nbytes());
    MMENGINE_CHECK_T(
        CheckpointError,
        numel == t.numel() && nbytes <= data.size() - pos,
        where,
        ": storage '",
        key,
        "' has ",
        numel,
        " elements in the file, expected ",
        t.numel(),
        " (or the file is truncated)");
    std::memcpy(t.data_ptr(), data.data() + pos, nbytes);
    pos += nbytes;
  }
  return result;
}

}  // namespace

MappedFile::MappedFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  MMENGINE_CHECK_T(
      FileError, fd >= 0, path, " can not be found: ", std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw FileError(path + ": not a regular file");
  }
  size_ = static_cast<std::size_t>(st.st_size);
  if (size_ > 0) {
    void* p =
        ::mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
      ::close(fd);
      throw FileError(path + ": mmap failed: " + std::strerror(errno));
    }
    data_ = static_cast<const char*>(p);
  }
  ::close(fd);
}

at::Tensor MappedFile::share(
    const std::shared_ptr<MappedFile>& map,
    std::string_view bytes,
    at::ScalarType dtype,
    std::int64_t numel) {
  const auto addr = reinterpret_cast<std::uintptr_t>(bytes.data());
  if (numel == 0 || addr % c10::elementSize(dtype) != 0) {
    return bytes_to_storage(bytes, dtype, numel);
  }
  auto keep = map;
  return at::from_blob(
      const_cast<char*>(bytes.data()),
      {numel},
      [keep](void*) mutable { keep.reset(); },
      at::TensorOptions().dtype(dtype));
}

MappedFile::~MappedFile() {
  if (data_ != nullptr) {
    ::munmap(const_cast<char*>(data_), size_);
  }
}

namespace {

structures::Tree load_torch_bytes(
    std::string_view data,
    const std::string& where,
    const std::shared_ptr<MappedFile>& map) {
  if (data.size() >= 4 &&
      data.substr(0, 4) == std::string_view("PK\x03\x04", 4)) {
    return load_zip(data, where, map);
  }
  MMENGINE_CHECK_T(
      CheckpointError,
      data.size() >= 2 && static_cast<unsigned char>(data[0]) == 0x80,
      where,
      ": not a PyTorch checkpoint (neither a zip archive nor a pickle)");
  return load_legacy(data, where);
}

}  // namespace

structures::Tree load_torch_bytes(
    std::string_view data, const std::string& where) {
  return load_torch_bytes(data, where, nullptr);
}

structures::Tree load_torch_file(const std::string& path) {
  auto file = std::make_shared<MappedFile>(path);
  return load_torch_bytes(file->bytes(), path, file);
}

void write_torch_zip(
    const structures::Tree& tree,
    std::FILE* out,
    const std::string& where,
    const std::string& archive_name,
    bool start_writeback) {
  auto pickled = pickle_tree(tree);
  const auto& storages = pickled.storages;
  // The storages' CRCs are computed on a second thread, ahead of the
  // writes, so checksumming overlaps copying into the page cache.
  std::vector<std::promise<std::uint32_t>> crcs(storages.size());
  std::atomic<bool> stop{false};
  std::thread worker([&] {
    for (std::size_t k = 0; k < storages.size() && !stop; ++k) {
      crcs[k].set_value(crc32(storages[k].data_ptr(), storages[k].nbytes()));
    }
  });
  struct Join {
    std::thread& t;
    std::atomic<bool>& stop;
    ~Join() {
      stop = true;
      t.join();
    }
  } join{worker, stop};
  ZipWriter zip(out, where, start_writeback);
  const std::string p = archive_name + "/";
  zip.add(p + "data.pkl", pickled.pickle);
  zip.add(p + "byteorder", "little");
  for (std::size_t k = 0; k < storages.size(); ++k) {
    const auto& s = storages[k];
    zip.add(
        p + "data/" + std::to_string(k),
        s.data_ptr(),
        s.nbytes(),
        crcs[k].get_future().get());
  }
  zip.add(p + "version", "3\n");
  zip.add(
      p + ".data/serialization_id", "0000000000000000000000000000000000000000");
  zip.finish();
}

}  // namespace mmengine::runner::checkpoint
