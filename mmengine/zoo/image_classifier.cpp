#include "mmengine/zoo/image_classifier.h"

#include <ATen/ops/stack.h>

#include <optional>
#include <utility>

#include "mmengine/model/base_module_containers.h"
#include "mmengine/model/tensor_module.h"
#include "mmengine/model/weight_init.h"
#include "mmengine/utils/error.h"
#include "mmengine/zoo/gap.h"
#include "mmengine/zoo/lenet.h"
#include "mmengine/zoo/mlp.h"
#include "mmengine/zoo/resnet.h"
#include "mmengine/zoo/vit.h"

namespace mmengine::zoo {
namespace {

std::shared_ptr<torch::nn::Module> build_part(
    const config::Value& cfg, const char* path) {
  registry::BuildOptions options;
  options.path = path;
  return model::build_model_from_cfg(cfg, options);
}

// The feature width a zoo backbone produces, when it is known.
std::optional<int64_t> output_width(torch::nn::Module& backbone) {
  if (auto* net = dynamic_cast<ResNet*>(&backbone)) {
    const auto classes = net->to_config()["num_classes"].as<int64_t>();
    return classes > 0 ? classes : net->out_channels();
  }
  if (auto* vit = dynamic_cast<VisionTransformer*>(&backbone)) {
    const auto classes = vit->to_config()["num_classes"].as<int64_t>();
    return classes > 0 ? classes : vit->out_channels();
  }
  if (auto* mlp = dynamic_cast<MLP*>(&backbone)) {
    return mlp->to_config()["num_classes"].as<int64_t>();
  }
  if (auto* lenet = dynamic_cast<LeNet*>(&backbone)) {
    return lenet->to_config()["num_classes"].as<int64_t>();
  }
  return std::nullopt;
}

std::string backbone_type(const config::Value& cfg) {
  return cfg.is_dict() && cfg.contains("type") ? cfg["type"].as<std::string>()
                                               : std::string("backbone");
}

}  // namespace

ImageClassifier::ImageClassifier(const Options& options)
    : model::BaseModel(options.data_preprocessor, options.init_cfg) {
  MMENGINE_CHECK(
      options.backbone.is_dict() || options.backbone.is_list(),
      "ImageClassifier: backbone must be a model config dict, got ",
      options.backbone.type_name());
  backbone_ =
      register_module("backbone", build_part(options.backbone, "backbone"));
  if (!options.neck.is_none()) {
    neck_ = register_module("neck", build_part(options.neck, "neck"));
  }
  if (options.head.is_none()) {
    return;
  }
  auto head = build_part(options.head, "head");
  head_ = std::dynamic_pointer_cast<ClsHead>(head);
  MMENGINE_CHECK_TYPE(
      head_ != nullptr,
      "head: ",
      model::module_class_name(*head),
      " is not a classification head (mmengine::zoo::ClsHead)");
  register_module("head", head_);
  auto* linear = dynamic_cast<LinearClsHead*>(head_.get());
  const bool width_kept =
      neck_ == nullptr || dynamic_cast<GlobalAveragePooling*>(neck_.get());
  if (linear == nullptr || !width_kept) {
    return;
  }
  if (auto width = output_width(*backbone_)) {
    MMENGINE_CHECK(
        *width == linear->in_channels(),
        "ImageClassifier: head.in_channels=",
        linear->in_channels(),
        " does not match the output width ",
        *width,
        " of the ",
        backbone_type(options.backbone),
        " backbone (its num_classes, or its feature width when "
        "num_classes=0)");
  }
}

std::shared_ptr<ImageClassifier> ImageClassifier::from_config(
    registry::BuildArgs& args) {
  Options options;
  options.backbone = args.take_value("backbone");
  options.neck = args.take_value("neck", config::Value());
  options.head = args.take_value("head", config::Value());
  options.data_preprocessor =
      args.take_value("data_preprocessor", config::Value());
  options.init_cfg = args.take_value("init_cfg", config::Value());
  const config::Value pretrained =
      args.take_value("pretrained", config::Value());
  if (!pretrained.is_none()) {
    options.init_cfg = config::Value::dict(
        {{"type", "Pretrained"}, {"checkpoint", pretrained}});
  }
  MMENGINE_CHECK(
      args.take_value("train_cfg", config::Value()).is_none(),
      args.where(),
      ": train_cfg (batch augments) is not supported");
  return std::make_shared<ImageClassifier>(options);
}

at::Tensor ImageClassifier::extract_feat(const at::Tensor& inputs) {
  at::Tensor x = model::forward_tensor(*backbone_, inputs);
  return neck_ ? model::forward_tensor(*neck_, x) : x;
}

model::ForwardResult ImageClassifier::forward(
    const model::BatchInputs& inputs,
    const model::DataSamples& data_samples,
    model::ForwardMode mode) {
  const auto* list = std::get_if<std::vector<at::Tensor>>(&inputs);
  const at::Tensor x =
      list != nullptr ? at::stack(*list) : std::get<at::Tensor>(inputs);
  if (mode == model::ForwardMode::kTensor) {
    at::Tensor feats = extract_feat(x);
    return std::vector<at::Tensor>{head_ ? head_->forward(feats) : feats};
  }
  MMENGINE_CHECK(
      head_ != nullptr,
      "ImageClassifier: forward(mode='",
      model::forward_mode_name(mode),
      "') needs a head");
  if (mode == model::ForwardMode::kLoss) {
    return head_->loss(extract_feat(x), data_samples);
  }
  return head_->predict(extract_feat(x), data_samples);
}

}  // namespace mmengine::zoo
