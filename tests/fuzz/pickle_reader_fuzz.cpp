// Fuzz target for the checkpoint pickle reader and the PyTorch zip/legacy
// containers: any input must end in a Tree or an mmengine::Error, never a
// crash, hang or unbounded allocation. Build with MMENGINE_BUILD_FUZZERS
// (see python_parser_fuzz.cpp); seeds: any .pth files, e.g. those written by
// tests/fidelity/scripts/ckpt_make.py.

#include <ATen/ATen.h>

#include "mmengine/runner/checkpoint/pickle_reader.h"
#include "mmengine/runner/checkpoint/torch_file.h"
#include "mmengine/utils/error.h"
#include "tests/fuzz/fuzz_replay.h"

extern "C" int LLVMFuzzerTestOneInput(
    const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  using mmengine::runner::checkpoint::unpickle;
  try {
    mmengine::runner::checkpoint::load_torch_bytes(bytes, "fuzz.pth");
  } catch (const mmengine::Error&) {
  }
  try {
    unpickle(
        bytes,
        [](const std::string&,
           at::ScalarType dtype,
           std::int64_t numel,
           const std::string&) {
          if (numel > (1 << 16))
            throw mmengine::CheckpointError("too big");
          return at::zeros({numel}, at::TensorOptions().dtype(dtype));
        },
        "fuzz.pkl");
  } catch (const mmengine::Error&) {
  }
  return 0;
}
