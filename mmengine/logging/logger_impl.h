#pragma once

// MMFormatter's pieces, shared by logger.cpp and its tests.

#include <ctime>
#include <source_location>
#include <string>
#include <string_view>

#include "mmengine/api.h"
#include "mmengine/logging/logger.h"

namespace mmengine::logging::detail {

/// The level names as MMFormatter renders them (termcolor codes or plain).
struct LevelPrefixes {
  std::string error;
  std::string warning;
  std::string info;
  std::string debug;
};

/// MMFormatter's prefixes: underline (+ blink for ERROR/WARNING) and the
/// colors red/yellow/white/green when `color`.
MMENGINE_API LevelPrefixes level_prefixes(bool color);
/// termcolor's `can_colorize()` for stdout.
bool termcolor_can_colorize();
/// `<stem>_<user>@<host>_device<id>_rank<r><ext>` beside `log_file`.
std::string per_rank_log_file(
    const std::string& log_file, const DistInfo& dist);
/// strftime of local time.
std::string format_time(std::time_t when, const std::string& datefmt);
/// Bare function name from std::source_location::function_name().
MMENGINE_API std::string bare_function_name(std::string_view signature);
/// One record in the format selected by `format_level` (no newline).
std::string format_record(
    int format_level,
    const LevelPrefixes& prefixes,
    std::string_view asctime,
    std::string_view name,
    std::string_view msg,
    const std::source_location& where);

}  // namespace mmengine::logging::detail
