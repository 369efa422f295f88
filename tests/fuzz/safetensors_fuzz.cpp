// Fuzz target for the safetensors reader: any input must end in tensors or
// a CheckpointError. Build with MMENGINE_BUILD_FUZZERS (see
// python_parser_fuzz.cpp).

#include "mmengine/runner/checkpoint/safetensors.h"
#include "mmengine/utils/error.h"
#include "tests/fuzz/fuzz_replay.h"

extern "C" int LLVMFuzzerTestOneInput(
    const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    mmengine::runner::checkpoint::load_safetensors_bytes(bytes, "fuzz");
  } catch (const mmengine::Error&) {
  }
  return 0;
}
