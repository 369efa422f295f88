#include "mmengine/dataset/transforms/loading.h"

#include <ATen/ATen.h>

#include "mmengine/dataset/dataset.h"
#include "mmengine/dataset/transforms/image_io.h"
#include "mmengine/utils/error.h"

namespace mmengine::dataset {

using config::Value;

namespace {

Value shape_of(const at::Tensor& img) {
  return Value::tuple({img.size(0), img.size(1)});
}

std::vector<std::string> string_list(const Value& v, const std::string& where) {
  if (v.is_string()) {
    return {v.as<std::string>()};
  }
  MMENGINE_CHECK_TYPE(
      v.is_sequence(),
      where,
      ": expected a str or a list of str, got ",
      v.type_name());
  std::vector<std::string> out;
  for (const Value& e : v.elements()) {
    out.push_back(e.as<std::string>());
  }
  return out;
}

std::vector<double> float_list(const Value& v, const std::string& where) {
  MMENGINE_CHECK_TYPE(
      v.is_sequence() && !v.empty(),
      where,
      ": expected a list of numbers, got ",
      v.repr());
  std::vector<double> out;
  for (const Value& e : v.elements()) {
    out.push_back(e.as<double>());
  }
  return out;
}

}  // namespace

LoadImageFromFile::LoadImageFromFile(registry::BuildArgs& args) {
  to_float32_ = args.take<bool>("to_float32", false);
  color_type_ = args.take<std::string>("color_type", "color");
  MMENGINE_CHECK(
      color_type_ == "color" || color_type_ == "grayscale" ||
          color_type_ == "unchanged",
      args.where(),
      ": color_type should be 'color', 'grayscale' or 'unchanged', got '",
      color_type_,
      "'");
  const auto backend = args.take<std::string>("imdecode_backend", "cv2");
  MMENGINE_CHECK(
      backend == "cv2",
      args.where(),
      ": only imdecode_backend='cv2' is supported, got '",
      backend,
      "'");
  ignore_empty_ = args.take<bool>("ignore_empty", false);
  MMENGINE_CHECK(
      args.take_value("backend_args", Value()).is_none() &&
          args.take_value("file_client_args", Value()).is_none(),
      args.where(),
      ": only local files are supported (backend_args must be None)");
}

std::optional<Results> LoadImageFromFile::transform(Results results) const {
  const Value* path = results.values.find("img_path");
  MMENGINE_CHECK_KEY(
      path != nullptr && path->is_string(),
      "LoadImageFromFile: results need a str 'img_path'");
  at::Tensor img;
  try {
    img = imread(path->as<std::string>(), color_type_);
  } catch (const Error&) {
    if (ignore_empty_) {
      return std::nullopt;
    }
    throw;
  }
  if (to_float32_) {
    img = img.to(at::kFloat);
  }
  results.values["img_shape"] = shape_of(img);
  results.values["ori_shape"] = shape_of(img);
  results.tensors["img"] = std::move(img);
  return results;
}

Normalize::Normalize(registry::BuildArgs& args) {
  mean_ = float_list(args.take_value("mean"), args.where() + ".mean");
  std_ = float_list(args.take_value("std"), args.where() + ".std");
  to_rgb_ = args.take<bool>("to_rgb", true);
  MMENGINE_CHECK(
      mean_.size() == std_.size(),
      args.where(),
      ": mean and std should have the same length, got ",
      mean_.size(),
      " and ",
      std_.size());
}

std::optional<Results> Normalize::transform(Results results) const {
  at::Tensor& img = results.img("Normalize");
  const auto channels = static_cast<std::size_t>(img.size(2));
  MMENGINE_CHECK(
      mean_.size() == channels || mean_.size() == 1,
      "Normalize: mean has ",
      mean_.size(),
      " values but the image has ",
      channels,
      " channels");
  at::Tensor x = img.to(at::kFloat);
  if (to_rgb_ && channels == 3) {
    x = x.flip({2});
  }
  const auto opts = at::TensorOptions().dtype(at::kFloat);
  at::Tensor mean = at::tensor(mean_, opts.dtype(at::kDouble)).to(at::kFloat);
  at::Tensor stdv = at::tensor(std_, opts.dtype(at::kDouble)).to(at::kFloat);
  img = ((x - mean) / stdv).contiguous();
  Value mean_v = Value::list();
  Value std_v = Value::list();
  for (std::size_t i = 0; i < mean_.size(); ++i) {
    mean_v.append(mean_[i]);
    std_v.append(std_[i]);
  }
  results.values["img_norm_cfg"] =
      Value::dict({{"mean", mean_v}, {"std", std_v}, {"to_rgb", to_rgb_}});
  return results;
}

PackInputs::PackInputs(registry::BuildArgs& args) {
  input_key_ = args.take<std::string>("input_key", "img");
  algorithm_keys_ = string_list(
      args.take_value("algorithm_keys", Value::tuple()),
      args.where() + ".algorithm_keys");
  meta_keys_ = string_list(
      args.take_value(
          "meta_keys",
          Value::tuple(
              {"sample_idx",
               "img_path",
               "ori_shape",
               "img_shape",
               "scale_factor",
               "flip",
               "flip_direction"})),
      args.where() + ".meta_keys");
}

std::optional<Results> PackInputs::transform(Results results) const {
  auto it = results.tensors.find(input_key_);
  MMENGINE_CHECK_KEY(
      it != results.tensors.end(),
      "PackInputs: results have no '",
      input_key_,
      "' image");
  at::Tensor img = it->second;
  if (img.dim() == 2) {
    img = img.unsqueeze(-1);
  }
  results.tensors["inputs"] = img.permute({2, 0, 1}).contiguous();
  auto sample = std::make_shared<structures::BaseDataElement>();
  if (const Value* label = results.values.find("gt_label")) {
    std::vector<std::int64_t> labels;
    if (label->is_int()) {
      labels.push_back(label->as<std::int64_t>());
    } else {
      for (const Value& l : label->elements()) {
        labels.push_back(l.as<std::int64_t>());
      }
    }
    sample->set("gt_label", at::tensor(labels, at::kLong));
  } else if (auto t = results.tensors.find("gt_label");
             t != results.tensors.end()) {
    sample->set("gt_label", t->second.to(at::kLong).reshape({-1}));
  }
  for (const std::string& key : algorithm_keys_) {
    if (const Value* v = results.values.find(key)) {
      sample->set(key, *v);
    } else if (auto t = results.tensors.find(key); t != results.tensors.end()) {
      sample->set(key, t->second);
    }
  }
  Value meta = Value::dict();
  for (const std::string& key : meta_keys_) {
    if (const Value* v = results.values.find(key)) {
      meta.set(key, *v);
    }
  }
  sample->set_metainfo(meta);
  results.data_samples = std::move(sample);
  return results;
}

Sample to_sample(Results results, const std::string& where) {
  auto it = results.tensors.find("inputs");
  MMENGINE_CHECK(
      it != results.tensors.end() && results.data_samples != nullptr,
      where,
      ": the pipeline should end with PackInputs (results have no 'inputs' "
      "and 'data_samples')");
  return {std::move(it->second), std::move(results.data_samples)};
}

}  // namespace mmengine::dataset
