#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <system_error>

#include "mmengine/config/text_file_impl.h"
#include "mmengine/utils/error.h"

namespace mmengine::config::detail {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const {
    std::fclose(f);
  }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

// Python's OSError text: "[Errno 2] No such file or directory: 'a.json'".
[[noreturn]] void throw_os_error(int err, const std::filesystem::path& file) {
  throw FileError(fmt::format(
      "[Errno {}] {}: '{}'", err, std::strerror(err), file.string()));
}

}  // namespace

std::string read_text_file(const std::filesystem::path& file) {
  errno = 0;
  const FilePtr f(std::fopen(file.c_str(), "rb"));
  if (!f) {
    throw_os_error(errno, file);
  }
  std::string text;
  char buf[1 << 16];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof(buf), f.get())) > 0) {
    text.append(buf, n);
  }
  if (std::ferror(f.get()) != 0) {
    throw_os_error(errno != 0 ? errno : EIO, file);
  }
  return text;
}

void write_text_file(const std::filesystem::path& file, std::string_view text) {
  std::random_device rd;
  const auto tmp = std::filesystem::path(
      fmt::format("{}.tmp{:08x}{:08x}", file.string(), rd(), rd()));
  errno = 0;
  FilePtr f(std::fopen(tmp.c_str(), "wb"));
  if (!f) {
    throw_os_error(errno, file);
  }
  const bool written =
      std::fwrite(text.data(), 1, text.size(), f.get()) == text.size() &&
      std::fflush(f.get()) == 0;
  const int err = errno;
  f.reset();
  std::error_code rename_error;
  if (written) {
    std::filesystem::rename(tmp, file, rename_error);
  }
  if (!written || rename_error) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    const int code = written ? rename_error.value() : err;
    throw_os_error(code != 0 ? code : EIO, file);
  }
}

std::string line_col(std::string_view text, std::size_t offset) {
  std::size_t line = 1;
  std::size_t col = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      col = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++col;
    }
  }
  return fmt::format("{}:{}", line, col);
}

}  // namespace mmengine::config::detail
