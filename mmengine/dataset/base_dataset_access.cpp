#include <random>

#include "mmengine/dataset/base_dataset.h"
#include "mmengine/dataset/transforms/loading.h"
#include "mmengine/logging/logger.h"
#include "mmengine/utils/error.h"

namespace mmengine::dataset {

using config::Value;

void BaseDataset::ensure_init(const char* method) const {
  if (initialized_.load()) {
    return;
  }
  if (method != nullptr) {
    logging::print_log(
        fmt::format(
            "Attribute `_fully_initialized` is not defined in {0} or "
            "`type(obj)._fully_initialized is False, `full_init` will be "
            "called and {0}._fully_initialized will be set to True",
            name()),
        "current",
        logging::kWarning);
  } else {
    logging::print_log(
        "Please call `full_init()` method manually to accelerate the speed.",
        "current",
        logging::kWarning);
  }
  // Lazy initialisation is logically const: the data set's content does
  // not change, it is only loaded on first use.
  const_cast<BaseDataset*>(this)->full_init();
}

std::int64_t BaseDataset::size() const {
  ensure_init("__len__");
  return serialize_data_ ? serialized_.size()
                         : static_cast<std::int64_t>(data_list_.size());
}

Value BaseDataset::metainfo() const {
  return metainfo_;
}

std::string BaseDataset::name() const {
  const std::string n = Dataset::name();
  return n == "Dataset" ? "BaseDataset" : n;
}

Value BaseDataset::get_data_info(std::int64_t index) const {
  const std::int64_t n = size();
  const std::int64_t i = index < 0 ? n + index : index;
  MMENGINE_CHECK_T(
      IndexError,
      i >= 0 && i < n,
      name(),
      ": index ",
      index,
      " is out of range for a data set of ",
      n);
  Value info = serialize_data_ ? serialized_.get(i) : data_list_[i];
  info.set("sample_idx", i);
  return info;
}

std::optional<Results> BaseDataset::prepare_data(std::int64_t index) const {
  return (*pipeline_)(Results(get_data_info(index)));
}

Sample BaseDataset::get(std::int64_t index) const {
  ensure_init(nullptr);
  const std::string where = fmt::format("{}[{}]", name(), index);
  if (test_mode_) {
    std::optional<Results> data = prepare_data(index);
    MMENGINE_CHECK_T(
        DataError,
        data.has_value(),
        where,
        ": Test time pipline should not get `None` data_sample");
    return to_sample(std::move(*data), where);
  }
  for (std::int64_t attempt = 0; attempt <= max_refetch_; ++attempt) {
    std::optional<Results> data = prepare_data(index);
    if (data) {
      return to_sample(std::move(*data), where);
    }
    index = std::uniform_int_distribution<std::int64_t>(
        0, size() - 1)(transform_rng());
  }
  MMENGINE_CHECK_T(
      DataError,
      false,
      where,
      ": Cannot find valid image after ",
      max_refetch_,
      "! Please check your image path and pipeline");
  return {};
}

// Python slicing/indexing on the plain list; on the serialized buffer
// MMEngine's stricter checks (n < len, -len < index), kept for fidelity.
std::vector<Value> BaseDataset::subset_items(const Value& indices) const {
  const bool from_list = !initialized_.load() || !serialize_data_;
  const auto n = from_list ? static_cast<std::int64_t>(data_list_.size())
                           : serialized_.size();
  auto item = [&](std::int64_t i) {
    return from_list ? data_list_[i] : serialized_.get(i);
  };
  std::vector<Value> out;
  if (indices.is_int()) {
    const auto k = indices.as<std::int64_t>();
    MMENGINE_CHECK_T(
        IndexError,
        from_list || (k >= 0 ? k < n : -k < n),
        name(),
        ": ",
        k,
        " is out of dataset length(",
        n,
        ")");
    const std::int64_t begin = k >= 0 ? 0 : std::max<std::int64_t>(0, n + k);
    const std::int64_t end = k >= 0 ? std::min(k, n) : n;
    for (std::int64_t i = begin; i < end; ++i) {
      out.push_back(item(i));
    }
    return out;
  }
  MMENGINE_CHECK_TYPE(
      indices.is_sequence(),
      name(),
      ": indices should be a int or sequence of int, but got <class '",
      indices.type_name(),
      "'>");
  for (const Value& v : indices.elements()) {
    MMENGINE_CHECK_TYPE(
        v.is_int(), name(), ": indices should be ints, got ", v.repr());
    const auto i = v.as<std::int64_t>();
    MMENGINE_CHECK_T(
        IndexError,
        i < n && (from_list ? i >= -n : i > -n),
        name(),
        ": index ",
        i,
        " in indices is out of range for ",
        n,
        " items");
    out.push_back(item(i < 0 ? n + i : i));
  }
  return out;
}

std::shared_ptr<BaseDataset> BaseDataset::clone() const {
  return std::shared_ptr<BaseDataset>(new BaseDataset(*this));
}

std::shared_ptr<BaseDataset> BaseDataset::get_subset(
    const Value& indices) const {
  ensure_init("get_subset");
  std::vector<Value> items = subset_items(indices);
  std::shared_ptr<BaseDataset> copy = clone();
  copy->set_items(std::move(items));
  return copy;
}

void BaseDataset::get_subset_(const Value& indices) {
  ensure_init("get_subset_");
  set_items(subset_items(indices));
}

}  // namespace mmengine::dataset
