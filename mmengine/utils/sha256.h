#pragma once

/// SHA-256 digests, as checkpoint publishing names files with them.

#include <string>
#include <string_view>

#include "mmengine/api.h"

namespace mmengine::utils {

/// SHA-256 (FIPS 180-4) of a byte string, as 64 lowercase hex digits.
/// Mirrors `hashlib.sha256(data).hexdigest()`.
MMENGINE_API std::string sha256_hex(std::string_view data);

}  // namespace mmengine::utils
