#include "mmengine/logging/logger.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include <fmt/format.h>

#include "mmengine/logging/logger_impl.h"
#include "mmengine/utils/error.h"
#include "mmengine/utils/manager.h"

namespace mmengine::logging {

/// One output: the console or the log file.
struct MMLogger::Handler {
  std::ostream* stream = nullptr;
  std::unique_ptr<std::ofstream> file;
  int level = kNotSet;
  detail::LevelPrefixes prefixes;
  std::string datefmt;
  // The format of the last ERROR/WARNING/INFO/DEBUG record (MMFormatter's
  // `_style._fmt`); NOTSET is the initial '%(message)s'.
  int format_level = kNotSet;
  std::set<std::string, std::less<>> seen_warnings;
};

namespace {

utils::ManagerRegistry& loggers() {
  static utils::ManagerRegistry registry("MMLogger");
  return registry;
}

std::mutex& provider_mutex() {
  static std::mutex mutex;
  return mutex;
}

std::function<DistInfo()>& provider() {
  static std::function<DistInfo()> fn;
  return fn;
}

}  // namespace

int level_from(const config::Value& level) {
  if (level.is_int()) {
    return static_cast<int>(level.as<std::int64_t>());
  }
  MMENGINE_CHECK_TYPE(
      level.is_string(),
      "log_level must be an int or a level name, got ",
      level.repr());
  const auto& name = level.as<std::string>();
  static const std::pair<const char*, int> kNames[] = {
      {"CRITICAL", kCritical},
      {"FATAL", kCritical},
      {"ERROR", kError},
      {"WARN", kWarning},
      {"WARNING", kWarning},
      {"INFO", kInfo},
      {"DEBUG", kDebug},
      {"NOTSET", kNotSet}};
  for (const auto& [key, value] : kNames) {
    if (name == key) {
      return value;
    }
  }
  throw KeyError(fmt::format(
      "log_level: {} is not a logging level (CRITICAL, FATAL, ERROR, WARN, "
      "WARNING, INFO, DEBUG, NOTSET)",
      config::string_repr(name)));
}

void set_dist_info_provider(std::function<DistInfo()> fn) {
  std::lock_guard lock(provider_mutex());
  provider() = std::move(fn);
}

DistInfo dist_info() {
  {
    std::lock_guard lock(provider_mutex());
    if (provider()) {
      return provider()();
    }
  }
  DistInfo info;
  if (const char* local_rank = std::getenv("LOCAL_RANK")) {
    info.device_id = local_rank;
  }
  return info;
}

MMLogger::MMLogger(std::string name, LoggerOptions options)
    : instance_name_(std::move(name)),
      logger_name_(std::move(options.logger_name)) {
  MMENGINE_CHECK(
      !instance_name_.empty(),
      "MMLogger: name argument must be an non-empty string.");
  const int log_level = level_from(options.log_level);
  const DistInfo dist = options.dist.value_or(dist_info());
  auto console = std::make_unique<Handler>();
  console->stream = options.console != nullptr ? options.console : &std::cout;
  console->level = dist.rank == 0 ? log_level : kError;
  console->prefixes = detail::level_prefixes(
      options.color.value_or(detail::termcolor_can_colorize()));
  console->datefmt = "%m/%d %H:%M:%S";
  handlers_.push_back(std::move(console));
  if (options.log_file.empty()) {
    return;
  }
  const bool per_rank =
      (log_level <= kDebug || options.distributed) && dist.world_size > 1;
  std::string path = options.log_file;
  if (per_rank) {
    path = detail::per_rank_log_file(path, dist);
  }
  log_file_ = path;
  if (dist.rank != 0 && !per_rank) {
    return;
  }
  MMENGINE_CHECK(
      options.file_mode == "w" || options.file_mode == "a",
      "MMLogger: file_mode must be 'w' or 'a', got ",
      config::string_repr(options.file_mode));
  auto file = std::make_unique<Handler>();
  file->file = std::make_unique<std::ofstream>(
      path,
      options.file_mode == "a" ? std::ios::out | std::ios::app
                               : std::ios::out | std::ios::trunc);
  MMENGINE_CHECK_T(
      FileError,
      file->file->is_open(),
      "MMLogger: cannot open the log file \"",
      path,
      "\" (No such file or directory?)");
  file->stream = file->file.get();
  file->level = log_level;
  file->prefixes = detail::level_prefixes(false);
  file->datefmt = "%Y/%m/%d %H:%M:%S";
  handlers_.push_back(std::move(file));
}

MMLogger::~MMLogger() = default;

std::shared_ptr<MMLogger> MMLogger::get_instance(const std::string& name) {
  return loggers().get<MMLogger>(
      name, [&] { return std::make_shared<MMLogger>(name); });
}

std::shared_ptr<MMLogger> MMLogger::get_instance(
    const std::string& name, LoggerOptions options) {
  return loggers().get<MMLogger>(
      name,
      [&] { return std::make_shared<MMLogger>(name, std::move(options)); },
      true);
}

std::shared_ptr<MMLogger> MMLogger::get_current_instance() {
  auto current = loggers().current();
  if (current == nullptr) {
    return get_instance("mmengine");
  }
  return std::static_pointer_cast<MMLogger>(current);
}

bool MMLogger::check_instance_created(const std::string& name) {
  return loggers().contains(name);
}

void MMLogger::log(
    int level, std::string_view msg, std::source_location where) {
  std::lock_guard lock(mutex_);
  if (level < level_) {
    return;
  }
  const std::time_t now = std::time(nullptr);
  for (auto& handler : handlers_) {
    if (level >= handler->level) {
      emit(*handler, level, msg, where, now);
    }
  }
}

void MMLogger::emit(
    Handler& handler,
    int level,
    std::string_view msg,
    const std::source_location& where,
    std::time_t now) {
  if (handler.stream == nullptr) {
    return;
  }
  if (level == kWarning && !handler.seen_warnings.emplace(msg).second) {
    return;
  }
  // MMFormatter switches its format for ERROR/WARNING/INFO/DEBUG only;
  // other levels reuse the previous record's format, as in MMEngine.
  if (level == kError || level == kWarning || level == kInfo ||
      level == kDebug) {
    handler.format_level = level;
  }
  std::string line = detail::format_record(
      handler.format_level,
      handler.prefixes,
      detail::format_time(now, handler.datefmt),
      logger_name_,
      msg,
      where);
  line += '\n';
  handler.stream->write(line.data(), static_cast<std::streamsize>(line.size()));
  handler.stream->flush();
}

void MMLogger::set_level(const config::Value& level) {
  int value = 0;
  try {
    value = level_from(level);
  } catch (const KeyError&) {
    throw ValueError(fmt::format("Unknown level: {}", level.repr()));
  }
  std::lock_guard lock(mutex_);
  level_ = value;
}

bool MMLogger::has_file_handler() const {
  std::lock_guard lock(mutex_);
  for (const auto& handler : handlers_) {
    if (handler->file != nullptr) {
      return true;
    }
  }
  return false;
}

void MMLogger::write_to_file(std::string_view text) {
  std::lock_guard lock(mutex_);
  for (auto& handler : handlers_) {
    if (handler->file != nullptr) {
      handler->file->write(
          text.data(), static_cast<std::streamsize>(text.size()));
      handler->file->flush();
    }
  }
}

void MMLogger::close_file_handler() {
  std::lock_guard lock(mutex_);
  std::erase_if(
      handlers_, [](const auto& handler) { return handler->file != nullptr; });
}

void print_log(
    std::string_view msg,
    std::optional<std::string_view> logger,
    int level,
    std::source_location where) {
  if (!logger.has_value()) {
    std::cout << msg << '\n';
    return;
  }
  if (*logger == "silent") {
    return;
  }
  if (*logger == "current") {
    MMLogger::get_current_instance()->log(level, msg, where);
    return;
  }
  const std::string name(*logger);
  MMENGINE_CHECK(
      MMLogger::check_instance_created(name),
      "MMLogger: ",
      name,
      " has not been created!");
  MMLogger::get_instance(name)->log(level, msg, where);
}

void print_log(
    std::string_view msg,
    MMLogger& logger,
    int level,
    std::source_location where) {
  logger.log(level, msg, where);
}

}  // namespace mmengine::logging
