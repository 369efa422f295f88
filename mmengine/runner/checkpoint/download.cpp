#include "mmengine/runner/checkpoint/download.h"

#include <curl/curl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <random>

#include <fmt/format.h>

#include "mmengine/runner/checkpoint.h"
#include "mmengine/utils/error.h"

namespace mmengine::runner::checkpoint {
namespace {

namespace fs = std::filesystem;

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::string(v) : fallback;
}

std::string expand_user(const std::string& path) {
  if (path.rfind('~', 0) != 0) {
    return path;
  }
  return env_or("HOME", "") + path.substr(1);
}

// urlparse(url).path's basename: no query, no fragment.
std::string url_basename(const std::string& url) {
  std::string path = url.substr(url.find("://") + 3);
  const auto slash = path.find('/');
  path = slash == std::string::npos ? std::string() : path.substr(slash);
  path = path.substr(0, path.find_first_of("?#"));
  return path.substr(path.rfind('/') + 1);
}

void curl_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

size_t write_to_file(char* data, size_t size, size_t n, void* file) {
  return std::fwrite(data, size, n, static_cast<std::FILE*>(file)) * size;
}

struct CurlDeleter {
  void operator()(CURL* c) const {
    curl_easy_cleanup(c);
  }
};

// One GET of `url` into `f`; throws FileError naming the URL.
void fetch(const std::string& url, std::FILE* f) {
  curl_init_once();
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  MMENGINE_CHECK_T(
      FileError,
      curl != nullptr,
      "[download] ",
      url,
      ": curl_easy_init failed");
  char error[CURL_ERROR_SIZE] = {0};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
  // Give up on a stalled transfer (< 1 byte/s for 60 s), never on a slow one.
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "mmengine-cpp");
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_to_file);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, f);
  const CURLcode rc = curl_easy_perform(c);
  MMENGINE_CHECK_T(
      FileError,
      rc == CURLE_OK,
      "[download] cannot download ",
      url,
      ": ",
      error[0] != '\0' ? error : curl_easy_strerror(rc));
  long status = 0;  // NOLINT(google-runtime-int): curl's type
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  MMENGINE_CHECK_T(
      FileError,
      status < 400,
      "[download] cannot download ",
      url,
      ": HTTP Error ",
      status);
}

}  // namespace

bool is_http_url(const std::string& name) {
  return name.rfind("http://", 0) == 0 || name.rfind("https://", 0) == 0;
}

std::string hub_checkpoint_dir() {
  const std::string cache = env_or("XDG_CACHE_HOME", "~/.cache");
  const std::string torch_home =
      expand_user(env_or("TORCH_HOME", (fs::path(cache) / "torch").string()));
  return (fs::path(torch_home) / "hub" / "checkpoints").string();
}

void download_url_to_file(const std::string& url, const std::string& dst) {
  // A unique temporary name: several threads may fetch the same file.
  std::random_device rd;
  write_file_atomically(
      dst,
      [&](std::FILE* f, const std::string&) { fetch(url, f); },
      "[download]",
      fmt::format(
          "{}.{}.{:08x}.partial", dst, static_cast<long>(::getpid()), rd()));
}

std::string cached_download(
    const std::string& url, const std::string& model_dir_in) {
  const std::string model_dir =
      model_dir_in.empty() ? hub_checkpoint_dir() : expand_user(model_dir_in);
  const std::string name = url_basename(url);
  MMENGINE_CHECK(
      !name.empty() && name != "." && name != "..",
      "[download] ",
      url,
      ": the URL path names no file");
  std::error_code ec;
  fs::create_directories(model_dir, ec);
  MMENGINE_CHECK_T(
      FileError,
      !ec,
      "[download] cannot create ",
      model_dir,
      ": ",
      ec.message());
  const std::string cached = (fs::path(model_dir) / name).string();
  if (!fs::exists(cached)) {
    std::cerr << fmt::format("Downloading: \"{}\" to {}\n", url, cached);
    download_url_to_file(url, cached);
  }
  return cached;
}

}  // namespace mmengine::runner::checkpoint
