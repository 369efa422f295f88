#include "mmengine/utils/progressbar.h"

#include <gtest/gtest.h>

#include <sstream>

#include "mmengine/utils/error.h"
#include "tests/support/fidelity.h"

namespace mmengine::utils {
namespace {

struct Case {
  std::int64_t task_num;
  int bar_width;
  int width;
  std::vector<std::pair<std::int64_t, double>> updates;
};

TEST(ProgressBarFidelityTest, SameTextAsMMEngine) {
  MMENGINE_REQUIRE_REFERENCE();
  const std::vector<Case> cases = {
      {10, 50, 120, {{1, 0.5}, {3, 1.2}, {6, 4.0}}},
      {7, 50, 40, {{1, 0.0}, {2, 0.49}, {4, 10.6}}},
      {0, 50, 80, {{1, 0.25}, {5, 2.5}}},
      {1000, 30, 200, {{250, 12.3}, {750, 61.0}}},
      {3, 10, 10, {{1, 1.0}, {2, 3.0}}},
  };
  auto ref = testing::run_reference("utils_progressbar.py");
  ASSERT_EQ(ref.size(), cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    std::ostringstream out;
    std::size_t step = 0;
    ProgressBar bar(
        {.task_num = c.task_num,
         .bar_width = c.bar_width,
         .out = &out,
         .terminal_width = c.width,
         .elapsed = [&] { return c.updates[step].second; }});
    for (step = 0; step < c.updates.size(); ++step) {
      bar.update(c.updates[step].first);
    }
    EXPECT_EQ(out.str(), ref[i].get<std::string>()) << "case " << i;
  }
}

TEST(ProgressBarTest, RejectsNonPositiveUpdates) {
  std::ostringstream out;
  ProgressBar bar({.task_num = 2, .out = &out, .terminal_width = 80});
  EXPECT_THROW(bar.update(0), ValueError);
  bar.update(2);
  EXPECT_EQ(bar.completed(), 2);
}

}  // namespace
}  // namespace mmengine::utils
