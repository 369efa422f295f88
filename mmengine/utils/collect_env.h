#pragma once

#include <string>
#include <utility>
#include <vector>

#include "mmengine/api.h"

namespace mmengine::utils {

/// Ordered (name, value) pairs, printed as "name: value" lines.
using EnvInfo = std::vector<std::pair<std::string, std::string>>;

/// `sys.platform`-style name of the OS family ("linux", "darwin", "win32").
MMENGINE_API std::string platform_name();

/// PRETTY_NAME from /etc/os-release plus the kernel release, e.g.
/// "Debian GNU/Linux 12 (bookworm), kernel 6.1.0".
MMENGINE_API std::string os_description();

/// Compiler that built the library, e.g. "GCC 12.2.0".
MMENGINE_API std::string compiler_description();

/// Build type and C++ flags the library was compiled with.
MMENGINE_API std::string build_flags();

/// The torch-free part of the environment, in MMEngine's order:
/// sys.platform, OS, Compiler, CMake flags, CPU threads, MMEngine.
/// Mirrors part of `mmengine.utils.dl_utils.collect_env`; the engine's
/// `mmengine::device::collect_env()` adds libtorch and CUDA entries.
MMENGINE_API EnvInfo collect_base_env();

/// "name: value" per line, each line ending in '\n'.
MMENGINE_API std::string format_env(const EnvInfo& info);

}  // namespace mmengine::utils
