#include <mutex>

#include "mmengine/dataset/base_dataset.h"
#include "mmengine/dataset/data_loader.h"
#include "mmengine/dataset/dataset_wrapper.h"
#include "mmengine/dataset/transforms/loading.h"
#include "mmengine/dataset/transforms/processing.h"
#include "mmengine/utils/error.h"

namespace mmengine::dataset {

using config::Value;

namespace {

class FunctionCollate : public CollateFunction {
 public:
  using Fn = model::DataBatch (*)(std::vector<Sample>);
  explicit FunctionCollate(Fn fn) : fn_(fn) {}
  model::DataBatch operator()(std::vector<Sample> samples) const override {
    return fn_(std::move(samples));
  }

 private:
  Fn fn_;
};

std::shared_ptr<Dataset> build_dataset(
    const Value& cfg, const std::string& where) {
  registry::BuildOptions options;
  options.path = where + ".dataset";
  return registry::DATASETS.build(cfg, options);
}

}  // namespace

std::shared_ptr<DataLoader> build_dataloader(
    const Value& cfg,
    std::optional<std::int64_t> seed,
    const std::string& where) {
  MMENGINE_CHECK_TYPE(
      cfg.is_dict(), where, " should be a dict, got ", cfg.type_name());
  registry::BuildArgs args(cfg, where);
  std::shared_ptr<Dataset> dataset =
      build_dataset(args.take_value("dataset"), where);

  registry::RuntimeArgs runtime;
  runtime.set("dataset", dataset);
  registry::BuildOptions sampler_options;
  sampler_options.runtime = &runtime;
  sampler_options.path = where + ".sampler";
  if (seed) {
    sampler_options.default_args = Value::dict({{"seed", *seed}});
  }
  std::shared_ptr<Sampler> sampler = registry::DATA_SAMPLERS.build(
      args.take_value("sampler"), sampler_options);

  std::shared_ptr<const CollateFunction> collate;
  Value collate_cfg =
      args.take_value("collate_fn", Value::dict({{"type", "pseudo_collate"}}));
  registry::BuildOptions collate_options;
  collate_options.path = where + ".collate_fn";
  auto built = registry::FUNCTIONS.build(collate_cfg, collate_options);
  collate = std::dynamic_pointer_cast<const CollateFunction>(built);
  MMENGINE_CHECK_TYPE(
      collate != nullptr,
      where,
      ".collate_fn: ",
      collate_cfg["type"].as<std::string>(),
      " is not a collate function");

  DataLoaderOptions options;
  options.batch_size = args.take<std::int64_t>("batch_size", 1);
  options.num_workers = args.take<int>("num_workers", 0);
  options.prefetch_factor = args.take<int>("prefetch_factor", 2);
  options.drop_last = args.take<bool>("drop_last", false);
  options.persistent_workers = args.take<bool>("persistent_workers", false);
  options.pin_memory = args.take<bool>("pin_memory", false);
  (void)args.take<bool>("shuffle", false);
  options.seed = seed;
  args.check_all_used();
  return std::make_shared<DataLoader>(dataset, sampler, options, collate);
}

void register_transforms() {
  static std::once_flag once;
  std::call_once(once, [] {
    const char* where = "mmengine/dataset/transforms";
    auto& t = registry::TRANSFORMS;
    registry::register_class<Compose>(t, "Compose", where, "in sequence");
    registry::register_class<LoadImageFromFile>(
        t, "LoadImageFromFile", where, "JPEG/PNG -> BGR image");
    registry::register_class<Resize>(t, "Resize", where, "bilinear resize");
    registry::register_class<RandomResize>(
        t, "RandomResize", where, "resize to a random scale");
    registry::register_class<CenterCrop>(t, "CenterCrop", where, "centre crop");
    registry::register_class<RandomCrop>(
        t, "RandomCrop", where, "random crop with padding");
    registry::register_class<RandomResizedCrop>(
        t, "RandomResizedCrop", where, "random area/ratio crop, resized");
    registry::register_class<RandomFlip>(t, "RandomFlip", where, "flip");
    registry::register_class<Normalize>(
        t, "Normalize", where, "(img - mean) / std");
    registry::register_class<PackInputs>(
        t, "PackInputs", where, "image -> inputs + data sample");
  });
}

void register_dataset_module() {
  register_transforms();
  static std::once_flag once;
  std::call_once(once, [] {
    const char* where = "mmengine/dataset";
    registry::register_class<BaseDataset>(
        registry::DATASETS,
        "BaseDataset",
        where,
        "OpenMMLab annotation file (metainfo + data_list)");
    registry::register_class<DefaultSampler>(
        registry::DATA_SAMPLERS,
        "DefaultSampler",
        where,
        "shuffled/sequential, rank-aware");
    registry::register_class<ConcatDataset>(
        registry::DATASETS, "ConcatDataset", where, "data sets in sequence");
    registry::register_class<RepeatDataset>(
        registry::DATASETS, "RepeatDataset", where, "a data set repeated");
    registry::register_class<ClassBalancedDataset>(
        registry::DATASETS,
        "ClassBalancedDataset",
        where,
        "rare categories repeated");
    registry::register_class<InfiniteSampler>(
        registry::DATA_SAMPLERS, "InfiniteSampler", where, "endless indices");
    registry::FUNCTIONS.register_module(
        "pseudo_collate",
        [](registry::BuildArgs&) {
          return std::make_shared<FunctionCollate>(&pseudo_collate);
        },
        {.location = where, .doc = "inputs as a list"});
    registry::FUNCTIONS.register_module(
        "default_collate",
        [](registry::BuildArgs&) {
          return std::make_shared<FunctionCollate>(&default_collate);
        },
        {.location = where, .doc = "inputs stacked"});
  });
}

}  // namespace mmengine::dataset
