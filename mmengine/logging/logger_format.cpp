#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "mmengine/logging/logger_impl.h"

namespace mmengine::logging::detail {
namespace {

// termcolor.colored(text, color, attrs): color code innermost, then each
// attribute, then the reset. Codes of the pinned termcolor 3.3 ("white" is
// 97 there; termcolor 1.x used 37).
std::string colored(std::string_view text, int color, bool blink) {
  std::string out = fmt::format("\x1b[4m\x1b[{}m{}\x1b[0m", color, text);
  if (blink) {
    out = "\x1b[5m" + out;
  }
  return out;
}

bool env_set(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0';
}

// getpass.getuser(): LOGNAME, USER, LNAME, USERNAME, then the password
// database.
std::string user_name() {
  for (const char* name : {"LOGNAME", "USER", "LNAME", "USERNAME"}) {
    if (env_set(name)) {
      return std::getenv(name);
    }
  }
  if (const passwd* pw = getpwuid(getuid())) {
    return pw->pw_name;
  }
  return {};
}

}  // namespace

LevelPrefixes level_prefixes(bool color) {
  if (!color) {
    return {"ERROR", "WARNING", "INFO", "DEBUG"};
  }
  return {
      colored("ERROR", 31, true),
      colored("WARNING", 33, true),
      colored("INFO", 97, false),
      colored("DEBUG", 32, false)};
}

bool termcolor_can_colorize() {
  if (env_set("ANSI_COLORS_DISABLED") || env_set("NO_COLOR")) {
    return false;
  }
  if (env_set("FORCE_COLOR")) {
    return true;
  }
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::string_view(term) == "dumb") {
    return false;
  }
  return isatty(STDOUT_FILENO) != 0;
}

std::string per_rank_log_file(
    const std::string& log_file, const DistInfo& dist) {
  const std::filesystem::path path(log_file);
  const std::string stem = path.stem().string();
  const std::string ext = path.extension().string();
  char host[256] = {};
  std::string user = user_name();
  std::string hostname;
  if (gethostname(host, sizeof(host) - 1) == 0 && !user.empty()) {
    hostname = user + "@" + host;
  }
  const std::string name =
      hostname.empty()
          ? fmt::format(
                "{}_device{}_rank{}{}", stem, dist.device_id, dist.rank, ext)
          : fmt::format(
                "{}_{}_device{}_rank{}{}",
                stem,
                hostname,
                dist.device_id,
                dist.rank,
                ext);
  return (path.parent_path() / name).string();
}

std::string format_time(std::time_t when, const std::string& datefmt) {
  std::tm local{};
  localtime_r(&when, &local);
  char buffer[128];
  const std::size_t n =
      std::strftime(buffer, sizeof(buffer), datefmt.c_str(), &local);
  return std::string(buffer, n);
}

std::string bare_function_name(std::string_view signature) {
  // "void ns::Cls::fn(int) const" -> "fn"; "int main()" -> "main".
  std::string_view head = signature.substr(0, signature.find('('));
  const auto space = head.rfind(' ');
  if (space != std::string_view::npos) {
    head = head.substr(space + 1);
  }
  const auto scope = head.rfind("::");
  if (scope != std::string_view::npos) {
    head = head.substr(scope + 2);
  }
  return std::string(head);
}

std::string format_record(
    int format_level,
    const LevelPrefixes& prefixes,
    std::string_view asctime,
    std::string_view name,
    std::string_view msg,
    const std::source_location& where) {
  switch (format_level) {
    case kError:
      return fmt::format(
          "{} - {} - {} - {} - {} - {} - {}",
          asctime,
          name,
          prefixes.error,
          where.file_name(),
          bare_function_name(where.function_name()),
          where.line(),
          msg);
    case kWarning:
      return fmt::format(
          "{} - {} - {} - {}", asctime, name, prefixes.warning, msg);
    case kInfo:
      return fmt::format(
          "{} - {} - {} - {}", asctime, name, prefixes.info, msg);
    case kDebug:
      return fmt::format(
          "{} - {} - {} - {}", asctime, name, prefixes.debug, msg);
    default:
      return std::string(msg);
  }
}

}  // namespace mmengine::logging::detail
