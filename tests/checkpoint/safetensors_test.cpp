#include "mmengine/runner/checkpoint/safetensors.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cstring>

#include "mmengine/runner/checkpoint.h"
#include "mmengine/utils/error.h"
#include "tests/support/temp_dir.h"

namespace mmengine::runner::checkpoint {
namespace {

using structures::Tree;

std::string with_header(const std::string& json, std::size_t data_bytes) {
  std::string out(8, '\0');
  const std::uint64_t n = json.size();
  std::memcpy(out.data(), &n, 8);
  return out + json + std::string(data_bytes, '\0');
}

std::string error_of(const std::string& bytes) {
  try {
    load_safetensors_bytes(bytes, "t.safetensors");
  } catch (const CheckpointError& e) {
    return e.what();
  }
  return "";
}

TEST(SafetensorsTest, RoundTripKeepsOrderDtypesAndMetadata) {
  auto sd = Tree::dict();
  sd["z.weight"] = Tree(torch::arange(6, torch::kFloat).reshape({2, 3}));
  sd["a.bias"] = Tree(torch::tensor({1.5}).to(torch::kBFloat16));
  sd["mask"] = Tree(torch::tensor({true, false}));
  sd["t"] = Tree(torch::arange(6, torch::kLong).reshape({2, 3}).t());
  const auto bytes = save_safetensors_bytes(sd, {{"format", "pt"}});
  // Layout per the format spec: u64 header size, JSON, then the data.
  std::uint64_t n = 0;
  std::memcpy(&n, bytes.data(), 8);
  EXPECT_EQ(n % 8, 0u);
  EXPECT_EQ(bytes.substr(8, 38), R"({"__metadata__":{"format":"pt"},"z.wei)");
  EXPECT_EQ(bytes.size(), 8 + n + 24 + 2 + 2 + 48);
  auto back = load_safetensors_bytes(bytes, "mem");
  EXPECT_EQ(back.metadata.at("format"), "pt");
  const auto items = back.tensors.items();
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0].first.str(), "z.weight");
  EXPECT_TRUE(torch::equal(items[0].second.tensor(), sd["z.weight"].tensor()));
  EXPECT_EQ(items[1].second.tensor().scalar_type(), torch::kBFloat16);
  EXPECT_TRUE(torch::equal(items[3].second.tensor(), sd["t"].tensor()));

  testing::TempDir dir;
  const auto path = (dir.path() / "m.safetensors").string();
  save_checkpoint(Tree::dict({{"state_dict", sd}}), path);
  auto mapped = load_safetensors(path);
  EXPECT_TRUE(
      torch::equal(mapped.tensors["mask"].tensor(), sd["mask"].tensor()));
  mapped.tensors["z.weight"].tensor().fill_(1);  // copy-on-write map
  EXPECT_TRUE(torch::equal(
      load_safetensors(path).tensors["z.weight"].tensor(),
      sd["z.weight"].tensor()));
}

TEST(SafetensorsTest, ValidatesHeader) {
  EXPECT_NE(error_of("abc").find("shorter than 8"), std::string::npos);
  std::string huge(8, '\xff');
  EXPECT_NE(error_of(huge).find("exceeds the file"), std::string::npos);
  EXPECT_NE(
      error_of(with_header("{nope", 0)).find("not JSON"), std::string::npos);
  EXPECT_NE(
      error_of(
          with_header(
              R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}})", 4))
          .find("needs 8 bytes"),
      std::string::npos);
  EXPECT_NE(
      error_of(
          with_header(
              R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", 2))
          .find("past the data"),
      std::string::npos);
  EXPECT_NE(
      error_of(with_header(
                   R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                   R"("b":{"dtype":"F32","shape":[1],"data_offsets":[2,6]}})",
                   8))
          .find("overlap or gap"),
      std::string::npos);
  EXPECT_NE(
      error_of(
          with_header(
              R"({"a":{"dtype":"Q7","shape":[1],"data_offsets":[0,4]}})", 4))
          .find("unknown dtype 'Q7'"),
      std::string::npos);
  EXPECT_NE(
      error_of(
          with_header(
              R"({"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}})", 3))
          .find("cover 1 bytes but the data holds 3"),
      std::string::npos);
}

}  // namespace
}  // namespace mmengine::runner::checkpoint
