#pragma once

// Replay main for fuzz targets built without libFuzzer: runs the target
// over the files (or folders of files) named on the command line.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(
    const std::uint8_t* data, std::size_t size);

#ifndef MMENGINE_LIBFUZZER
int main(int argc, char** argv) {
  int count = 0;
  auto run_file = [&](const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    const std::string data(
        (std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    LLVMFuzzerTestOneInput(
        reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
    ++count;
  };
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path arg(argv[i]);
    if (std::filesystem::is_directory(arg)) {
      for (const auto& entry : std::filesystem::directory_iterator(arg)) {
        run_file(entry.path());
      }
    } else {
      run_file(arg);
    }
  }
  std::cout << "ran " << count << " inputs\n";
  return 0;
}
#endif
