// Checkpoints from http:// URLs, served by a local `python -m http.server`
// (skipped when it cannot start): the torch.hub cache, errors, Pretrained.
#include "mmengine/runner/checkpoint/download.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <torch/torch.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <regex>

#include "mmengine/model/weight_init.h"
#include "mmengine/runner/checkpoint.h"
#include "mmengine/utils/error.h"
#include "tests/support/fidelity.h"
#include "tests/support/temp_dir.h"

extern char** environ;

namespace mmengine::runner {
namespace {

namespace fs = std::filesystem;
using structures::Tree;

// Sets an environment variable for the scope of a test.
class EnvGuard {
 public:
  EnvGuard(const char* name, const std::optional<std::string>& value)
      : name_(name) {
    if (const char* old = std::getenv(name)) {
      old_ = old;
    }
    if (value) {
      ::setenv(name, value->c_str(), 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~EnvGuard() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// `python -m http.server 0` serving `dir`; port() is 0 when it did not
// start within 10 s.
class HttpServer {
 public:
  explicit HttpServer(const fs::path& dir) {
    std::string python = testing::reference_python();
    if (python.empty()) {
      python = "python3";
    }
    int out[2];
    if (::pipe(out) != 0) {
      return;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addopen(
        &actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    const std::string d = dir.string();
    std::vector<const char*> argv = {
        python.c_str(),
        "-u",
        "-m",
        "http.server",
        "0",
        "--bind",
        "127.0.0.1",
        "--directory",
        d.c_str(),
        nullptr};
    const int rc = posix_spawnp(
        &pid_,
        python.c_str(),
        &actions,
        nullptr,
        const_cast<char* const*>(argv.data()),
        environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    if (rc != 0) {
      pid_ = -1;
      ::close(out[0]);
      return;
    }
    std::string text;
    pollfd p{out[0], POLLIN, 0};
    while (text.find('\n') == std::string::npos && ::poll(&p, 1, 10000) > 0) {
      char buf[256];
      const ssize_t n = ::read(out[0], buf, sizeof(buf));
      if (n <= 0) {
        break;
      }
      text.append(buf, static_cast<std::size_t>(n));
    }
    ::close(out[0]);
    std::smatch m;
    if (std::regex_search(text, m, std::regex(R"(port (\d+))"))) {
      port_ = std::stoi(m[1]);
    }
  }
  ~HttpServer() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const {
    return port_;
  }
  std::string url(const std::string& name) const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/" + name;
  }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

std::vector<std::string> files_in(const fs::path& dir) {
  std::vector<std::string> out;
  if (fs::exists(dir)) {
    for (const auto& e : fs::directory_iterator(dir)) {
      out.push_back(e.path().filename().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(DownloadTest, HubDirFollowsTorchHomeAndXdgCacheHome) {
  {
    EnvGuard home("TORCH_HOME", "/th");
    EXPECT_EQ(checkpoint::hub_checkpoint_dir(), "/th/hub/checkpoints");
  }
  EnvGuard home("TORCH_HOME", std::nullopt);
  {
    EnvGuard xdg("XDG_CACHE_HOME", "/xdg");
    EXPECT_EQ(checkpoint::hub_checkpoint_dir(), "/xdg/torch/hub/checkpoints");
  }
  EnvGuard xdg("XDG_CACHE_HOME", std::nullopt);
  EnvGuard user("HOME", "/home/u");
  EXPECT_EQ(
      checkpoint::hub_checkpoint_dir(), "/home/u/.cache/torch/hub/checkpoints");
  EXPECT_TRUE(checkpoint::is_http_url("https://x/y.pth"));
  EXPECT_FALSE(checkpoint::is_http_url("file:///y.pth"));
}

TEST(DownloadTest, LoadsOnceIntoTheTorchHubCache) {
  testing::TempDir tmp;
  const fs::path served = tmp.path() / "served";
  fs::create_directories(served);
  EnvGuard home("TORCH_HOME", (tmp.path() / "th").string());
  HttpServer server(served);
  if (server.port() == 0) {
    GTEST_SKIP() << "cannot start python -m http.server here";
  }
  Tree ckpt = Tree::dict();
  ckpt["state_dict"] = Tree::dict({{"w", Tree(torch::arange(6.0))}});
  save_checkpoint(ckpt, (served / "w-1234.pth").string());

  const std::string url = server.url("w-1234.pth?download=1");
  Tree loaded = load_checkpoint_file(url);
  EXPECT_TRUE(
      torch::equal(loaded["state_dict"]["w"].tensor(), torch::arange(6.0)));
  const fs::path cache = tmp.path() / "th" / "hub" / "checkpoints";
  EXPECT_EQ(files_in(cache), std::vector<std::string>{"w-1234.pth"});

  // The second load reads the cache: the server no longer has the file.
  fs::remove(served / "w-1234.pth");
  loaded = load_checkpoint_file(url);
  EXPECT_TRUE(
      torch::equal(loaded["state_dict"]["w"].tensor(), torch::arange(6.0)));

  // Pretrained goes through the same reader.
  save_checkpoint(ckpt, (served / "p.pth").string());
  auto module = std::make_shared<torch::nn::Module>();
  const at::Tensor w = module->register_parameter("w", torch::zeros({6}));
  model::initialize(
      *module,
      config::Value::dict(
          {{"type", "Pretrained"}, {"checkpoint", server.url("p.pth")}}));
  EXPECT_TRUE(torch::equal(w, torch::arange(6.0)));
}

TEST(DownloadTest, HttpErrorsNameTheUrlAndStatus) {
  testing::TempDir tmp;
  EnvGuard home("TORCH_HOME", (tmp.path() / "th").string());
  std::string url;
  {
    HttpServer server(tmp.path());
    if (server.port() == 0) {
      GTEST_SKIP() << "cannot start python -m http.server here";
    }
    url = server.url("missing.pth");
    try {
      load_checkpoint_file(url);
      FAIL() << "no error";
    } catch (const FileError& e) {
      EXPECT_EQ(
          std::string(e.what()),
          "[download] cannot download " + url + ": HTTP Error 404");
    }
    EXPECT_TRUE(files_in(tmp.path() / "th" / "hub" / "checkpoints").empty());
  }
  // The server is gone: the connection is refused.
  try {
    load_checkpoint_file(url);
    FAIL() << "no error";
  } catch (const FileError& e) {
    EXPECT_NE(std::string(e.what()).find(url), std::string::npos) << e.what();
  }
  EXPECT_THROW(
      checkpoint::cached_download("http://127.0.0.1:1/dir/"), ValueError);
  EXPECT_THROW(
      save_checkpoint(Tree::dict(), "http://127.0.0.1:1/x.pth"),
      CheckpointError);
}

}  // namespace
}  // namespace mmengine::runner
