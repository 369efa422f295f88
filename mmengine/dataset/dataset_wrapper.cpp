#include "mmengine/dataset/dataset_wrapper.h"

#include <cmath>
#include <map>
#include <set>

#include "mmengine/registry/root.h"
#include "mmengine/utils/error.h"

namespace mmengine::dataset {

using config::Value;

namespace {

std::shared_ptr<Dataset> build_child(
    const Value& cfg, const std::string& where) {
  registry::BuildOptions options;
  options.path = where;
  return registry::DATASETS.build(cfg, options);
}

std::int64_t wrap_index(std::int64_t index, std::int64_t size) {
  if (index < 0) {
    MMENGINE_CHECK(
        -index <= size,
        "absolute value of index should not exceed dataset length");
    index += size;
  }
  MMENGINE_CHECK_T(
      IndexError,
      index < size,
      "index ",
      index,
      " is out of range for a data set of ",
      size);
  return index;
}

}  // namespace

ConcatDataset::ConcatDataset(
    std::vector<std::shared_ptr<Dataset>> datasets,
    std::vector<std::string> ignore_keys)
    : datasets_(std::move(datasets)) {
  MMENGINE_CHECK(
      !datasets_.empty(), "ConcatDataset needs at least one dataset");
  const Value first = datasets_[0]->metainfo();
  std::int64_t total = 0;
  for (std::size_t i = 0; i < datasets_.size(); ++i) {
    MMENGINE_CHECK(
        datasets_[i] != nullptr, "ConcatDataset: dataset ", i, " is null");
    if (i > 0) {
      const Value meta = datasets_[i]->metainfo();
      for (const auto& [key, value] : first.items()) {
        const std::string k = key.to_string();
        if (std::find(ignore_keys.begin(), ignore_keys.end(), k) !=
            ignore_keys.end()) {
          continue;
        }
        MMENGINE_CHECK(
            meta.contains(key) && meta[key].value() == value,
            "The meta information of the ",
            i,
            "-th dataset does not match meta information of the first "
            "dataset (key '",
            k,
            "')");
      }
    }
    total += datasets_[i]->size();
    cumulative_sizes_.push_back(total);
  }
}

ConcatDataset::ConcatDataset(registry::BuildArgs& args)
    : ConcatDataset(
          [&] {
            const Value cfgs = args.take_value("datasets");
            MMENGINE_CHECK_TYPE(
                cfgs.is_sequence(),
                args.where(),
                ": datasets should be a list");
            std::vector<std::shared_ptr<Dataset>> out;
            for (std::size_t i = 0; i < cfgs.size(); ++i) {
              out.push_back(build_child(
                  cfgs.elements()[i],
                  fmt::format("{}.datasets[{}]", args.where(), i)));
            }
            return out;
          }(),
          args.take<std::vector<std::string>>("ignore_keys", {})) {
  (void)args.take<bool>("lazy_init", false);
}

std::int64_t ConcatDataset::size() const {
  return cumulative_sizes_.back();
}

std::pair<std::size_t, std::int64_t> ConcatDataset::locate(
    std::int64_t index) const {
  index = wrap_index(index, size());
  auto it = std::upper_bound(
      cumulative_sizes_.begin(), cumulative_sizes_.end(), index);
  const auto d = static_cast<std::size_t>(it - cumulative_sizes_.begin());
  const std::int64_t start = d == 0 ? 0 : cumulative_sizes_[d - 1];
  return {d, index - start};
}

Sample ConcatDataset::get(std::int64_t index) const {
  auto [d, i] = locate(index);
  return datasets_[d]->get(i);
}

Value ConcatDataset::metainfo() const {
  return datasets_[0]->metainfo();
}

std::vector<std::int64_t> ConcatDataset::get_cat_ids(std::int64_t index) const {
  auto [d, i] = locate(index);
  return datasets_[d]->get_cat_ids(i);
}

RepeatDataset::RepeatDataset(
    std::shared_ptr<Dataset> dataset, std::int64_t times)
    : dataset_(std::move(dataset)), times_(times) {
  MMENGINE_CHECK(dataset_ != nullptr, "RepeatDataset: dataset is null");
  MMENGINE_CHECK(
      times_ >= 1, "RepeatDataset: times should be >= 1, got ", times_);
}

RepeatDataset::RepeatDataset(registry::BuildArgs& args)
    : RepeatDataset(
          build_child(args.take_value("dataset"), args.where() + ".dataset"),
          args.take<std::int64_t>("times")) {
  (void)args.take<bool>("lazy_init", false);
}

std::int64_t RepeatDataset::size() const {
  return times_ * dataset_->size();
}

Sample RepeatDataset::get(std::int64_t index) const {
  return dataset_->get(wrap_index(index, size()) % dataset_->size());
}

Value RepeatDataset::metainfo() const {
  return dataset_->metainfo();
}

std::vector<std::int64_t> RepeatDataset::get_cat_ids(std::int64_t index) const {
  return dataset_->get_cat_ids(wrap_index(index, size()) % dataset_->size());
}

ClassBalancedDataset::ClassBalancedDataset(
    std::shared_ptr<Dataset> dataset, double oversample_thr)
    : dataset_(std::move(dataset)) {
  MMENGINE_CHECK(dataset_ != nullptr, "ClassBalancedDataset: dataset is null");
  const std::int64_t n = dataset_->size();
  std::map<std::int64_t, double> freq;
  std::vector<std::set<std::int64_t>> cats(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) {
    auto ids = dataset_->get_cat_ids(i);
    cats[static_cast<std::size_t>(i)] = {ids.begin(), ids.end()};
    for (std::int64_t c : cats[static_cast<std::size_t>(i)]) {
      freq[c] += 1;
    }
  }
  std::map<std::int64_t, double> repeat;
  for (auto& [c, f] : freq) {
    repeat[c] =
        std::max(1.0, std::sqrt(oversample_thr / (f / static_cast<double>(n))));
  }
  for (std::int64_t i = 0; i < n; ++i) {
    double factor = 1.0;
    const auto& ids = cats[static_cast<std::size_t>(i)];
    if (!ids.empty()) {
      factor = 0;
      for (std::int64_t c : ids) {
        factor = std::max(factor, repeat[c]);
      }
    }
    repeat_factors_.push_back(factor);
    for (int k = 0; k < static_cast<int>(std::ceil(factor)); ++k) {
      repeat_indices_.push_back(i);
    }
  }
}

ClassBalancedDataset::ClassBalancedDataset(registry::BuildArgs& args)
    : ClassBalancedDataset(
          build_child(args.take_value("dataset"), args.where() + ".dataset"),
          args.take<double>("oversample_thr")) {
  (void)args.take<bool>("lazy_init", false);
}

std::int64_t ClassBalancedDataset::size() const {
  return static_cast<std::int64_t>(repeat_indices_.size());
}

Sample ClassBalancedDataset::get(std::int64_t index) const {
  return dataset_->get(
      repeat_indices_[static_cast<std::size_t>(wrap_index(index, size()))]);
}

Value ClassBalancedDataset::metainfo() const {
  return dataset_->metainfo();
}

std::vector<std::int64_t> ClassBalancedDataset::get_cat_ids(
    std::int64_t index) const {
  return dataset_->get_cat_ids(
      repeat_indices_[static_cast<std::size_t>(wrap_index(index, size()))]);
}

}  // namespace mmengine::dataset
