#include "mmengine/dataset/base_dataset.h"

#include <filesystem>
#include <fstream>

#include "mmengine/config/json_io.h"
#include "mmengine/dataset/transforms/loading.h"
#include "mmengine/logging/logger.h"
#include "mmengine/utils/error.h"

namespace mmengine::dataset {

using config::Value;

namespace {

bool is_abs(const std::string& p) {
  return (!p.empty() && p.front() == '/') || p.starts_with("http://") ||
         p.starts_with("https://") || p.starts_with("s3://");
}

std::string py_type(const Value& v) {
  return fmt::format("<class '{}'>", v.type_name());
}

// mmengine.list_from_file: the lines of a text file, or nullopt when the
// string is not a readable file.
std::optional<Value> list_from_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return std::nullopt;
  }
  std::ifstream in(path);
  Value lines = Value::list();
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) {
      line.pop_back();
    }
    lines.append(line);
  }
  return lines;
}

}  // namespace

BaseDataset::BaseDataset(registry::BuildArgs& args) {
  ann_file_ = args.take<std::string>("ann_file", "");
  const Value metainfo = args.take_value("metainfo", Value());
  data_root_ = args.take<std::string>("data_root", "");
  data_prefix_ =
      args.take_value("data_prefix", Value::dict({{"img_path", Value("")}}));
  filter_cfg_ = args.take_value("filter_cfg", Value());
  indices_ = args.take_value("indices", Value());
  serialize_data_ = args.take<bool>("serialize_data", true);
  const Value pipeline = args.take_value("pipeline", Value::list());
  test_mode_ = args.take<bool>("test_mode", false);
  lazy_init_ = args.take<bool>("lazy_init", false);
  max_refetch_ = args.take<std::int64_t>("max_refetch", 1000);

  metainfo_ = Value::dict();
  if (!metainfo.is_none()) {
    MMENGINE_CHECK_TYPE(
        metainfo.is_dict(),
        args.where(),
        ": metainfo should be a Mapping or Config, but got ",
        py_type(metainfo));
    for (const auto& [k, v] : metainfo.items()) {
      if (v.is_string()) {
        if (auto lines = list_from_file(v.as<std::string>())) {
          metainfo_.set(k, *lines);
          continue;
        }
        logging::print_log(
            fmt::format(
                "{} is not a meta file, simply parsed as meta information",
                v.as<std::string>()),
            "current",
            logging::kWarning);
      }
      metainfo_.set(k, v);
    }
  }
  if (!ann_file_.empty() && !is_abs(ann_file_) && !data_root_.empty()) {
    ann_file_ = join_path(data_root_, ann_file_);
  }
  MMENGINE_CHECK_TYPE(
      data_prefix_.is_dict(),
      args.where(),
      ".data_prefix: expected a dict, got ",
      py_type(data_prefix_));
  for (auto [k, prefix] : data_prefix_.items()) {
    MMENGINE_CHECK_TYPE(
        prefix.is_string(),
        args.where(),
        ".data_prefix.",
        k.to_string(),
        ": prefix should be a string, but got ",
        py_type(prefix));
    const auto p = prefix.as<std::string>();
    if (!is_abs(p) && !data_root_.empty()) {
      prefix = join_path(data_root_, p);
    }
  }
  MMENGINE_CHECK_TYPE(
      indices_.is_none() || indices_.is_int() || indices_.is_sequence(),
      args.where(),
      ".indices: expected None, an int or a list of ints, got ",
      py_type(indices_));
  pipeline_ = std::make_shared<Compose>(pipeline, args.where() + ".pipeline");
}

BaseDataset::BaseDataset(const BaseDataset& other)
    : Dataset(other),
      metainfo_(other.metainfo_),
      data_list_(other.data_list_),
      ann_file_(other.ann_file_),
      data_root_(other.data_root_),
      data_prefix_(other.data_prefix_),
      filter_cfg_(other.filter_cfg_),
      indices_(other.indices_),
      serialize_data_(other.serialize_data_),
      test_mode_(other.test_mode_),
      lazy_init_(other.lazy_init_),
      max_refetch_(other.max_refetch_),
      pipeline_(other.pipeline_),
      serialized_(other.serialized_),
      initialized_(other.initialized_.load()) {}

std::shared_ptr<BaseDataset> BaseDataset::from_config(
    registry::BuildArgs& args) {
  auto ds = std::make_shared<BaseDataset>(args);
  ds->finish_init();
  return ds;
}

void BaseDataset::finish_init() {
  // The class's METAINFO sits under the config's metainfo; it is applied
  // here because the base constructor cannot see a subclass's override.
  const Value cls_meta = class_metainfo();
  for (const auto& [k, v] : cls_meta.items()) {
    if (!metainfo_.contains(k)) {
      metainfo_.set(k, v);
    }
  }
  if (!lazy_init_) {
    full_init();
  }
}

void BaseDataset::full_init() {
  std::lock_guard lock(init_mutex_);
  if (initialized_.load()) {
    return;
  }
  std::vector<Value> items = filter_data(load_data_list());
  if (!indices_.is_none()) {
    data_list_ = std::move(items);
    items = subset_items(indices_);
  }
  set_items(std::move(items));
  initialized_.store(true);
}

void BaseDataset::set_items(std::vector<Value> items) {
  if (serialize_data_) {
    serialized_ = SerializedList(items);
    data_list_.clear();
  } else {
    data_list_ = std::move(items);
  }
}

Value BaseDataset::class_metainfo() const {
  return Value::dict();
}

std::vector<Value> BaseDataset::load_data_list() {
  MMENGINE_CHECK_T(
      DataError,
      !ann_file_.empty(),
      name(),
      ": ann_file is empty (set ann_file or override load_data_list)");
  Value ann;
  try {
    ann = config::load_json(ann_file_);
  } catch (const ConfigError& e) {
    throw DataError(fmt::format("annotation file {}", e.what()));
  } catch (const FileError& e) {
    throw DataError(e.what());
  }
  const std::string& f = ann_file_;
  MMENGINE_CHECK_T(
      DataError,
      ann.is_dict(),
      f,
      ": The annotations loaded from annotation file should be a dict, but "
      "got ",
      py_type(ann),
      "!");
  MMENGINE_CHECK_T(
      DataError,
      ann.contains("data_list") && ann.contains("metainfo"),
      f,
      ": Annotation must have data_list and metainfo keys");
  const Value& meta = ann["metainfo"];
  const Value& raw_list = ann["data_list"];
  MMENGINE_CHECK_T(
      DataError,
      meta.is_dict(),
      f,
      ": metainfo should be a dict, but got ",
      py_type(meta));
  MMENGINE_CHECK_T(
      DataError,
      raw_list.is_sequence(),
      f,
      ": data_list should be a list, but got ",
      py_type(raw_list));
  for (const auto& [k, v] : meta.items()) {
    if (!metainfo_.contains(k)) {
      metainfo_.set(k, v);
    }
  }
  std::vector<Value> out;
  out.reserve(raw_list.size());
  for (std::size_t i = 0; i < raw_list.size(); ++i) {
    const Value& raw = raw_list.elements()[i];
    const std::string entry = fmt::format("{}: data_list[{}]", f, i);
    MMENGINE_CHECK_T(
        DataError,
        raw.is_dict(),
        entry,
        ": raw_data_info should be a dict, but got ",
        py_type(raw));
    Value parsed;
    try {
      parsed = parse_data_info(raw);
    } catch (const Error& e) {
      throw DataError(fmt::format("{}: {}", entry, e.what()));
    }
    if (parsed.is_dict()) {
      out.push_back(std::move(parsed));
      continue;
    }
    MMENGINE_CHECK_T(
        DataError,
        parsed.is_list(),
        entry,
        ": data_info should be a dict or list of dict, but got ",
        py_type(parsed));
    for (const Value& item : parsed.elements()) {
      MMENGINE_CHECK_T(
          DataError,
          item.is_dict(),
          entry,
          ": data_info must be list of dict, but got ",
          py_type(item));
      out.push_back(item);
    }
  }
  return out;
}

Value BaseDataset::parse_data_info(const Value& raw) {
  Value info = raw;
  for (const auto& [key, prefix] : data_prefix_.items()) {
    const Value* v = info.find(key);
    MMENGINE_CHECK_KEY(
        v != nullptr,
        "raw_data_info: ",
        raw.repr(),
        " dose not contain prefix key",
        key.to_string(),
        ", please check your data_prefix.");
    MMENGINE_CHECK_TYPE(
        v->is_string(),
        key.to_string(),
        " should be a str, but got ",
        py_type(*v));
    info.set(key, join_path(prefix.as<std::string>(), v->as<std::string>()));
  }
  return info;
}

std::vector<Value> BaseDataset::filter_data(std::vector<Value> data_list) {
  return data_list;
}

}  // namespace mmengine::dataset
