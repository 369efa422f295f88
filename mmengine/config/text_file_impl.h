#pragma once

// Private: whole-file text reads and atomic writes for the JSON/YAML I/O.

#include <filesystem>
#include <string>
#include <string_view>

namespace mmengine::config::detail {

/// The bytes of a file; FileError "[Errno 2] No such file or directory:
/// '<path>'" (or the OS reason) when it cannot be read.
std::string read_text_file(const std::filesystem::path& file);

/// Writes text to `<file>.tmp<pid>` and renames it over file; FileError on
/// failure (the temporary is removed).
void write_text_file(const std::filesystem::path& file, std::string_view text);

/// "<line>:<col>" of a byte offset in text, 1-based, columns counted in
/// code points as Python does.
std::string line_col(std::string_view text, std::size_t offset);

}  // namespace mmengine::config::detail
