#include "mmengine/dataset/dataset.h"

#include "mmengine/utils/error.h"

namespace mmengine::dataset {

Dataset::~Dataset() = default;

config::Value Dataset::metainfo() const {
  return config::Value::dict();
}

std::vector<std::int64_t> Dataset::get_cat_ids(std::int64_t /*index*/) const {
  MMENGINE_CHECK_T(
      NotImplementedError,
      false,
      name(),
      " does not implement get_cat_ids (needed by ClassBalancedDataset)");
  return {};
}

std::string Dataset::name() const {
  const config::Value& cfg = to_config();
  if (cfg.is_dict() && cfg.contains("type")) {
    return cfg["type"].as<std::string>();
  }
  return "Dataset";
}

}  // namespace mmengine::dataset
