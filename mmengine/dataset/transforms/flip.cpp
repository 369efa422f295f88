#include <ATen/ATen.h>

#include "mmengine/dataset/transforms/processing.h"
#include "mmengine/utils/error.h"

namespace mmengine::dataset {

using config::Value;

at::Tensor imflip(const at::Tensor& img, const std::string& direction) {
  if (direction == "horizontal") {
    return img.flip({1}).contiguous();
  }
  if (direction == "vertical") {
    return img.flip({0}).contiguous();
  }
  MMENGINE_CHECK(
      direction == "diagonal",
      "imflip: direction should be 'horizontal', 'vertical' or 'diagonal', "
      "got '",
      direction,
      "'");
  return img.flip({0, 1}).contiguous();
}

RandomFlip::RandomFlip(registry::BuildArgs& args) {
  const Value prob = args.take_value("prob");
  const Value dir = args.take_value("direction", Value("horizontal"));
  if (prob.is_number()) {
    probs_.push_back(prob.as<double>());
  } else {
    MMENGINE_CHECK_TYPE(
        prob.is_sequence(),
        args.where(),
        ": probs must be float or list of float, but got `",
        prob.type_name(),
        "`.");
    for (const Value& p : prob.elements()) {
      probs_.push_back(p.as<double>());
    }
  }
  if (dir.is_string()) {
    directions_.push_back(dir.as<std::string>());
  } else {
    MMENGINE_CHECK_TYPE(
        dir.is_sequence(),
        args.where(),
        ": direction must be either str or list of str, but got `",
        dir.type_name(),
        "`.");
    for (const Value& d : dir.elements()) {
      directions_.push_back(d.as<std::string>());
    }
  }
  double total = 0;
  for (double p : probs_) {
    MMENGINE_CHECK(
        p >= 0 && p <= 1, args.where(), ": probs must be in range [0, 1]");
    total += p;
  }
  MMENGINE_CHECK(total <= 1, args.where(), ": sum of probs must be <= 1");
  for (const std::string& d : directions_) {
    MMENGINE_CHECK(
        d == "horizontal" || d == "vertical" || d == "diagonal",
        args.where(),
        ": direction must be 'horizontal', 'vertical' or 'diagonal', got '",
        d,
        "'");
  }
  if (probs_.size() == 1 && directions_.size() > 1) {  // shared probability
    const double each = probs_[0] / static_cast<double>(directions_.size());
    probs_.assign(directions_.size(), each);
  }
  MMENGINE_CHECK(
      probs_.size() == directions_.size(),
      args.where(),
      ": prob and direction should have the same length");
}

std::optional<Results> RandomFlip::transform(Results results) const {
  at::Tensor& img = results.img("RandomFlip");
  double u = transform_uniform();
  std::optional<std::string> chosen;
  for (std::size_t i = 0; i < probs_.size(); ++i) {
    if (u < probs_[i]) {
      chosen = directions_[i];
      break;
    }
    u -= probs_[i];
  }
  results.values["flip"] = chosen.has_value();
  results.values["flip_direction"] = chosen ? Value(*chosen) : Value();
  if (chosen) {
    img = imflip(img, *chosen);
  }
  return results;
}

}  // namespace mmengine::dataset
