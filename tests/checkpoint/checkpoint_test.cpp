#include "mmengine/runner/checkpoint.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <fstream>
#include <random>
#include <sstream>

#include "mmengine/runner/checkpoint/pickle_writer.h"
#include "mmengine/runner/checkpoint/torch_file.h"
#include "mmengine/runner/checkpoint/zip_archive.h"
#include "mmengine/utils/error.h"
#include "tests/support/temp_dir.h"

namespace mmengine::runner {
namespace {

using structures::Tree;

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const std::filesystem::path& p, const std::string& s) {
  std::ofstream(p, std::ios::binary) << s;
}

Tree sample_checkpoint() {
  auto base = torch::arange(12, torch::kFloat).reshape({3, 4});
  auto sd = Tree::dict();
  sd["w"] = Tree(base);
  sd["wt"] = Tree(base.t());
  sd["col"] = Tree(base.select(1, 2));
  sd["bf16"] = Tree(torch::tensor({1.5, -2.25}).to(torch::kBFloat16));
  sd["flags"] = Tree(torch::tensor({true, false}));
  sd["ids"] = Tree(torch::tensor({int64_t{1} << 40, int64_t{-3}}));
  auto ckpt = Tree::dict();
  ckpt["meta"] = Tree(config::Value::dict(
      {{"epoch", 3},
       {"lr", 0.125},
       {"name", "exp"},
       {"flag", true},
       {"none", config::Value()},
       {"big", int64_t{1} << 50},
       {"neg", -70000},
       {"classes", config::Value::tuple({"a", "b"})}}));
  ckpt["state_dict"] = sd;
  ckpt["list"] = Tree::list({Tree(1), Tree(torch::ones({2}))});
  return ckpt;
}

TEST(CheckpointTest, SaveLoadRoundTrip) {
  testing::TempDir dir;
  const auto path = (dir.path() / "a.pth").string();
  save_checkpoint(sample_checkpoint(), path);
  auto back = load_checkpoint_file(path);
  EXPECT_EQ(back["meta"]["epoch"].as<int>(), 3);
  EXPECT_EQ(back["meta"]["lr"].as<double>(), 0.125);
  EXPECT_EQ(back["meta"]["name"].as<std::string>(), "exp");
  EXPECT_TRUE(back["meta"]["none"].is_none());
  EXPECT_EQ(back["meta"]["big"].as<int64_t>(), int64_t{1} << 50);
  EXPECT_EQ(back["meta"]["neg"].as<int64_t>(), -70000);
  EXPECT_EQ(back["meta"]["classes"].repr(), "('a', 'b')");
  const auto& sd = back["state_dict"];
  EXPECT_TRUE(torch::equal(
      sd["wt"].tensor(), torch::arange(12, torch::kFloat).reshape({3, 4}).t()));
  EXPECT_EQ(sd["wt"].tensor().strides(), (std::vector<int64_t>{1, 4}));
  EXPECT_EQ(sd["bf16"].tensor().scalar_type(), torch::kBFloat16);
  EXPECT_EQ(sd["bf16"].tensor()[1].item<float>(), -2.25f);
  EXPECT_EQ(sd["flags"].tensor()[0].item<bool>(), true);
  EXPECT_EQ(sd["ids"].tensor()[0].item<int64_t>(), int64_t{1} << 40);
  // Views still share one storage.
  sd["w"].tensor().fill_(7);
  EXPECT_EQ(sd["col"].tensor()[0].item<float>(), 7);
  EXPECT_EQ(back["list"][0].as<int>(), 1);
}

TEST(CheckpointTest, ReportsCorruptedData) {
  testing::TempDir dir;
  const auto path = dir.path() / "a.pth";
  save_checkpoint(sample_checkpoint(), path.string());
  auto bytes = read_file(path);
  // Flip a byte inside the first tensor storage (data/0).
  const auto* entry =
      checkpoint::ZipReader(bytes, "a.pth").find("archive/data/0");
  ASSERT_NE(entry, nullptr);
  bytes[entry->data_offset + 5] ^= 0x5a;
  write_file(path, bytes);
  try {
    load_checkpoint_file(path.string());
    FAIL() << "corruption not detected";
  } catch (const CheckpointError& e) {
    EXPECT_NE(std::string(e.what()).find("CRC-32 mismatch"), std::string::npos)
        << e.what();
  }
  write_file(path, bytes.substr(0, bytes.size() / 2));
  EXPECT_THROW(load_checkpoint_file(path.string()), CheckpointError);
  write_file(path, "hello");
  EXPECT_THROW(load_checkpoint_file(path.string()), CheckpointError);
  EXPECT_THROW(
      load_checkpoint_file((dir.path() / "missing.pth").string()), FileError);
}

TEST(CheckpointTest, RejectsStorageShorterThanClaimed) {
  testing::TempDir dir;
  const auto path = dir.path() / "short.pth";
  auto pickled =
      checkpoint::pickle_tree(Tree::dict({{"x", Tree(torch::ones({4}))}}));
  std::FILE* f = std::fopen(path.c_str(), "wb");
  checkpoint::ZipWriter zip(f, path.string());
  zip.add("archive/data.pkl", pickled.pickle);
  zip.add("archive/data/0", std::string(8, '\0'));
  zip.finish();
  std::fclose(f);
  try {
    load_checkpoint_file(path.string());
    FAIL();
  } catch (const CheckpointError& e) {
    EXPECT_NE(std::string(e.what()).find("holds 8 bytes"), std::string::npos)
        << e.what();
  }
}

TEST(CheckpointTest, FailedSaveKeepsPreviousFile) {
  testing::TempDir dir;
  const auto path = dir.path() / "keep.pth";
  save_checkpoint(sample_checkpoint(), path.string());
  const auto before = read_file(path);
  auto bad = Tree::dict({{"x", Tree(torch::ones({2}, torch::kUInt16))}});
  EXPECT_THROW(save_checkpoint(bad, path.string()), CheckpointError);
  EXPECT_EQ(read_file(path), before);
  EXPECT_EQ(
      std::distance(
          std::filesystem::directory_iterator(dir.path()),
          std::filesystem::directory_iterator()),
      1);
  std::filesystem::create_directories(dir.path() / "isdir.pth");
  EXPECT_THROW(
      save_checkpoint(sample_checkpoint(), (dir.path() / "isdir.pth").string()),
      FileError);
}

TEST(CheckpointTest, LoadStateDictReportsMismatches) {
  torch::nn::Linear lin(3, 2);
  auto sd = Tree::dict();
  sd["weight"] = Tree(torch::ones({2, 4}));
  sd["extra"] = Tree(torch::ones({1}));
  auto r = load_state_dict(*lin, sd, /*strict=*/false);
  EXPECT_EQ(r.unexpected_keys, (std::vector<std::string>{"extra"}));
  EXPECT_EQ(r.missing_keys, (std::vector<std::string>{"bias"}));
  EXPECT_EQ(
      r.message,
      "The model and loaded state dict do not match exactly\n\n"
      "size mismatch for weight: copying a param with shape "
      "torch.Size([2, 4]) from checkpoint, the shape in current model is "
      "torch.Size([2, 3]).\n"
      "unexpected key in source state_dict: extra\n\n"
      "missing keys in source state_dict: bias\n");
  EXPECT_THROW(load_state_dict(*lin, sd, /*strict=*/true), CheckpointError);
}

TEST(CheckpointTest, LoadCheckpointRevisesKeysAndSelectsPrefix) {
  testing::TempDir dir;
  const auto path = (dir.path() / "m.pth").string();
  auto sd = Tree::dict();
  sd["module.weight"] = Tree(torch::full({2, 3}, 2.0));
  sd["module.bias"] = Tree(torch::full({2}, 3.0));
  save_checkpoint(Tree::dict({{"state_dict", sd}}), path);
  torch::nn::Linear lin(3, 2);
  load_checkpoint(*lin, path, "cpu", /*strict=*/true);
  EXPECT_EQ(lin->weight[0][0].item<float>(), 2.0f);
  auto sub = load_checkpoint_with_prefix("module", path);
  EXPECT_EQ(sub.size(), 2u);
  EXPECT_TRUE(sub.contains("bias"));
  EXPECT_THROW(load_checkpoint_with_prefix("backbone", path), CheckpointError);
  load_checkpoint(*lin, path, "cpu", true, {{"^module\\.(.*)$", "\\1"}});
  EXPECT_EQ(lin->bias[1].item<float>(), 3.0f);
  auto round = get_state_dict(*lin);
  EXPECT_EQ(round.size(), 2u);
}

TEST(CheckpointTest, MutatedFilesOnlyRaiseEngineErrors) {
  testing::TempDir dir;
  const auto path = dir.path() / "f.pth";
  save_checkpoint(sample_checkpoint(), path.string());
  const auto good = read_file(path);
  std::mt19937 rng(0);
  for (int i = 0; i < 200; ++i) {
    auto bytes = good;
    for (int k = 0; k < 4; ++k) {
      bytes[rng() % bytes.size()] = static_cast<char>(rng());
    }
    try {
      checkpoint::load_torch_bytes(bytes, "mutant");
    } catch (const Error&) {
    }
  }
}

}  // namespace
}  // namespace mmengine::runner
