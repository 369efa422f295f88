#include "mmengine/device/utils.h"

#include <ATen/Version.h>
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "tests/support/fidelity.h"

namespace mmengine::device {
namespace {

const std::string* find_value(
    const utils::EnvInfo& env, const std::string& key) {
  for (const auto& [k, v] : env) {
    if (k == key) {
      return &v;
    }
  }
  return nullptr;
}

TEST(DeviceTest, CollectEnvHasTorchEntries) {
  const auto env = collect_env();
  ASSERT_NE(find_value(env, "PyTorch"), nullptr);
  EXPECT_EQ(*find_value(env, "PyTorch"), TORCH_VERSION);
  ASSERT_NE(find_value(env, "CUDA available"), nullptr);
  EXPECT_EQ(
      *find_value(env, "CUDA available"),
      is_cuda_available() ? "True" : "False");
  EXPECT_NE(find_value(env, "Threads"), nullptr);
  EXPECT_EQ(env.front().first, "sys.platform");
  EXPECT_EQ(env.back().first, "MMEngine");
}

TEST(DeviceTest, DeviceMatchesAvailability) {
  EXPECT_EQ(get_device(), is_cuda_available() ? "cuda" : "cpu");
  EXPECT_EQ(is_cuda_available(), torch::cuda::is_available());
  EXPECT_EQ(cuda_device_count(), static_cast<int>(torch::cuda::device_count()));
}

// The same libtorch is behind Python's torch: both must describe it alike.
TEST(DeviceFidelityTest, MatchesReferenceCollectEnv) {
  MMENGINE_REQUIRE_REFERENCE();
  const auto ref = testing::run_reference("collect_env.py");
  const auto env = collect_env();
  EXPECT_EQ(ref["sys.platform"], *find_value(env, "sys.platform"));
  EXPECT_EQ(ref["torch_config"], *find_value(env, "PyTorch compiling details"));
  // Python appends a local tag ("2.11.0+cu130"); the C++ macro does not.
  const std::string py_version = ref["torch_version"];
  EXPECT_EQ(py_version.substr(0, py_version.find('+')), TORCH_VERSION);
  EXPECT_EQ(ref["cuda_available"].get<bool>(), is_cuda_available());
  for (const char* key :
       {"sys.platform",
        "CUDA available",
        "PyTorch",
        "PyTorch compiling details",
        "MMEngine"}) {
    EXPECT_NE(
        std::find(ref["keys"].begin(), ref["keys"].end(), key),
        ref["keys"].end())
        << key;
    EXPECT_NE(find_value(env, key), nullptr) << key;
  }
}

TEST(DeviceGpuTest, ReportsEveryGpuByName) {
  if (!is_cuda_available()) {
    GTEST_SKIP() << "no CUDA device";
  }
  const auto names = cuda_device_names();
  ASSERT_EQ(static_cast<int>(names.size()), cuda_device_count());
  EXPECT_FALSE(names[0].empty());
  const auto env = collect_env();
  ASSERT_NE(find_value(env, "CUDA runtime"), nullptr);
  bool found_gpu = false;
  for (const auto& [k, v] : env) {
    found_gpu |= k.starts_with("GPU ") && v == names[0];
  }
  EXPECT_TRUE(found_gpu);
  auto t = torch::ones({4}, torch::kCUDA) * 2;
  EXPECT_EQ(t.sum().item<float>(), 8.0f);
}

}  // namespace
}  // namespace mmengine::device
