#include <gtest/gtest.h>
#include <torch/torch.h>

#include <fstream>
#include <iterator>

#include "mmengine/dataset/transforms/image_io.h"
#include "mmengine/dataset/transforms/loading.h"
#include "mmengine/dataset/transforms/processing.h"
#include "mmengine/registry/root.h"
#include "mmengine/runner/register_all_modules.h"
#include "mmengine/utils/error.h"
#include "tests/support/fidelity.h"
#include "tests/support/temp_dir.h"

namespace mmengine::dataset {
namespace {

using config::Value;
namespace fs = std::filesystem;

at::Tensor read_raw(const fs::path& dir, const nlohmann::json& ref) {
  std::ifstream in(
      dir / (ref["name"].get<std::string>() + ".raw"), std::ios::binary);
  std::string bytes(
      (std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<int64_t> shape = ref["shape"].get<std::vector<int64_t>>();
  const auto dtype = ref["dtype"] == "uint8" ? torch::kUInt8 : torch::kFloat32;
  return torch::from_blob(bytes.data(), shape, dtype).clone();
}

std::shared_ptr<BaseTransform> make(const Value& cfg) {
  runner::register_all_modules();
  return registry::TRANSFORMS.build(cfg);
}

Results image_results(at::Tensor img) {
  Results r(Value::dict({{"img_path", "x.png"}, {"gt_label", 2}}));
  r.tensors["img"] = std::move(img);
  return r;
}

TEST(TransformsFidelityTest, DecodeResizeFlipMatchOpenCV) {
  MMENGINE_REQUIRE_REFERENCE();
  testing::TempDir dir;
  auto ref =
      testing::run_reference("data_transforms.py", {dir.path().string()});
  for (const auto& c : ref["decode"]) {
    SCOPED_TRACE(c.dump());
    at::Tensor ours = imread(
        (dir.path() / c["file"].get<std::string>()).string(),
        c["color_type"].get<std::string>());
    EXPECT_TRUE(torch::equal(ours, read_raw(dir.path(), c["ref"])));
  }
  int64_t off_by_one = 0;
  int64_t total = 0;
  for (const auto& c : ref["resize"]) {
    SCOPED_TRACE(c.dump());
    const at::Tensor src = read_raw(dir.path(), c["src"]);
    const at::Tensor want = read_raw(dir.path(), c["ref"]);
    const at::Tensor got = imresize(src, c["size"][0], c["size"][1]);
    ASSERT_EQ(got.sizes(), want.sizes());
    if (c["dtype"] == "uint8") {
      const at::Tensor diff =
          (got.to(torch::kInt) - want.to(torch::kInt)).abs();
      EXPECT_LE(diff.max().item<int>(), 1);
      off_by_one += diff.gt(0).sum().item<int64_t>();
      total += diff.numel();
    } else {
      EXPECT_TRUE(torch::allclose(got, want, 1e-5, 1e-3));
    }
  }
  RecordProperty("resize_uint8_pixels_off_by_one", std::to_string(off_by_one));
  RecordProperty("resize_uint8_pixels", std::to_string(total));
  EXPECT_LT(off_by_one, total / 100);  // under 1 % of the pixels
  const at::Tensor src = imread((dir.path() / "c.png").string());
  for (const auto& c : ref["flip"]) {
    EXPECT_TRUE(torch::equal(
        imflip(src, c["direction"].get<std::string>()),
        read_raw(dir.path(), c["ref"])));
  }
}

TEST(TransformsTest, LoadErrorsAndIgnoreEmpty) {
  testing::TempDir dir;
  const std::string bad = (dir.path() / "bad.jpg").string();
  std::ofstream(bad) << "not an image";
  auto load = make(Value::dict({{"type", "LoadImageFromFile"}}));
  Results r(Value::dict({{"img_path", bad}}));
  try {
    (*load)(r);
    ADD_FAILURE();
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find(bad), std::string::npos);
  }
  EXPECT_THROW(
      (*load)(Results(Value::dict({{"img_path", bad + ".missing"}}))),
      FileError);
  auto lenient = make(
      Value::dict({{"type", "LoadImageFromFile"}, {"ignore_empty", true}}));
  EXPECT_FALSE((*lenient)(r).has_value());
  EXPECT_THROW(
      make(Value::dict({{"type", "LoadImageFromFile"}, {"color_type", "rgb"}})),
      ValueError);
}

TEST(TransformsTest, ResizeKeepRatioAndScaleFactor) {
  at::Tensor img = torch::zeros({40, 100, 3}, torch::kUInt8);
  auto resize = make(Value::dict(
      {{"type", "Resize"},
       {"scale", Value::tuple({50, 50})},
       {"keep_ratio", true}}));
  Results out = *(*resize)(image_results(img));
  EXPECT_EQ(out.tensors["img"].sizes(), (std::vector<int64_t>{20, 50, 3}));
  EXPECT_EQ(out.values["img_shape"], Value::tuple({20, 50}));
  EXPECT_EQ(out.values["scale_factor"], Value::tuple({0.5, 0.5}));
  auto by_factor =
      make(Value::dict({{"type", "Resize"}, {"scale_factor", 0.25}}));
  out = *(*by_factor)(image_results(img));
  EXPECT_EQ(out.values["img_shape"], Value::tuple({10, 25}));
  EXPECT_THROW(make(Value::dict({{"type", "Resize"}})), ValueError);
  EXPECT_THROW(
      make(Value::dict(
          {{"type", "Resize"}, {"scale", 3}, {"interpolation", "nearest"}})),
      ValueError);
}

TEST(TransformsTest, RandomResizeDrawsWithinTheRange) {
  at::Tensor img = torch::zeros({30, 60, 3}, torch::kUInt8);
  auto fixed = make(Value::dict(
      {{"type", "RandomResize"},
       {"scale", Value::tuple({20, 10})},
       {"ratio_range", Value::tuple({2.0, 2.0})}}));
  Results out = *(*fixed)(image_results(img));
  EXPECT_EQ(out.values["img_shape"], Value::tuple({20, 40}));
  auto ranged = make(Value::dict(
      {{"type", "RandomResize"},
       {"scale", Value::list({Value::tuple({10, 5}), Value::tuple({16, 9})})},
       {"keep_ratio", false}}));
  seed_transform_rng(1);
  for (int i = 0; i < 10; ++i) {
    out = *(*ranged)(image_results(img));
    const auto w = out.values["scale"][0].as<int64_t>();
    const auto h = out.values["scale"][1].as<int64_t>();
    EXPECT_TRUE(w >= 10 && w <= 16 && h >= 5 && h <= 9) << w << "x" << h;
    EXPECT_EQ(out.values["img_shape"], Value::tuple({h, w}));
  }
  EXPECT_THROW(
      make(Value::dict({{"type", "RandomResize"}, {"scale", 5}})), TypeError);
}

TEST(TransformsTest, CropsTakeTheExpectedWindow) {
  at::Tensor img = torch::arange(7 * 9 * 1, torch::kUInt8).reshape({7, 9, 1});
  auto center = make(Value::dict(
      {{"type", "CenterCrop"}, {"crop_size", Value::tuple({4, 3})}}));
  Results out = *(*center)(image_results(img));
  // mmcv: x1 = ceil((9 - 4) / 2) = 3, y1 = ceil((7 - 3) / 2) = 2.
  EXPECT_TRUE(
      torch::equal(out.tensors["img"], img.slice(0, 2, 5).slice(1, 3, 7)));
  auto crop = make(Value::dict(
      {{"type", "RandomCrop"},
       {"crop_size", 5},
       {"padding", 2},
       {"pad_val", 9}}));
  seed_transform_rng(3);
  out = *(*crop)(image_results(img));
  EXPECT_EQ(out.tensors["img"].sizes(), (std::vector<int64_t>{5, 5, 1}));
  auto padded = make(Value::dict(
      {{"type", "RandomCrop"},
       {"crop_size", Value::tuple({10, 12})},
       {"pad_if_needed", true}}));
  out = *(*padded)(image_results(img));
  EXPECT_EQ(out.tensors["img"].sizes(), (std::vector<int64_t>{10, 12, 1}));
}

TEST(TransformsTest, RandomResizedCropParamsAndFallback) {
  registry::BuildArgs args(
      Value::dict({{"scale", 8}, {"max_attempts", 0}}), "RandomResizedCrop");
  RandomResizedCrop none(args);
  // No attempt: central crop with the aspect ratio clipped to 4/3.
  EXPECT_EQ(none.crop_params(10, 40), (std::array<int64_t, 4>{0, 13, 10, 13}));
  EXPECT_EQ(none.crop_params(40, 10), (std::array<int64_t, 4>{13, 0, 13, 10}));
  EXPECT_EQ(none.crop_params(30, 30), (std::array<int64_t, 4>{0, 0, 30, 30}));
  registry::BuildArgs whole(
      Value::dict(
          {{"scale", Value::tuple({6, 4})},
           {"crop_ratio_range", Value::tuple({1.0, 1.0})},
           {"aspect_ratio_range", Value::tuple({1.0, 1.0})}}),
      "RandomResizedCrop");
  RandomResizedCrop full(whole);
  EXPECT_EQ(full.crop_params(16, 16), (std::array<int64_t, 4>{0, 0, 16, 16}));
  Results out =
      *full.transform(image_results(torch::zeros({16, 16, 3}, torch::kUInt8)));
  EXPECT_EQ(out.values["img_shape"], Value::tuple({6, 4}));
  seed_transform_rng(0);
  auto rrc = make(Value::dict({{"type", "RandomResizedCrop"}, {"scale", 224}}));
  for (int i = 0; i < 20; ++i) {
    out = *(*rrc)(image_results(torch::zeros({50, 70, 3}, torch::kUInt8)));
    EXPECT_EQ(out.tensors["img"].sizes(), (std::vector<int64_t>{224, 224, 3}));
  }
}

TEST(TransformsTest, FlipProbabilityAndPack) {
  at::Tensor img = torch::arange(2 * 3 * 3, torch::kUInt8).reshape({2, 3, 3});
  auto always = make(Value::dict({{"type", "RandomFlip"}, {"prob", 1.0}}));
  Results out = *(*always)(image_results(img));
  EXPECT_TRUE(torch::equal(out.tensors["img"], img.flip({1})));
  EXPECT_EQ(out.values["flip_direction"], Value("horizontal"));
  auto never = make(Value::dict({{"type", "RandomFlip"}, {"prob", 0.0}}));
  out = *(*never)(image_results(img));
  EXPECT_EQ(out.values["flip"], Value(false));
  EXPECT_TRUE(out.values["flip_direction"].is_none());
  EXPECT_THROW(
      make(Value::dict({{"type", "RandomFlip"}, {"prob", 1.5}})), ValueError);

  auto pack = make(Value::dict({{"type", "PackInputs"}}));
  out = *(*pack)(std::move(out));
  Sample s = to_sample(std::move(out), "test");
  EXPECT_EQ(s.inputs.sizes(), (std::vector<int64_t>{3, 2, 3}));
  EXPECT_TRUE(torch::equal(s.inputs, img.permute({2, 0, 1})));
  EXPECT_TRUE(torch::equal(
      s.data_samples->get("gt_label").tensor(),
      torch::tensor({2}, torch::kLong)));
  EXPECT_EQ(s.data_samples->metainfo()["img_path"], Value("x.png"));
  EXPECT_EQ(s.data_samples->metainfo()["flip"], Value(false));
}

TEST(TransformsTest, NormalizeConvertsToRgbFloat) {
  at::Tensor img =
      torch::tensor({10, 20, 30}, torch::kUInt8).reshape({1, 1, 3});
  auto norm = make(Value::dict(
      {{"type", "Normalize"},
       {"mean", Value::list({1.0, 2.0, 3.0})},
       {"std", Value::list({2.0, 2.0, 2.0})}}));
  Results out = *(*norm)(image_results(img));
  EXPECT_TRUE(torch::allclose(
      out.tensors["img"].reshape({-1}), torch::tensor({14.5f, 9.0f, 3.5f})));
  EXPECT_THROW(
      make(Value::dict(
          {{"type", "Normalize"},
           {"mean", Value::list({1.0})},
           {"std", Value::list({1.0, 2.0})}})),
      ValueError);
}

TEST(TransformsTest, ComposeStopsAtNone) {
  testing::TempDir dir;
  auto pipeline = make(Value::dict(
      {{"type", "Compose"},
       {"transforms",
        Value::list(
            {Value::dict(
                 {{"type", "LoadImageFromFile"}, {"ignore_empty", true}}),
             Value::dict({{"type", "PackInputs"}})})}}));
  EXPECT_FALSE(
      (*pipeline)(Results(Value::dict(
                      {{"img_path", (dir.path() / "none.png").string()}})))
          .has_value());
  EXPECT_THROW(
      make(
          Value::dict({{"type", "Compose"}, {"transforms", Value::list({3})}})),
      TypeError);
  EXPECT_THROW(
      make(Value::dict(
          {{"type", "Compose"},
           {"transforms", Value::list({Value::dict({{"type", "NoSuch"}})})}})),
      KeyError);
}

}  // namespace
}  // namespace mmengine::dataset
