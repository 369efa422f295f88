#pragma once

/// Data transforms: a sample is a `Results` dict flowing through a list of
/// transforms built from TRANSFORMS configs.
///
///   Compose pipeline(Value::list({Value::dict({{"type",
///   "LoadImageFromFile"}}),
///                                 Value::dict({{"type", "PackInputs"}})}));
///   Results r(Value::dict({{"img_path", "a.jpg"}, {"gt_label", 3}}));
///   std::optional<Results> out = pipeline(std::move(r));

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/value.h"
#include "mmengine/registry/build_args.h"
#include "mmengine/registry/registry.h"
#include "mmengine/structures/base_data_element.h"

namespace mmengine::dataset {

/// The dict a transform reads and returns: plain values (`img_path`,
/// `ori_shape`, `gt_label`, ...) in `values`, images and other tensors in
/// `tensors` (`img`: HWC, uint8 or float32, BGR), and what PackInputs
/// produces. Mirrors the `results` dict of `mmcv.transforms`.
struct MMENGINE_API Results {
  Results() : values(config::Value::dict()) {}
  explicit Results(config::Value info) : values(std::move(info)) {}
  config::Value values;
  std::map<std::string, at::Tensor, std::less<>> tensors;
  /// Set by PackInputs.
  std::shared_ptr<structures::BaseDataElement> data_samples;
  /// The image `img`; KeyError naming `where` when absent.
  at::Tensor& img(std::string_view where);
};

/// The base of transforms in TRANSFORMS. `transform` returns std::nullopt
/// to drop the sample (BaseDataset then refetches another one). Mirrors
/// `mmcv.transforms.BaseTransform`.
class MMENGINE_API BaseTransform : public registry::Configurable {
 public:
  ~BaseTransform() override;
  /// Transforms `results` (may modify it in place and return it).
  virtual std::optional<Results> transform(Results results) const = 0;
  /// Class name for messages.
  virtual std::string name() const;
  std::optional<Results> operator()(Results results) const {
    return transform(std::move(results));
  }
};

/// Transforms in sequence; a transform returning nullopt stops the chain.
/// Mirrors `mmengine.dataset.Compose` (dict entries built from TRANSFORMS).
class MMENGINE_API Compose : public BaseTransform {
 public:
  /// `transforms`: a list of TRANSFORMS dicts (None: no transform).
  explicit Compose(const config::Value& transforms, std::string where = {});
  explicit Compose(std::vector<std::shared_ptr<BaseTransform>> transforms);
  /// Config keys: transforms.
  explicit Compose(registry::BuildArgs& args);
  std::optional<Results> transform(Results results) const override;
  std::string name() const override {
    return "Compose";
  }
  const std::vector<std::shared_ptr<BaseTransform>>& transforms() const {
    return transforms_;
  }

 private:
  std::vector<std::shared_ptr<BaseTransform>> transforms_;
};

/// The random engine random transforms draw from: one per thread. A seeded
/// DataLoader reseeds it before each batch from (seed, rank, pass, batch);
/// other threads start from a random seed unless seed_transform_rng() is
/// called.
MMENGINE_API std::mt19937_64& transform_rng();
/// Reseeds the calling thread's transform engine.
MMENGINE_API void seed_transform_rng(std::uint64_t seed);
/// A uniform double in [0, 1) from transform_rng().
MMENGINE_API double transform_uniform();

/// Registers the built-in transforms in TRANSFORMS.
MMENGINE_API void register_transforms();

}  // namespace mmengine::dataset
