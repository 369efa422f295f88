#include <gtest/gtest.h>
#include <torch/torch.h>

#include "mmengine/model/base_model/data_preprocessor.h"
#include "mmengine/model/utils.h"
#include "mmengine/registry/root.h"
#include "mmengine/utils/error.h"
#include "tests/support/fidelity.h"

namespace mmengine::model {
namespace {

using config::Value;

template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return std::string(e.kind()) + ": " + e.what();
  }
  return "no error";
}

// The pixels of the fidelity script: arange(numel) % 251 as uint8.
at::Tensor image(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t s : shape) {
    n *= s;
  }
  return (torch::arange(n) % 251).to(torch::kUInt8).reshape(shape);
}

TEST(StackBatchPreprocessorTest, PadsToDivisorExceptChannels) {
  auto batch =
      stack_batch({torch::ones({3, 2, 3}), torch::ones({3, 3, 5})}, 4, -1);
  EXPECT_EQ(batch.sizes(), (std::vector<int64_t>{2, 3, 4, 8}));
  EXPECT_EQ(batch[0][0][1][2].item<float>(), 1);
  EXPECT_EQ(batch[0][0][2][0].item<float>(), -1);
  EXPECT_EQ(batch[1][2][2][4].item<float>(), 1);
  EXPECT_EQ(batch[1][2][3][7].item<float>(), -1);
  EXPECT_EQ(
      stack_batch({torch::ones({1, 2}), torch::ones({1, 2})}).sizes(),
      (std::vector<int64_t>{2, 1, 2}));
  EXPECT_EQ(
      error_of([] { stack_batch({}); }),
      "ValueError: `tensor_list` could not be an empty list");
  EXPECT_EQ(
      error_of([] {
        stack_batch({torch::ones({3, 2, 2}), torch::ones({2, 2})});
      }),
      "ValueError: Expected the dimensions of all tensors must be the same, "
      "but got [3, 2]");
}

TEST(DataPreprocessorTest, CastDataKeepsStructure) {
  BaseDataPreprocessor pre;
  auto sample = std::make_shared<structures::BaseDataElement>();
  sample->set("label", torch::tensor({2}));
  DataBatch out =
      pre.forward({std::vector<at::Tensor>{torch::ones({2})}, {sample}});
  ASSERT_EQ(std::get<std::vector<at::Tensor>>(out.inputs).size(), 1u);
  ASSERT_EQ(out.data_samples.size(), 1u);
  EXPECT_EQ(out.data_samples[0]->get("label").tensor().item<int64_t>(), 2);
  EXPECT_EQ(pre.device(), c10::Device(c10::kCPU));
  pre.to(torch::Device(torch::kCPU), torch::kFloat);
  EXPECT_EQ(pre.device(), c10::Device(c10::kCPU));
}

// Doubles the inputs: a subclass whose forward changes the batch.
class DoublingPreprocessor : public BaseDataPreprocessor {
 public:
  DataBatch forward(const DataBatch& data, bool training) override {
    DataBatch out = BaseDataPreprocessor::forward(data, training);
    out.inputs = std::get<at::Tensor>(out.inputs) * 2;
    return out;
  }
};

TEST(DataPreprocessorTest, ProcessPassesBatchesOnTheDeviceThrough) {
  auto sample = std::make_shared<structures::BaseDataElement>();
  sample->set("label", torch::tensor({2}));
  const DataBatch batch{torch::ones({2}), {sample}};
  BaseDataPreprocessor pre;
  DataBatch storage;
  EXPECT_TRUE(pre.on_device(batch));
  EXPECT_EQ(&pre.process(batch, true, storage), &batch);
  EXPECT_EQ(&pre.process(batch, false, storage), &batch);
  // A subclass's forward always runs.
  DoublingPreprocessor doubling;
  const DataBatch& out = doubling.process(batch, true, storage);
  EXPECT_EQ(&out, &storage);
  EXPECT_TRUE(
      torch::equal(std::get<at::Tensor>(out.inputs), torch::full({2}, 2.0)));
  EXPECT_EQ(out.data_samples.at(0), sample);
  // A tensor elsewhere (inputs or a sample's field) means a copy is due.
  const DataBatch elsewhere{at::empty({2}, at::kMeta), {sample}};
  EXPECT_FALSE(pre.on_device(elsewhere));
  auto meta_sample = std::make_shared<structures::BaseDataElement>();
  meta_sample->set("label", at::empty({1}, at::kMeta));
  EXPECT_FALSE(
      pre.on_device(DataBatch{torch::ones({2}), {sample, meta_sample}}));
  EXPECT_TRUE(pre.on_device(
      DataBatch{std::vector<at::Tensor>{torch::ones({1})}, {nullptr}}));
  EXPECT_FALSE(pre.on_device(DataBatch{
      std::vector<at::Tensor>{torch::ones({1}), at::empty({1}, at::kMeta)},
      {}}));
}

TEST(DataPreprocessorTest, BuildsFromMODELS) {
  register_data_preprocessors();
  auto built = registry::MODELS.build(Value::dict(
      {{"type", "ImgDataPreprocessor"},
       {"mean", Value::list({0, 0, 0})},
       {"std", Value::list({1, 2, 4})},
       {"pad_size_divisor", 2}}));
  auto* pre = dynamic_cast<ImgDataPreprocessor*>(built.get());
  ASSERT_NE(pre, nullptr);
  EXPECT_EQ(pre->std().sizes(), (std::vector<int64_t>{3, 1, 1}));
  EXPECT_NE(
      error_of([] {
        registry::MODELS.build(
            Value::dict({{"type", "ImgDataPreprocessor"}, {"man", 1}}));
      }).find("unexpected keyword argument 'man'"),
      std::string::npos);
}

TEST(DataPreprocessorTest, ConstructorErrors) {
  auto make = [](ImgDataPreprocessorOptions o) {
    return error_of([&] { ImgDataPreprocessor pre(o); });
  };
  ImgDataPreprocessorOptions both;
  both.bgr_to_rgb = both.rgb_to_bgr = true;
  EXPECT_EQ(
      make(both),
      "ValueError: `bgr2rgb` and `rgb2bgr` cannot be set to True at the same "
      "time");
  ImgDataPreprocessorOptions mean_only;
  mean_only.mean = std::vector<double>{1};
  EXPECT_EQ(
      make(mean_only), "ValueError: mean and std should be both None or tuple");
  ImgDataPreprocessorOptions two;
  two.mean = std::vector<double>{1, 2};
  two.std = std::vector<double>{1};
  EXPECT_EQ(
      make(two),
      "ValueError: `mean` should have 1 or 3 values, to be compatible with "
      "RGB or gray image, but got 2 values");
}

nlohmann::json run_ours(const nlohmann::json& c) {
  const auto& cfg = c["cfg"];
  ImgDataPreprocessorOptions o;
  if (cfg.contains("mean")) {
    o.mean = cfg["mean"].get<std::vector<double>>();
    o.std = cfg["std"].get<std::vector<double>>();
  }
  o.pad_size_divisor = cfg.value("pad_size_divisor", 1);
  o.pad_value = cfg.value("pad_value", 0.0);
  o.bgr_to_rgb = cfg.value("bgr_to_rgb", false);
  o.rgb_to_bgr = cfg.value("rgb_to_bgr", false);
  ImgDataPreprocessor pre(o);
  std::vector<at::Tensor> images;
  for (const auto& shape : c["shapes"]) {
    images.push_back(image(shape.get<std::vector<int64_t>>()));
  }
  DataBatch batch{images, {}};
  if (c["kind"] == "tensor") {
    batch.inputs = images[0];
  }
  try {
    const auto out = std::get<at::Tensor>(pre.forward(batch).inputs);
    const auto flat = out.flatten().to(at::kDouble).contiguous();
    return {
        {"shape", out.sizes().vec()},
        {"dtype", out.scalar_type() == at::kFloat ? "torch.float32" : "?"},
        {"values",
         std::vector<double>(
             flat.data_ptr<double>(), flat.data_ptr<double>() + flat.numel())}};
  } catch (const ValueError& e) {
    return {{"error", "AssertionError"}, {"message", e.what()}};
  }
}

TEST(ImgDataPreprocessorFidelityTest, MatchesMMEngine) {
  MMENGINE_REQUIRE_REFERENCE();
  const auto cases = testing::run_reference("model_img_preprocessor.py");
  ASSERT_EQ(cases.size(), 6u);
  for (const auto& c : cases) {
    SCOPED_TRACE(c["cfg"].dump() + " " + c["shapes"].dump());
    const auto ours = run_ours(c);
    if (c.contains("error")) {
      EXPECT_EQ(ours.value("message", ""), c["message"].get<std::string>());
      continue;
    }
    ASSERT_EQ(ours["shape"], c["shape"]) << ours.dump();
    EXPECT_EQ(ours["dtype"], c["dtype"]);
    const auto& want = c["values"];
    for (size_t i = 0; i < want.size(); ++i) {
      EXPECT_NEAR(ours["values"][i].get<double>(), want[i].get<double>(), 1e-5)
          << i;
    }
  }
}

}  // namespace
}  // namespace mmengine::model
