#include "mmengine/visualization/visualizer.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "mmengine/config/config.h"
#include "mmengine/config/json_io.h"
#include "mmengine/registry/root.h"
#include "mmengine/utils/error.h"
#include "mmengine/visualization/register.h"
#include "mmengine/visualization/vis_backend.h"
#include "tests/support/fidelity.h"
#include "tests/support/temp_dir.h"

namespace mmengine::visualization {
namespace {

using config::Value;
using nlohmann::json;

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Visualizer::Options vis_options(
    Value backends, std::optional<std::string> save_dir = std::nullopt) {
  Visualizer::Options options;
  options.vis_backends = std::move(backends);
  options.save_dir = std::move(save_dir);
  return options;
}

Value local_backends() {
  return Value::list({Value::dict({{"type", "LocalVisBackend"}})});
}

TEST(VisualizerTest, WritesScalarsUnderVisData) {
  register_visualization();
  testing::TempDir dir;
  Visualizer vis(
      "vis_unit", vis_options(local_backends(), dir.path().string()));
  ASSERT_EQ(vis.backend_names(), std::vector<std::string>{"LocalVisBackend"});
  vis.add_scalars(Value::dict({{"loss", 0.5}, {"epoch", 1}}), 3);
  vis.add_scalar("acc", 0.25, 4);
  vis.add_scalars(Value::dict({{"x", 1}, {"step", 9}}), 5, "extra.json");
  vis.close();
  const auto vis_data = dir.path() / "vis_data";
  EXPECT_EQ(
      read_file(vis_data / "scalars.json"),
      "{\"loss\": 0.5, \"epoch\": 1, \"step\": 3}\n"
      "{\"acc\": 0.25, \"step\": 4}\n"
      "{\"x\": 1, \"step\": 9}\n");
  EXPECT_EQ(read_file(vis_data / "extra.json"), "{\"x\": 1, \"step\": 9}\n");
  EXPECT_THROW(vis.add_scalars(Value::dict(), 0, "extra.txt"), ValueError);
  EXPECT_THROW(vis.add_scalars(Value::dict(), 0, "scalars.json"), ValueError);
  EXPECT_THROW(vis.add_scalars(Value(1), 0), TypeError);
}

TEST(VisualizerTest, BackendNamesAndSaveDirRules) {
  register_visualization();
  testing::TempDir dir;
  const Value twice = Value::list(
      {Value::dict({{"type", "LocalVisBackend"}}),
       Value::dict({{"type", "LocalVisBackend"}})});
  try {
    Visualizer("dup", vis_options(twice, dir.path().string()));
    FAIL();
  } catch (const ValueError& e) {
    EXPECT_STREQ(e.what(), "vis_backend name LocalVisBackend already exists");
  }
  const Value named = Value::list(
      {Value::dict({{"type", "LocalVisBackend"}, {"name", "a"}}),
       Value::dict(
           {{"type", "LocalVisBackend"},
            {"name", "b"},
            {"scalar_save_file", "b.json"}})});
  Visualizer two("two", vis_options(named, dir.path().string()));
  EXPECT_EQ(two.backend_names(), (std::vector<std::string>{"a", "b"}));
  EXPECT_NE(two.get_backend("a"), nullptr);
  EXPECT_EQ(two.get_backend("c"), nullptr);
  // Without save_dir a LocalVisBackend is skipped (MMEngine warns).
  Visualizer none("no_dir", vis_options(local_backends()));
  EXPECT_TRUE(none.backend_names().empty());
  EXPECT_THROW(
      LocalVisBackend(dir.path().string(), "img", "config.txt"), ValueError);
  EXPECT_THROW(
      Visualizer("bad", vis_options(Value::list({Value(1)}))), TypeError);
  EXPECT_THROW(
      Visualizer(
          "bad2", vis_options(Value::list({Value::dict({{"type", "Nope"}})}))),
      KeyError);
}

TEST(VisualizerTest, RegistryBuildIsAManagedInstance) {
  register_visualization();
  testing::TempDir dir;
  auto vis = registry::VISUALIZERS.build(Value::dict(
      {{"type", "Visualizer"},
       {"name", "vis_built"},
       {"vis_backends", local_backends()},
       {"save_dir", dir.path().string()}}));
  EXPECT_EQ(Visualizer::get_instance("vis_built"), vis);
  EXPECT_EQ(Visualizer::get_current_instance(), vis);
  EXPECT_TRUE(Visualizer::check_instance_created("vis_built"));
  vis->set_dataset_meta(Value::dict({{"classes", Value::list({"a"})}}));
  EXPECT_EQ(vis->dataset_meta().repr(), "{'classes': ['a']}");
}

TEST(VisualizerFidelityTest, FilesMatchMMEngine) {
  MMENGINE_REQUIRE_REFERENCE();
  register_visualization();
  const json spec = {
      {"records",
       json::array(
           {{"scalars",
             {{"lr", 0.003999999999999999},
              {"data_time", 0.00048828125},
              {"loss", 4.696},
              {"big", 1e16},
              {"tiny", 1e-05},
              {"neg", -0.0},
              {"whole", 123456789.0},
              {"epoch", 1},
              {"iter", 2}},
             2,
             nullptr},
            {"scalar", "acc", 0.75, 3},
            {"scalars",
             {{"toy/acc", 0.75}, {"caf\u00e9", "x"}, {"flag", true}},
             4,
             "extra.json"},
            {"scalars",
             {{"step", 100}, {"l", json::array({1, 2.5})}},
             5,
             nullptr}})},
      {"config",
       {{"model", {{"type", "MLP"}, {"hidden", json::array({64, 32})}}},
        {"lr", 0.01},
        {"name", "exp"}}}};
  testing::TempDir ref_dir;
  const json ref = testing::run_reference(
      "log_vis_backend.py", {spec.dump(), ref_dir.path().string()});
  testing::TempDir dir;
  Visualizer vis(
      "vis_fidelity", vis_options(local_backends(), dir.path().string()));
  for (const json& record : spec["records"]) {
    if (record[0] == "scalars") {
      std::optional<std::string> file_path;
      if (!record[3].is_null()) {
        file_path = record[3].get<std::string>();
      }
      vis.add_scalars(
          config::parse_json(record[1].dump()),
          record[2].get<std::int64_t>(),
          file_path);
    } else {
      vis.add_scalar(
          record[1].get<std::string>(),
          config::parse_json(record[2].dump()),
          record[3].get<std::int64_t>());
    }
  }
  vis.add_config(config::Config(config::parse_json(spec["config"].dump())));
  const auto vis_data = dir.path() / "vis_data";
  EXPECT_EQ(
      read_file(vis_data / "scalars.json"), ref["scalars"].get<std::string>());
  EXPECT_EQ(
      read_file(vis_data / "extra.json"), ref["extra"].get<std::string>());
  EXPECT_EQ(
      read_file(vis_data / "config.py"), ref["config"].get<std::string>());
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(vis_data)) {
    files.push_back(entry.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  EXPECT_EQ(json(files), ref["files"]);
}

}  // namespace
}  // namespace mmengine::visualization
