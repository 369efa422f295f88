#pragma once

/// MMLogger: named loggers writing MMEngine's line format to the console
/// and a log file, and print_log.
///
///   auto logger = MMLogger::get_instance(
///       "exp", {.log_file = "work_dir/run.log", .file_mode = "a"});
///   logger->info("Checkpoints will be saved to work_dir.");
///   print_log("hello", "current");          // the latest MMLogger
///   // 2026/11/28 16:56:33 - mmengine - INFO - hello      (file)

#include <ctime>
#include <functional>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <optional>
#include <source_location>
#include <string>
#include <string_view>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/value.h"

namespace mmengine::logging {

/// Python's logging levels.
inline constexpr int kNotSet = 0;
inline constexpr int kDebug = 10;
inline constexpr int kInfo = 20;
inline constexpr int kWarning = 30;
inline constexpr int kError = 40;
inline constexpr int kCritical = 50;

/// A level from an int or a name ("INFO", "WARN", ...). Unknown names are
/// a KeyError, as `logging._nameToLevel[name]`.
MMENGINE_API int level_from(const config::Value& level);

/// Rank information the logger and visualizer need.
struct DistInfo {
  /// Global rank (`mmengine.dist.get_rank()`).
  int rank = 0;
  /// World size (`get_world_size()`).
  int world_size = 1;
  /// Device id shown in per-rank log file names.
  std::string device_id = "0";
};

/// Installs the source of rank information (the dist module does, once
/// distributed training is initialised). Without one: rank 0, world size
/// 1, device id $LOCAL_RANK or 0 (MMEngine's answer without a process
/// group).
MMENGINE_API void set_dist_info_provider(std::function<DistInfo()> provider);
/// The current rank information.
MMENGINE_API DistInfo dist_info();

/// MMLogger's arguments; the defaults are MMEngine's.
struct LoggerOptions {
  /// The logger's name, shown in every line.
  std::string logger_name = "mmengine";
  /// Log file path; empty: no file.
  std::string log_file;
  /// Level of both handlers (int or name).
  config::Value log_level = "INFO";
  /// "w" truncates, "a" appends.
  std::string file_mode = "w";
  /// Every rank writes its own file
  /// (`<stem>_<user>@<host>_device<id>_rank<r>`).
  bool distributed = false;
  /// Rank information; default: dist_info().
  std::optional<DistInfo> dist;
  /// Console stream; default: std::cout (MMEngine's sys.stdout).
  std::ostream* console = nullptr;
  /// Colored level names on the console; default: termcolor's rule
  /// (stdout is a TTY, honouring NO_COLOR / FORCE_COLOR /
  /// ANSI_COLORS_DISABLED / TERM=dumb), decided once at construction.
  std::optional<bool> color;
};

/// Mirrors `mmengine.logging.MMLogger` (a ManagerMixin): console handler
/// (level = log_level on rank 0, ERROR elsewhere; date `%m/%d %H:%M:%S`)
/// and file handler (plain, `%Y/%m/%d %H:%M:%S`, flushed per line), each
/// dropping repeated identical WARNING messages; ERROR lines carry the
/// caller's file, function and line. Thread-safe. Differs in having no
/// `file_handler_cfg` (Python handler classes) and in taking the caller's
/// location from std::source_location.
class MMENGINE_API MMLogger {
 public:
  /// A standalone logger; get_instance registers a named one.
  explicit MMLogger(std::string name, LoggerOptions options = {});
  ~MMLogger();
  MMLogger(const MMLogger&) = delete;
  MMLogger& operator=(const MMLogger&) = delete;

  /// The instance named `name`, created with default options on first use.
  static std::shared_ptr<MMLogger> get_instance(const std::string& name);
  /// Same, created with `options`; if it exists they are ignored (warning).
  static std::shared_ptr<MMLogger> get_instance(
      const std::string& name, LoggerOptions options);
  /// The most recently created instance; creates "mmengine" when none.
  static std::shared_ptr<MMLogger> get_current_instance();
  /// True when an instance named `name` exists.
  static bool check_instance_created(const std::string& name);

  /// Logs `msg` at `level` (handlers filter by their own level).
  void log(
      int level,
      std::string_view msg,
      std::source_location where = std::source_location::current());
  void debug(
      std::string_view msg,
      std::source_location where = std::source_location::current()) {
    log(kDebug, msg, where);
  }
  void info(
      std::string_view msg,
      std::source_location where = std::source_location::current()) {
    log(kInfo, msg, where);
  }
  void warning(
      std::string_view msg,
      std::source_location where = std::source_location::current()) {
    log(kWarning, msg, where);
  }
  void error(
      std::string_view msg,
      std::source_location where = std::source_location::current()) {
    log(kError, msg, where);
  }
  void critical(
      std::string_view msg,
      std::source_location where = std::source_location::current()) {
    log(kCritical, msg, where);
  }

  /// `setLevel`: the logger's own gate (NOTSET = everything reaches the
  /// handlers). ValueError "Unknown level: 'X'" for a bad name.
  void set_level(const config::Value& level);
  int level() const noexcept {
    return level_;
  }
  /// The `logger_name` shown in lines.
  const std::string& name() const noexcept {
    return logger_name_;
  }
  const std::string& instance_name() const noexcept {
    return instance_name_;
  }
  /// The log file actually written (per-rank name when distributed); empty
  /// when there is none.
  const std::string& log_file() const noexcept {
    return log_file_;
  }
  /// True while a file handler is open.
  bool has_file_handler() const;
  /// Writes `text` to the log file as is (no prefix), flushed; MMEngine's
  /// callers write the init report into the handler stream this way.
  void write_to_file(std::string_view text);
  /// Flushes and closes the file handler (LoggerHook with keep_local=False).
  void close_file_handler();

 private:
  struct Handler;
  void emit(
      Handler& handler,
      int level,
      std::string_view msg,
      const std::source_location& where,
      std::time_t now);

  std::string instance_name_;
  std::string logger_name_;
  std::string log_file_;
  int level_ = kNotSet;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Handler>> handlers_;
};

/// Mirrors `mmengine.logging.print_log`: no logger -> stdout; "silent" ->
/// nothing; "current" -> the current MMLogger; another name -> that
/// MMLogger (ValueError "MMLogger: <name> has not been created!").
MMENGINE_API void print_log(
    std::string_view msg,
    std::optional<std::string_view> logger = std::nullopt,
    int level = kInfo,
    std::source_location where = std::source_location::current());
/// Logs to `logger`.
MMENGINE_API void print_log(
    std::string_view msg,
    MMLogger& logger,
    int level = kInfo,
    std::source_location where = std::source_location::current());

}  // namespace mmengine::logging
