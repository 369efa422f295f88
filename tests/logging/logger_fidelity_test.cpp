// MMLogger's console and file output against the real MMEngine, with the
// timestamps and the ERROR location masked.

#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "mmengine/logging/logger.h"
#include "tests/support/fidelity.h"
#include "tests/support/temp_dir.h"

namespace mmengine::logging {
namespace {

using nlohmann::json;

std::string mask(const std::string& text) {
  static const std::regex time(
      R"((^|\n)(\d{4}/)?\d{2}/\d{2} \d{2}:\d{2}:\d{2} - )");
  static const std::regex where(
      R"((ERROR(\x1b\[0m)?) - [^\n]*? - \w+ - \d+ - )");
  std::string out = std::regex_replace(text, time, "$1<time> - ");
  return std::regex_replace(out, where, "$1 - <where> - ");
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int level_of(const std::string& name) {
  return level_from(config::Value(name));
}

TEST(LoggerFidelityTest, LinesMatchMMEngineForEachLevel) {
  MMENGINE_REQUIRE_REFERENCE();
  const json records = json::array(
      {{"DEBUG", "debug line"},
       {"INFO", "Checkpoints will be saved to /tmp/work."},
       {"WARNING", "a warning"},
       {"WARNING", "a warning"},
       {"WARNING", "another warning"},
       {"ERROR", "an error"},
       {"CRITICAL", "critical after error"},
       {"INFO", "multi\nline"},
       {"CRITICAL", "critical after info"},
       {"set_level", "WARNING"},
       {"INFO", "dropped by the logger level"},
       {"ERROR", "still shown"}});
  const json runs = json::array(
      {{{"logger_name", "mmengine"},
        {"log_level", "INFO"},
        {"records", records}},
       {{"logger_name", "exp"}, {"log_level", "DEBUG"}, {"records", records}}});
  testing::TempDir dir;
  const json refs = testing::run_reference(
      "log_logger.py",
      {runs.dump(), dir.path().string()},
      {{"FORCE_COLOR", "1"}});
  ASSERT_EQ(refs.size(), runs.size());
  for (std::size_t i = 0; i < runs.size(); ++i) {
    SCOPED_TRACE("run " + std::to_string(i));
    std::ostringstream console;
    const std::string path =
        (dir.path() / ("ours" + std::to_string(i) + ".log")).string();
    LoggerOptions options;
    options.logger_name = runs[i]["logger_name"].get<std::string>();
    options.log_level = runs[i]["log_level"].get<std::string>();
    options.log_file = path;
    options.console = &console;
    options.color = true;
    MMLogger logger("fidelity", options);
    for (const json& record : records) {
      if (record[0] == "set_level") {
        logger.set_level(record[1].get<std::string>());
      } else {
        logger.log(
            level_of(record[0].get<std::string>()),
            record[1].get<std::string>());
      }
    }
    const std::string expected_console = refs[i]["console"];
    EXPECT_NE(
        expected_console.find("\x1b[4m\x1b[97mINFO\x1b[0m"), std::string::npos);
    EXPECT_EQ(mask(console.str()), mask(expected_console));
    EXPECT_EQ(mask(read_file(path)), mask(refs[i]["file"].get<std::string>()));
  }
}

}  // namespace
}  // namespace mmengine::logging
