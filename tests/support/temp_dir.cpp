#include "tests/support/temp_dir.h"

#include <stdlib.h>

#include <string>
#include <system_error>

#include "mmengine/utils/error.h"

namespace mmengine::testing {

TempDir::TempDir() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "mmengine_test_XXXXXX")
          .string();
  char* made = mkdtemp(pattern.data());
  MMENGINE_INTERNAL_ASSERT(made != nullptr, "mkdtemp failed for ", pattern);
  path_ = made;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace mmengine::testing
