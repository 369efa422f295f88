#include "mmengine/logging/logger.h"

#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "mmengine/logging/logger_impl.h"
#include "mmengine/utils/error.h"
#include "tests/support/temp_dir.h"

namespace mmengine::logging {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream ss(text);
  for (std::string line; std::getline(ss, line);) {
    lines.push_back(line);
  }
  return lines;
}

// Options writing the console to `console`, uncolored.
LoggerOptions to(std::ostream& console, std::string log_file = {}) {
  LoggerOptions options;
  options.console = &console;
  options.color = false;
  options.log_file = std::move(log_file);
  return options;
}

TEST(LoggerTest, ConsoleAndFileFormats) {
  testing::TempDir dir;
  std::ostringstream console;
  const auto path = dir.path() / "run.log";
  MMLogger logger("format", to(console, path.string()));
  logger.info("hello");
  logger.debug("hidden at INFO");
  const auto console_lines = lines_of(console.str());
  ASSERT_EQ(console_lines.size(), 1U);
  EXPECT_TRUE(std::regex_match(
      console_lines[0],
      std::regex(R"(\d{2}/\d{2} \d{2}:\d{2}:\d{2} - mmengine - INFO - hello)")))
      << console_lines[0];
  const auto file_lines = lines_of(read_file(path));
  ASSERT_EQ(file_lines.size(), 1U);
  EXPECT_TRUE(std::regex_match(
      file_lines[0],
      std::regex(
          R"(\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2} - mmengine - INFO - hello)")))
      << file_lines[0];
  EXPECT_EQ(logger.log_file(), path.string());
}

TEST(LoggerTest, ErrorLinesCarryTheCallersLocation) {
  std::ostringstream console;
  MMLogger logger("where", to(console));
  const int line = __LINE__ + 1;
  logger.error("broken");
  const std::string text = console.str();
  EXPECT_NE(text.find(" - ERROR - "), std::string::npos);
  EXPECT_NE(
      text.find(
          "logger_test.cpp - TestBody - " + std::to_string(line) +
          " - broken\n"),
      std::string::npos)
      << text;
}

TEST(LoggerTest, RepeatedWarningsAreDroppedPerHandler) {
  std::ostringstream console;
  MMLogger logger("warn", to(console));
  logger.warning("once");
  logger.warning("once");
  logger.warning("twice");
  EXPECT_EQ(lines_of(console.str()).size(), 2U);
}

TEST(LoggerTest, ColoredPrefixesAreTermcolorsBytes) {
  const auto colored = detail::level_prefixes(true);
  EXPECT_EQ(colored.info, "\x1b[4m\x1b[97mINFO\x1b[0m");
  EXPECT_EQ(colored.warning, "\x1b[5m\x1b[4m\x1b[33mWARNING\x1b[0m");
  EXPECT_EQ(colored.debug, "\x1b[4m\x1b[32mDEBUG\x1b[0m");
  EXPECT_EQ(colored.error, "\x1b[5m\x1b[4m\x1b[31mERROR\x1b[0m");
  EXPECT_EQ(detail::bare_function_name("void ns::A::run(int) const"), "run");
  EXPECT_EQ(detail::bare_function_name("int main()"), "main");
}

TEST(LoggerTest, OtherRanksLogErrorsOnlyAndWriteNoFile) {
  testing::TempDir dir;
  std::ostringstream console;
  const auto path = dir.path() / "run.log";
  LoggerOptions options = to(console, path.string());
  options.dist = DistInfo{1, 2, "0"};
  MMLogger logger("rank1", options);
  logger.info("not shown");
  logger.error("shown");
  EXPECT_EQ(lines_of(console.str()).size(), 1U);
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_FALSE(logger.has_file_handler());
}

TEST(LoggerTest, DistributedRanksWriteTheirOwnFiles) {
  testing::TempDir dir;
  std::ostringstream console;
  LoggerOptions options = to(console, (dir.path() / "run.log").string());
  options.distributed = true;
  options.dist = DistInfo{3, 4, "1"};
  MMLogger logger("per_rank", options);
  const std::string name = std::filesystem::path(logger.log_file()).filename();
  EXPECT_TRUE(
      std::regex_match(name, std::regex(R"(run_(.+@.+_)?device1_rank3\.log)")))
      << name;
  logger.info("rank 3 line");
  EXPECT_NE(
      read_file(logger.log_file()).find("rank 3 line"), std::string::npos);
}

TEST(LoggerTest, FileModeAppendsAndBadPathsFail) {
  testing::TempDir dir;
  const auto path = dir.path() / "a.log";
  std::ostringstream console;
  {
    MMLogger first("append1", to(console, path.string()));
    first.info("one");
  }
  LoggerOptions append = to(console, path.string());
  append.file_mode = "a";
  MMLogger second("append2", append);
  second.info("two");
  second.write_to_file("raw text\n");
  const auto lines = lines_of(read_file(path));
  ASSERT_EQ(lines.size(), 3U);
  EXPECT_EQ(lines[2], "raw text");
  second.close_file_handler();
  second.info("console only");
  EXPECT_EQ(lines_of(read_file(path)).size(), 3U);
  EXPECT_THROW(
      MMLogger("bad", to(console, (dir.path() / "no/such/dir.log").string())),
      FileError);
  LoggerOptions loud = to(console);
  loud.log_level = "LOUD";
  EXPECT_THROW(MMLogger("bad_level", loud), KeyError);
}

TEST(LoggerTest, LevelsAndSetLevel) {
  EXPECT_EQ(level_from(config::Value("WARN")), kWarning);
  EXPECT_EQ(level_from(config::Value(15)), 15);
  std::ostringstream console;
  LoggerOptions debug = to(console);
  debug.log_level = "DEBUG";
  MMLogger logger("levels", debug);
  logger.debug("d");
  logger.set_level("ERROR");
  logger.warning("w");
  logger.error("e");
  EXPECT_EQ(lines_of(console.str()).size(), 2U);
  EXPECT_THROW(logger.set_level("LOUD"), ValueError);
}

TEST(LoggerTest, PrintLogRoutes) {
  // A registered logger outlives the test: its console must too.
  static std::ostringstream console;
  auto logger = MMLogger::get_instance("print_log_test", to(console));
  EXPECT_EQ(MMLogger::get_current_instance(), logger);
  print_log("to current", "current");
  print_log("to named", "print_log_test", kWarning);
  print_log("nothing", "silent");
  print_log("direct", *logger);
  EXPECT_EQ(lines_of(console.str()).size(), 3U);
  try {
    print_log("x", "no_such_logger");
    FAIL();
  } catch (const ValueError& e) {
    EXPECT_STREQ(e.what(), "MMLogger: no_such_logger has not been created!");
  }
}

TEST(LoggerTest, ConcurrentWritersKeepLinesWhole) {
  testing::TempDir dir;
  std::ostringstream console;
  const auto path = dir.path() / "threads.log";
  MMLogger logger("threads", to(console, path.string()));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&logger, t] {
      for (int i = 0; i < 100; ++i) {
        logger.info(
            "thread " + std::to_string(t) + " line " + std::to_string(i));
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  const auto lines = lines_of(read_file(path));
  ASSERT_EQ(lines.size(), 400U);
  for (const auto& line : lines) {
    EXPECT_TRUE(
        std::regex_search(line, std::regex(R"(INFO - thread \d line \d+$)")));
  }
}

}  // namespace
}  // namespace mmengine::logging
