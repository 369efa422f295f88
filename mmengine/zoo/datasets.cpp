#include "mmengine/zoo/datasets.h"

#include <ATen/ATen.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <optional>

#include "mmengine/evaluator/dump_results.h"
#include "mmengine/registry/root.h"
#include "mmengine/utils/error.h"
#include "mmengine/zoo/accuracy.h"
#include "mmengine/zoo/cls_head.h"
#include "mmengine/zoo/image_datasets.h"
#include "mmengine/zoo/single_label.h"

namespace mmengine::zoo {

using config::Value;

at::Tensor read_idx_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  MMENGINE_CHECK_T(
      DataError,
      in.good(),
      "IDX file \"",
      path,
      "\" does not exist or cannot be read");
  std::vector<unsigned char> bytes(
      (std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  MMENGINE_CHECK_T(
      DataError,
      bytes.size() >= 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0x08,
      "IDX file \"",
      path,
      "\": bad magic (expected 00 00 08 <ndim>: unsigned bytes)");
  const std::size_t ndim = bytes[3];
  MMENGINE_CHECK_T(
      DataError,
      ndim >= 1 && bytes.size() >= 4 + 4 * ndim,
      "IDX file \"",
      path,
      "\": truncated header");
  std::vector<int64_t> dims;
  std::size_t count = 1;
  for (std::size_t d = 0; d < ndim; ++d) {
    const unsigned char* p = &bytes[4 + 4 * d];
    const std::uint32_t v = (std::uint32_t{p[0]} << 24) |
                            (std::uint32_t{p[1]} << 16) |
                            (std::uint32_t{p[2]} << 8) | p[3];
    dims.push_back(v);
    count *= v;
  }
  const std::size_t offset = 4 + 4 * ndim;
  MMENGINE_CHECK_T(
      DataError,
      bytes.size() - offset == count,
      "IDX file \"",
      path,
      "\": header says ",
      count,
      " bytes of data, the file has ",
      bytes.size() - offset);
  at::Tensor t = at::empty(dims, at::kByte);
  std::memcpy(t.data_ptr<std::uint8_t>(), bytes.data() + offset, count);
  return t;
}

MNIST::MNIST(
    const std::string& data_root,
    const std::string& prefix,
    std::int64_t img_size) {
  const std::filesystem::path root(data_root);
  images_ = read_idx_file((root / (prefix + "-images-idx3-ubyte")).string());
  labels_ = read_idx_file((root / (prefix + "-labels-idx1-ubyte")).string());
  MMENGINE_CHECK_T(
      DataError,
      images_.dim() == 3 && labels_.dim() == 1 &&
          images_.size(0) == labels_.size(0),
      data_root,
      ": ",
      prefix,
      " images ",
      fmt::format("[{}]", fmt::join(images_.sizes(), ", ")),
      " and labels ",
      fmt::format("[{}]", fmt::join(labels_.sizes(), ", ")),
      " do not match (expected N x H x W and N)");
  labels_ = labels_.to(at::kLong);
  if (img_size > 0 &&
      (img_size != images_.size(1) || img_size != images_.size(2))) {
    images_ = at::upsample_bilinear2d(
                  images_.unsqueeze(1).to(at::kFloat),
                  {img_size, img_size},
                  /*align_corners=*/false)
                  .squeeze(1)
                  .contiguous();
  }
}

std::shared_ptr<MNIST> MNIST::from_config(
    registry::BuildArgs& args, bool digits) {
  const std::string root = args.take<std::string>("data_root");
  const bool test_mode = args.take<bool>("test_mode", false);
  const std::string split =
      args.take<std::string>("split", test_mode ? "test" : "train");
  const auto img_size =
      args.take<std::optional<std::int64_t>>("img_size", std::nullopt);
  MMENGINE_CHECK(
      !img_size || *img_size > 0,
      args.where(),
      ".img_size: expected a positive int or None, got ",
      img_size.value_or(0));
  std::string prefix = split;
  if (digits) {
    MMENGINE_CHECK(
        split == "train" || split == "val" || split == "test",
        args.where(),
        ": split should be 'train', 'val' or 'test', got '",
        split,
        "'");
  } else {
    MMENGINE_CHECK(
        split == "train" || split == "test",
        args.where(),
        ": split should be 'train' or 'test', got '",
        split,
        "'");
    prefix = split == "test" ? "t10k" : "train";
  }
  return std::make_shared<MNIST>(root, prefix, img_size.value_or(0));
}

dataset::Sample MNIST::get(std::int64_t index) const {
  MMENGINE_CHECK_T(
      IndexError,
      index >= 0 && index < size(),
      "index ",
      index,
      " is out of range for a data set of ",
      size());
  auto sample = std::make_shared<structures::BaseDataElement>();
  set_gt_label(*sample, labels_[index].item<int64_t>());
  return {images_[index].unsqueeze(0), sample};
}

std::vector<std::int64_t> MNIST::get_cat_ids(std::int64_t index) const {
  MMENGINE_CHECK_T(
      IndexError,
      index >= 0 && index < size(),
      "index ",
      index,
      " out of range");
  return {labels_[index].item<int64_t>()};
}

Value MNIST::metainfo() const {
  return Value::dict(
      {{"classes",
        Value::tuple({"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"})}});
}

void register_zoo_data() {
  static std::once_flag once;
  std::call_once(once, [] {
    const char* where = "mmengine/zoo";
    registry::DATASETS.register_module(
        "MNIST",
        [](registry::BuildArgs& args) {
          return MNIST::from_config(args, false);
        },
        {.location = where, .doc = "MNIST IDX files (no download)"});
    registry::DATASETS.register_module(
        "Digits",
        [](registry::BuildArgs& args) {
          return MNIST::from_config(args, true);
        },
        {.location = where, .doc = "the embedded 8x8 digits (data/digits)"});
    registry::register_class<Accuracy>(
        registry::METRICS, "Accuracy", where, "top-k accuracy in percent");
    registry::register_class<SingleLabelMetric>(
        registry::METRICS,
        "SingleLabelMetric",
        where,
        "precision, recall, f1-score, support");
    registry::register_class<evaluator::DumpResults>(
        registry::METRICS,
        "DumpResults",
        "mmengine/evaluator",
        "predictions to a pickle or JSON file");
    register_image_datasets();
  });
}

}  // namespace mmengine::zoo
