#include "tests/support/fidelity.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "mmengine/utils/error.h"
#include "tests/support/temp_dir.h"

extern char** environ;

namespace mmengine::testing {

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<std::string> merged_environment(
    const std::map<std::string, std::string>& extra) {
  std::vector<std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string item(*entry);
    const auto name = item.substr(0, item.find('='));
    if (!extra.contains(name)) {
      env.push_back(std::move(item));
    }
  }
  for (const auto& [name, value] : extra) {
    env.push_back(name + "=" + value);
  }
  return env;
}

}  // namespace

std::string reference_python() {
  return MMENGINE_TEST_PYTHON;
}

bool has_reference() {
  return !reference_python().empty();
}

CommandResult run_command(
    const std::vector<std::string>& argv,
    const std::map<std::string, std::string>& env) {
  MMENGINE_CHECK(!argv.empty(), "run_command: empty argv");
  TempDir dir;
  const auto out_path = (dir.path() / "stdout").string();
  const auto err_path = (dir.path() / "stderr").string();

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(
      &actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(
      &actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);

  std::vector<char*> args;
  for (const auto& a : argv) {
    args.push_back(const_cast<char*>(a.c_str()));
  }
  args.push_back(nullptr);
  auto env_strings = merged_environment(env);
  std::vector<char*> envp;
  for (auto& e : env_strings) {
    envp.push_back(e.data());
  }
  envp.push_back(nullptr);

  pid_t pid = 0;
  const int rc =
      posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  MMENGINE_CHECK_T(
      FileError, rc == 0, "cannot start '", argv[0], "': ", strerror(rc));

  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  return result;
}

std::vector<std::string> config_case_files(bool include_errors) {
  const auto dir = std::filesystem::path(MMENGINE_TEST_SOURCE_DIR) /
                   "tests/fidelity/configs";
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name != "README.md" &&
        (include_errors || !name.starts_with("error_"))) {
      files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

const std::map<std::string, std::string>& config_case_env() {
  static const std::map<std::string, std::string> env = {
      {"MMENGINE_FIDELITY_ENV", "from-env"}};
  return env;
}

nlohmann::json run_reference(
    const std::string& script,
    const std::vector<std::string>& args,
    const std::map<std::string, std::string>& env) {
  MMENGINE_CHECK(
      has_reference(),
      "run_reference(",
      script,
      "): no reference Python configured");
  std::vector<std::string> argv{
      reference_python(),
      std::string(MMENGINE_FIDELITY_SCRIPTS) + "/" + script};
  argv.insert(argv.end(), args.begin(), args.end());
  auto full_env = env;
  // Keep the reference quiet and deterministic.
  full_env.emplace("PYTHONHASHSEED", "0");
  full_env.emplace("PYTHONDONTWRITEBYTECODE", "1");
  const auto result = run_command(argv, full_env);
  MMENGINE_CHECK(
      result.exit_code == 0,
      "reference script ",
      script,
      " exited with ",
      result.exit_code,
      ":\n",
      result.err);
  try {
    return nlohmann::json::parse(result.out);
  } catch (const nlohmann::json::parse_error& e) {
    throw ValueError(fmt::format(
        "reference script {} printed no valid JSON ({}):\n{}\nstderr:\n{}",
        script,
        e.what(),
        result.out,
        result.err));
  }
}

}  // namespace mmengine::testing
