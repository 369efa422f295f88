#include "mmengine/dataset/transforms/base_transform.h"

#include "mmengine/registry/root.h"
#include "mmengine/utils/error.h"

namespace mmengine::dataset {

at::Tensor& Results::img(std::string_view where) {
  auto it = tensors.find("img");
  MMENGINE_CHECK_KEY(
      it != tensors.end(),
      where,
      ": results have no 'img' (add LoadImageFromFile before it)");
  return it->second;
}

BaseTransform::~BaseTransform() = default;

std::string BaseTransform::name() const {
  const config::Value& cfg = to_config();
  if (cfg.is_dict() && cfg.contains("type")) {
    return cfg["type"].as<std::string>();
  }
  return "BaseTransform";
}

Compose::Compose(const config::Value& transforms, std::string where) {
  if (transforms.is_none()) {
    return;
  }
  if (where.empty()) {
    where = "pipeline";
  }
  MMENGINE_CHECK_TYPE(
      transforms.is_sequence(),
      where,
      ": transform must be a list of dicts, but got ",
      transforms.type_name());
  for (std::size_t i = 0; i < transforms.size(); ++i) {
    const config::Value& t = transforms.elements()[i];
    MMENGINE_CHECK_TYPE(
        t.is_dict(),
        where,
        "[",
        i,
        "]: transform must be a dict, but got ",
        t.type_name());
    registry::BuildOptions options;
    options.path = fmt::format("{}[{}]", where, i);
    transforms_.push_back(registry::TRANSFORMS.build(t, options));
  }
}

Compose::Compose(std::vector<std::shared_ptr<BaseTransform>> transforms)
    : transforms_(std::move(transforms)) {}

Compose::Compose(registry::BuildArgs& args)
    : Compose(args.take_value("transforms"), args.where() + ".transforms") {}

std::optional<Results> Compose::transform(Results results) const {
  std::optional<Results> current(std::move(results));
  for (const auto& t : transforms_) {
    current = t->transform(std::move(*current));
    if (!current) {
      return std::nullopt;
    }
  }
  return current;
}

std::mt19937_64& transform_rng() {
  thread_local std::mt19937_64 engine(std::random_device{}());
  return engine;
}

void seed_transform_rng(std::uint64_t seed) {
  transform_rng().seed(seed);
}

double transform_uniform() {
  return std::uniform_real_distribution<double>(0.0, 1.0)(transform_rng());
}

}  // namespace mmengine::dataset
