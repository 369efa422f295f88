#include <gtest/gtest.h>
#include <torch/torch.h>

#include <fstream>

#include "mmengine/config/json_io.h"
#include "mmengine/dataset/data_loader.h"
#include "mmengine/evaluator/dump_results.h"
#include "mmengine/registry/root.h"
#include "mmengine/runner/register_all_modules.h"
#include "mmengine/utils/error.h"
#include "mmengine/zoo/image_datasets.h"
#include "tests/support/temp_dir.h"

namespace mmengine::zoo {
namespace {

using config::Value;
namespace fs = std::filesystem;

// A CIFAR binary batch: record i has label (i * 3 + k) % classes and
// pixel bytes (i + channel + y * 32 + x) % 256.
void write_cifar(const fs::path& file, int n, int k, bool hundred) {
  std::ofstream out(file, std::ios::binary);
  for (int i = 0; i < n; ++i) {
    if (hundred) {
      out.put(static_cast<char>(i % 20));
    }
    out.put(static_cast<char>((i * 3 + k) % (hundred ? 100 : 10)));
    for (int c = 0; c < 3; ++c) {
      for (int p = 0; p < 1024; ++p) {
        out.put(static_cast<char>((i + c + p) % 256));
      }
    }
  }
}

std::shared_ptr<dataset::Dataset> build(const Value& cfg) {
  runner::register_all_modules();
  return registry::DATASETS.build(cfg);
}

Value pack_pipeline() {
  return Value::list({Value::dict({{"type", "PackInputs"}})});
}

TEST(CifarTest, ReadsBinaryBatchesAsRgbImages) {
  testing::TempDir dir;
  for (int b = 1; b <= 5; ++b) {
    write_cifar(dir.path() / fmt::format("data_batch_{}.bin", b), 3, b, false);
  }
  fs::create_directory(dir.path() / "cifar-10-batches-bin");
  write_cifar(
      dir.path() / "cifar-10-batches-bin" / "test_batch.bin", 4, 0, false);
  auto train = build(Value::dict(
      {{"type", "CIFAR10"},
       {"data_root", dir.path().string()},
       {"pipeline", pack_pipeline()}}));
  ASSERT_EQ(train->size(), 15);
  EXPECT_EQ(train->metainfo()["classes"].size(), 10u);
  dataset::Sample s = train->get(4);  // batch 2, record 1
  EXPECT_EQ(
      s.data_samples->get("gt_label").tensor().item<int64_t>(),
      (1 * 3 + 2) % 10);
  EXPECT_EQ(s.inputs.sizes(), (std::vector<int64_t>{3, 32, 32}));
  EXPECT_EQ(s.inputs[2][0][5].item<int>(), (1 + 2 + 5) % 256);
  EXPECT_EQ(train->get_cat_ids(4), (std::vector<int64_t>{5}));
  auto test = build(Value::dict(
      {{"type", "CIFAR10"},
       {"data_root", dir.path().string()},
       {"test_mode", true},
       {"pipeline", pack_pipeline()}}));
  EXPECT_EQ(test->size(), 4);
  EXPECT_THROW(
      build(Value::dict(
          {{"type", "CIFAR100"}, {"data_root", dir.path().string()}})),
      DataError);
  EXPECT_THROW(
      build(Value::dict(
          {{"type", "CIFAR10"},
           {"data_root", dir.path().string()},
           {"download", true}})),
      ValueError);
}

TEST(CifarTest, Cifar100FineLabelsAndTruncatedFile) {
  testing::TempDir dir;
  write_cifar(dir.path() / "train.bin", 5, 40, true);
  auto ds = build(Value::dict(
      {{"type", "CIFAR100"},
       {"data_root", dir.path().string()},
       {"pipeline", pack_pipeline()}}));
  ASSERT_EQ(ds->size(), 5);
  EXPECT_EQ(ds->get_cat_ids(3), (std::vector<int64_t>{(3 * 3 + 40) % 100}));
  EXPECT_EQ(ds->metainfo()["classes"].size(), 100u);
  std::ofstream(dir.path() / "test.bin", std::ios::binary) << "short";
  EXPECT_THROW(
      build(Value::dict(
          {{"type", "CIFAR100"},
           {"data_root", dir.path().string()},
           {"split", "test"}})),
      DataError);
}

TEST(CustomDatasetTest, ClassFoldersAndAnnotationList) {
  testing::TempDir dir;
  for (const char* f :
       {"dog/b.png",
        "dog/a.jpg",
        "cat/x.JPEG",
        "cat/sub/y.png",
        "dog/skip.txt"}) {
    fs::create_directories((dir.path() / f).parent_path());
    std::ofstream(dir.path() / f) << "x";
  }
  auto ds = std::dynamic_pointer_cast<dataset::BaseDataset>(build(Value::dict(
      {{"type", "CustomDataset"},
       {"data_root", dir.path().string()},
       {"data_prefix", ""}})));
  ASSERT_EQ(ds->size(), 4);
  EXPECT_EQ(ds->metainfo()["classes"], Value::tuple({"cat", "dog"}));
  const std::string root = dir.path().string() + "/";
  EXPECT_EQ(
      ds->get_data_info(0)["img_path"].as<std::string>(),
      root + "cat/sub/y.png");
  EXPECT_EQ(
      ds->get_data_info(1)["img_path"].as<std::string>(), root + "cat/x.JPEG");
  EXPECT_EQ(ds->get_data_info(2)["gt_label"].as<int64_t>(), 1);
  EXPECT_EQ(ds->get_cat_ids(3), (std::vector<int64_t>{1}));

  std::ofstream(dir.path() / "list.txt") << "dog/a.jpg 1\ncat/x.JPEG 0\n";
  auto listed =
      std::dynamic_pointer_cast<dataset::BaseDataset>(build(Value::dict(
          {{"type", "CustomDataset"},
           {"data_root", dir.path().string()},
           {"ann_file", "list.txt"},
           {"data_prefix", "imgs"}})));
  ASSERT_EQ(listed->size(), 2);
  EXPECT_EQ(
      listed->get_data_info(0)["img_path"].as<std::string>(),
      root + "imgs/dog/a.jpg");
  std::ofstream(dir.path() / "bad.txt") << "dog/a.jpg one\n";
  try {
    build(Value::dict(
        {{"type", "CustomDataset"},
         {"data_root", dir.path().string()},
         {"ann_file", "bad.txt"}}));
    ADD_FAILURE();
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.txt:1"), std::string::npos)
        << e.what();
  }
}

// CIFAR with random transforms behind a loader of 2 workers.
std::shared_ptr<dataset::DataLoader> cifar_loader(
    const fs::path& root, int64_t seed, int workers) {
  Value pipeline = Value::list(
      {Value::dict({{"type", "RandomResizedCrop"}, {"scale", 16}}),
       Value::dict({{"type", "RandomFlip"}, {"prob", 0.5}}),
       Value::dict({{"type", "PackInputs"}})});
  Value cfg = Value::dict(
      {{"dataset",
        Value::dict(
            {{"type", "CIFAR10"},
             {"data_root", root.string()},
             {"split", "test"},
             {"pipeline", pipeline}})},
       {"sampler",
        Value::dict({{"type", "DefaultSampler"}, {"shuffle", false}})},
       {"batch_size", 4},
       {"num_workers", workers},
       {"collate_fn", Value::dict({{"type", "default_collate"}})}});
  runner::register_all_modules();
  return dataset::build_dataloader(cfg, seed, "train_dataloader");
}

std::vector<at::Tensor> epoch(dataset::DataLoader& loader) {
  std::vector<at::Tensor> out;
  auto it = loader.iter();
  while (auto b = it->next()) {
    out.push_back(std::get<at::Tensor>(b->inputs));
  }
  return out;
}

std::vector<at::Tensor> rest_of_pass(
    dataset::DataLoader& loader, std::int64_t skip) {
  std::vector<at::Tensor> out;
  auto it = loader.iter(skip);
  while (auto b = it->next()) {
    out.push_back(std::get<at::Tensor>(b->inputs));
  }
  return out;
}

TEST(ImageLoaderTest, RandomTransformsDoNotDependOnWorkers) {
  testing::TempDir dir;
  write_cifar(dir.path() / "test_batch.bin", 24, 0, false);
  auto serial = epoch(*cifar_loader(dir.path(), 7, 0));
  for (int workers : {1, 2, 4}) {
    auto threaded = epoch(*cifar_loader(dir.path(), 7, workers));
    ASSERT_EQ(threaded.size(), serial.size());
    for (std::size_t i = 0; i < serial.size(); ++i) {
      EXPECT_TRUE(torch::equal(serial[i], threaded[i]))
          << workers << " workers, batch " << i;
    }
  }
}

TEST(ImageLoaderTest, SkippedBatchesResumeThePassExactly) {
  testing::TempDir dir;
  write_cifar(dir.path() / "test_batch.bin", 24, 0, false);
  for (int workers : {0, 2}) {
    auto loader = cifar_loader(dir.path(), 7, workers);
    const auto first = epoch(*loader);
    const auto second = epoch(*loader);  // pass 1: other random draws
    bool differs = false;
    for (std::size_t i = 0; i < first.size(); ++i) {
      differs = differs || !torch::equal(first[i], second[i]);
    }
    EXPECT_TRUE(differs) << workers;
    EXPECT_EQ(loader->pass(), 1);

    // A fresh loader resumed in pass 1 after 4 batches.
    auto resumed = cifar_loader(dir.path(), 7, workers);
    resumed->set_next_pass(1);
    const auto rest = rest_of_pass(*resumed, 4);
    ASSERT_EQ(rest.size(), second.size() - 4) << workers;
    for (std::size_t i = 0; i < rest.size(); ++i) {
      EXPECT_TRUE(torch::equal(rest[i], second[i + 4]))
          << workers << " workers, batch " << i + 4;
    }
    EXPECT_TRUE(rest_of_pass(*resumed, 100).empty());
  }
  EXPECT_THROW(cifar_loader(dir.path(), 7, 0)->iter(-1), ValueError);
}

TEST(ImageLoaderTest, RandomTransformsAreDeterministicPerSeed) {
  testing::TempDir dir;
  write_cifar(dir.path() / "test_batch.bin", 24, 0, false);
  auto a = epoch(*cifar_loader(dir.path(), 7, 2));
  auto b = epoch(*cifar_loader(dir.path(), 7, 2));
  auto c = epoch(*cifar_loader(dir.path(), 8, 2));
  ASSERT_EQ(a.size(), 6u);
  bool differs = false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_TRUE(torch::equal(a[i], b[i])) << "batch " << i;
    differs = differs || !torch::equal(a[i], c[i]);
  }
  EXPECT_TRUE(differs);
}

TEST(ImageLoaderTest, ConsumerStoppingEarlyDoesNotBlock) {
  testing::TempDir dir;
  write_cifar(dir.path() / "test_batch.bin", 64, 0, false);
  auto loader = cifar_loader(dir.path(), 0, 2);
  for (int round = 0; round < 3; ++round) {
    auto it = loader->iter();
    ASSERT_TRUE(it->next().has_value());
    ASSERT_TRUE(it->next().has_value());
  }  // iterators destroyed mid-epoch
  SUCCEED();
}

TEST(ImageLoaderTest, TransformErrorNamesTheSampleFromAWorker) {
  testing::TempDir dir;
  std::ofstream(dir.path() / "ann.json")
      << R"({"metainfo": {}, "data_list": [{"img_path": "a.png"}, {"img_path": "b.png"}]})";
  Value cfg = Value::dict(
      {{"dataset",
        Value::dict(
            {{"type", "BaseDataset"},
             {"data_root", dir.path().string()},
             {"ann_file", "ann.json"},
             {"pipeline",
              Value::list(
                  {Value::dict({{"type", "LoadImageFromFile"}}),
                   Value::dict({{"type", "PackInputs"}})})}})},
       {"sampler",
        Value::dict({{"type", "DefaultSampler"}, {"shuffle", false}})},
       {"batch_size", 1},
       {"num_workers", 2}});
  runner::register_all_modules();
  auto loader = dataset::build_dataloader(cfg, 0, "train_dataloader");
  auto it = loader->iter();
  try {
    it->next();
    ADD_FAILURE();
  } catch (const DataError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("sample 0"), std::string::npos) << msg;
    EXPECT_NE(msg.find("a.png"), std::string::npos) << msg;
  }
}

TEST(DumpResultsTest, WritesJson) {
  testing::TempDir dir;
  const std::string out = (dir.path() / "preds.json").string();
  runner::register_all_modules();
  auto metric = registry::METRICS.build(
      Value::dict({{"type", "DumpResults"}, {"out_file_path", out}}));
  auto sample = std::make_shared<structures::BaseDataElement>();
  sample->set_metainfo(Value::dict({{"img_path", "a.png"}}));
  sample->set("pred_label", torch::tensor({3}, torch::kLong));
  sample->set("pred_score", torch::tensor({0.25f, 0.75f}));
  metric->process({}, {sample, sample});
  EXPECT_EQ(metric->evaluate(2), Value::dict());
  Value dumped = config::load_json(out);
  ASSERT_EQ(dumped.size(), 2u);
  EXPECT_EQ(dumped.elements()[0]["img_path"], Value("a.png"));
  EXPECT_EQ(dumped.elements()[0]["pred_label"], Value::list({3}));
  EXPECT_EQ(dumped.elements()[1]["pred_score"], Value::list({0.25, 0.75}));
}

}  // namespace
}  // namespace mmengine::zoo
