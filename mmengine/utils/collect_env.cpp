#include "mmengine/utils/collect_env.h"

#include <sys/utsname.h>

#include <fstream>
#include <thread>

#include <fmt/format.h>

#include "mmengine/utils/build_info.h"
#include "mmengine/version.h"

namespace mmengine::utils {

std::string platform_name() {
#if defined(__linux__)
  return "linux";
#elif defined(__APPLE__)
  return "darwin";
#elif defined(_WIN32)
  return "win32";
#else
  return "unknown";
#endif
}

std::string os_description() {
  std::string pretty;
  std::ifstream release("/etc/os-release");
  for (std::string line; std::getline(release, line);) {
    constexpr std::string_view kKey = "PRETTY_NAME=";
    if (line.starts_with(kKey)) {
      pretty = line.substr(kKey.size());
      if (pretty.size() >= 2 && pretty.front() == '"' && pretty.back() == '"') {
        pretty = pretty.substr(1, pretty.size() - 2);
      }
    }
  }
  utsname uts{};
  if (uname(&uts) != 0) {
    return pretty.empty() ? "unknown" : pretty;
  }
  if (pretty.empty()) {
    pretty = uts.sysname;
  }
  return fmt::format("{}, kernel {} ({})", pretty, uts.release, uts.machine);
}

std::string compiler_description() {
#if defined(__clang__)
  return fmt::format(
      "Clang {}.{}.{}", __clang_major__, __clang_minor__, __clang_patchlevel__);
#elif defined(__GNUC__)
  return fmt::format(
      "GCC {}.{}.{}", __GNUC__, __GNUC_MINOR__, __GNUC_PATCHLEVEL__);
#else
  return "unknown";
#endif
}

std::string build_flags() {
  return fmt::format(
      "CMAKE_BUILD_TYPE={} CXX_FLAGS='{}' {}",
      MMENGINE_BUILD_TYPE,
      MMENGINE_BUILD_CXX_FLAGS,
      MMENGINE_BUILD_OPTIONS);
}

EnvInfo collect_base_env() {
  return {
      {"sys.platform", platform_name()},
      {"OS", os_description()},
      {"Compiler", compiler_description()},
      {"CMake flags", build_flags()},
      {"CPU threads", std::to_string(std::thread::hardware_concurrency())},
      {"MMEngine",
       fmt::format(
           "{} (C++; mirrors MMEngine {})",
           MMENGINE_VERSION,
           MMENGINE_MIRRORS_VERSION)},
  };
}

std::string format_env(const EnvInfo& info) {
  std::string out;
  for (const auto& [name, value] : info) {
    fmt::format_to(std::back_inserter(out), "{}: {}\n", name, value);
  }
  return out;
}

}  // namespace mmengine::utils
