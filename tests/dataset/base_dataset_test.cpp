#include <gtest/gtest.h>

#include <fstream>

#include "mmengine/config/json_io.h"
#include "mmengine/dataset/base_dataset.h"
#include "mmengine/dataset/dataset_wrapper.h"
#include "mmengine/registry/root.h"
#include "mmengine/runner/register_all_modules.h"
#include "mmengine/utils/error.h"
#include "tests/support/fidelity.h"
#include "tests/support/temp_dir.h"

namespace mmengine::dataset {
namespace {

using config::Value;
namespace fs = std::filesystem;

Value to_value(const nlohmann::json& j) {
  return config::parse_json(j.dump());
}

nlohmann::json to_json(const Value& v) {
  return nlohmann::json::parse(config::dump_json(v));
}

std::shared_ptr<BaseDataset> build(Value cfg) {
  runner::register_all_modules();
  cfg.set("type", "BaseDataset");
  auto ds =
      std::dynamic_pointer_cast<BaseDataset>(registry::DATASETS.build(cfg));
  EXPECT_NE(ds, nullptr);
  return ds;
}

nlohmann::json infos(const BaseDataset& ds) {
  nlohmann::json out = nlohmann::json::array();
  for (std::int64_t i = 0; i < ds.size(); ++i) {
    out.push_back(to_json(ds.get_data_info(i)));
  }
  return out;
}

void write(const fs::path& p, const std::string& text) {
  std::ofstream(p) << text;
}

// Labels of an item as its categories (as MMEngine's test subclass).
class CatDataset : public BaseDataset {
 public:
  explicit CatDataset(registry::BuildArgs& args) : BaseDataset(args) {
    finish_init();
  }
  std::vector<std::int64_t> get_cat_ids(std::int64_t index) const override {
    std::vector<std::int64_t> out;
    const Value info = get_data_info(index);
    for (const Value& v : info["labels"].elements()) {
      out.push_back(v.as<std::int64_t>());
    }
    return out;
  }
};

TEST(BaseDatasetFidelityTest, InfosMetainfoSubsetsEqualMMEngine) {
  MMENGINE_REQUIRE_REFERENCE();
  testing::TempDir dir;
  auto ref =
      testing::run_reference("data_base_dataset.py", {dir.path().string()});
  for (const auto& c : ref["cases"]) {
    SCOPED_TRACE(c["cfg"].dump());
    auto ds = build(to_value(c["cfg"]));
    EXPECT_EQ(ds->size(), c["len"].get<std::int64_t>());
    EXPECT_EQ(infos(*ds), c["infos"]);
    EXPECT_EQ(to_json(ds->metainfo()), c["metainfo"]);
    EXPECT_EQ(to_json(ds->get_data_info(-1)), c["negative"]);
    const std::vector<Value> subsets = {
        2,
        -3,
        0,
        Value::list({3, 1}),
        Value::list({-1, 0}),
        Value::list({6, 6})};
    for (std::size_t s = 0; s < subsets.size(); ++s) {
      SCOPED_TRACE(subsets[s].repr());
      if (c["subsets"][s].is_null()) {
        EXPECT_THROW(ds->get_subset(subsets[s]), Error);
      } else {
        EXPECT_EQ(infos(*ds->get_subset(subsets[s])), c["subsets"][s]);
      }
      auto d2 = build(to_value(c["cfg"]));
      if (c["inplace"][s].is_null()) {
        EXPECT_THROW(d2->get_subset_(subsets[s]), Error);
      } else {
        d2->get_subset_(subsets[s]);
        EXPECT_EQ(d2->size(), c["inplace"][s].get<std::int64_t>());
      }
    }
  }
  for (const auto& b : ref["balanced"]) {
    registry::BuildArgs args(to_value(b["cfg"]), "CatDataset");
    auto inner = std::make_shared<CatDataset>(args);
    ClassBalancedDataset ds(inner, b["thr"].get<double>());
    ASSERT_EQ(ds.size(), b["len"].get<std::int64_t>());
    for (std::int64_t i = 0; i < ds.size(); ++i) {
      EXPECT_EQ(
          ds.get_cat_ids(i),
          inner->get_cat_ids(b["repeat_indices"][i].get<std::int64_t>()));
    }
  }
}

TEST(BaseDatasetTest, SerializedAndPlainGiveEqualCopies) {
  testing::TempDir dir;
  write(
      dir.path() / "a.json",
      R"({"metainfo": {}, "data_list": [{"img_path": "x", "v": [1, 2.5, null,
      {"k": [true]}]}, {"img_path": "y", "t": -3}]})");
  Value cfg = Value::dict({{"ann_file", (dir.path() / "a.json").string()}});
  auto a = build(cfg);
  cfg.set("serialize_data", false);
  auto b = build(cfg);
  ASSERT_EQ(a->size(), 2);
  EXPECT_EQ(a->get_data_info(0), b->get_data_info(0));
  EXPECT_EQ(a->get_data_info(1), b->get_data_info(1));
  Value info = a->get_data_info(0);
  info.set("img_path", "changed");
  EXPECT_EQ(a->get_data_info(0)["img_path"].as<std::string>(), "x");
  EXPECT_THROW(a->get_data_info(2), IndexError);
}

TEST(BaseDatasetTest, LazyInitLoadsOnFirstUse) {
  testing::TempDir dir;
  write(
      dir.path() / "a.json",
      R"({"metainfo": {}, "data_list": [{"img_path": "x"}]})");
  auto ds = build(Value::dict(
      {{"ann_file", (dir.path() / "a.json").string()}, {"lazy_init", true}}));
  EXPECT_FALSE(ds->fully_initialized());
  EXPECT_EQ(ds->size(), 1);
  EXPECT_TRUE(ds->fully_initialized());
}

void expect_data_error(const std::string& text, const std::string& needle) {
  testing::TempDir dir;
  const fs::path file = dir.path() / "bad.json";
  write(file, text);
  try {
    build(Value::dict({{"ann_file", file.string()}}));
    ADD_FAILURE() << "no error for " << text;
  } catch (const DataError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(file.string()), std::string::npos) << msg;
    EXPECT_NE(msg.find(needle), std::string::npos) << msg;
  }
}

TEST(BaseDatasetTest, MalformedAnnotationFilesNameFileAndEntry) {
  expect_data_error("{\"metainfo\": {}, \"data_list\": [", "");
  expect_data_error("[1, 2]", "should be a dict, but got <class 'list'>!");
  expect_data_error(
      "{\"data_list\": []}",
      "Annotation must have data_list and metainfo keys");
  expect_data_error(
      "{\"metainfo\": [], \"data_list\": []}", "metainfo should be a dict");
  expect_data_error(
      "{\"metainfo\": {}, \"data_list\": 3}", "data_list should be a list");
  expect_data_error(
      "{\"metainfo\": {}, \"data_list\": [{\"img_path\": \"a\"}, 5]}",
      "data_list[1]: raw_data_info should be a dict");
  expect_data_error(
      "{\"metainfo\": {}, \"data_list\": [{\"img_path\": \"a\"}, {\"x\": 1}]}",
      "data_list[1]: raw_data_info: {'x': 1} dose not contain prefix key");
  expect_data_error(
      "{\"metainfo\": {}, \"data_list\": [{\"img_path\": 3}]}",
      "data_list[0]: img_path should be a str");
}

TEST(BaseDatasetTest, BadConfigValues) {
  EXPECT_THROW(build(Value::dict({{"metainfo", 3}})), TypeError);
  EXPECT_THROW(
      build(Value::dict({{"data_prefix", Value::dict({{"img_path", 1}})}})),
      TypeError);
  EXPECT_THROW(build(Value::dict({})), DataError);  // no ann_file
  EXPECT_THROW(build(Value::dict({{"lazy_init", true}, {"bogus", 1}})), Error);
}

}  // namespace
}  // namespace mmengine::dataset
