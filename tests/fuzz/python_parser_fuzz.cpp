// Fuzz target for the Python config lexer, parser and evaluator: any input
// must end in a result or a ConfigError, never a crash, hang or leak.
//
// With clang (libFuzzer), configure a core-only build with
//   -DCMAKE_CXX_COMPILER=clang++ -DMMENGINE_BUILD_ENGINE=OFF
//   -DMMENGINE_BUILD_TOOLS=OFF -DMMENGINE_BUILD_FUZZERS=ON
//   -DMMENGINE_SANITIZE=address,undefined
// build the `python_parser_fuzz` target and run, e.g.
//   tests/python_parser_fuzz -max_len=4096 -timeout=10 corpus/
//   <repo>/tests/config/python_snippets/
// (a writable corpus folder first, the snippets as seeds).
// With another compiler the same option builds a replay program that runs
// the target over the files (or folders of files) named on its command
// line: tests/python_parser_fuzz <repo>/tests/config/python_snippets/

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mmengine/config/python_eval.h"
#include "mmengine/utils/error.h"

extern "C" int LLVMFuzzerTestOneInput(
    const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  mmengine::config::PythonEvalOptions options;
  // Small limits keep each input fast and its memory bounded.
  options.limits.max_steps = 200'000;
  options.limits.max_size = 100'000;
  options.limits.max_objects = 20'000;
  options.predefined = mmengine::config::Value::dict(
      {{"_base_",
        mmengine::config::Value::dict(
            {{"model", mmengine::config::Value::dict({{"depth", 50}})}})}});
  try {
    mmengine::config::evaluate_python_config(text, "fuzz.py", options);
  } catch (const mmengine::ConfigError&) {
    // The expected outcome for invalid or unsupported input.
  }
  return 0;
}

#ifndef MMENGINE_LIBFUZZER
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

namespace {

void run_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string data(
      (std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  LLVMFuzzerTestOneInput(
      reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
}

}  // namespace

int main(int argc, char** argv) {
  int count = 0;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path arg(argv[i]);
    if (std::filesystem::is_directory(arg)) {
      for (const auto& entry : std::filesystem::directory_iterator(arg)) {
        run_file(entry.path());
        ++count;
      }
    } else {
      run_file(arg);
      ++count;
    }
  }
  std::cout << "ran " << count << " inputs\n";
  return 0;
}
#endif
