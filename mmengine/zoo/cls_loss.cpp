#include "mmengine/zoo/cls_loss.h"

#include <ATen/ops/cross_entropy_loss.h>
#include <ATen/ops/tensor.h>

#include "mmengine/utils/error.h"

namespace mmengine::zoo {

CrossEntropyLoss::CrossEntropyLoss(const Options& options) : options_(options) {
  const std::string& r = options.reduction;
  MMENGINE_CHECK(
      r == "none" || r == "mean" || r == "sum",
      "CrossEntropyLoss: reduction must be 'none', 'mean' or 'sum', got '",
      r,
      "'");
}

std::shared_ptr<CrossEntropyLoss> CrossEntropyLoss::from_config(
    registry::BuildArgs& args) {
  for (const char* key : {"use_sigmoid", "use_soft"}) {
    MMENGINE_CHECK(
        !args.take<bool>(key, false),
        args.where(),
        ": ",
        key,
        "=True is not supported (softmax cross-entropy on class indices only)");
  }
  MMENGINE_CHECK(
      args.take_value("pos_weight", config::Value()).is_none(),
      args.where(),
      ": pos_weight applies to use_sigmoid=True, which is not supported");
  Options options;
  options.reduction = args.take<std::string>("reduction", "mean");
  options.loss_weight = args.take<double>("loss_weight", 1.0);
  const config::Value weight = args.take_value("class_weight", config::Value());
  if (!weight.is_none()) {
    options.class_weight = weight.as<std::vector<double>>();
  }
  return std::make_shared<CrossEntropyLoss>(options);
}

at::Tensor CrossEntropyLoss::forward(
    const at::Tensor& cls_score,
    const at::Tensor& label,
    std::optional<double> avg_factor) {
  at::Tensor class_weight;
  if (!options_.class_weight.empty()) {
    MMENGINE_CHECK(
        cls_score.dim() == 2 &&
            cls_score.size(1) ==
                static_cast<int64_t>(options_.class_weight.size()),
        "CrossEntropyLoss: class_weight has ",
        options_.class_weight.size(),
        " values but the scores have ",
        cls_score.dim() == 2 ? cls_score.size(1) : -1,
        " classes");
    class_weight = at::tensor(options_.class_weight, cls_score.options());
  }
  at::Tensor loss = at::cross_entropy_loss(
      cls_score, label, class_weight, at::Reduction::None);
  const std::string& r = options_.reduction;
  if (r == "mean") {
    loss = avg_factor ? loss.sum() / *avg_factor : loss.mean();
  } else if (r == "sum") {
    MMENGINE_CHECK(
        !avg_factor, "avg_factor can not be used with reduction=\"sum\"");
    loss = loss.sum();
  }
  return loss * options_.loss_weight;
}

}  // namespace mmengine::zoo
