#include "mmengine/zoo/image_datasets.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>

#include "mmengine/registry/root.h"
#include "mmengine/utils/error.h"

namespace mmengine::zoo {

using config::Value;
namespace fs = std::filesystem;

namespace {

// Keys only the subclass reads are taken from `args`; the rest is handed to
// BaseDataset as its own BuildArgs, checked for unknown keys.
template <typename Make>
auto build_split(registry::BuildArgs& args, Value base_cfg, Make make) {
  args.take_all();
  registry::BuildArgs base(std::move(base_cfg), args.where(), args.runtime());
  auto ds = make(base);
  base.check_all_used();
  ds->finish_init();
  return ds;
}

const char* const kCifar10Classes[] = {
    "airplane",
    "automobile",
    "bird",
    "cat",
    "deer",
    "dog",
    "frog",
    "horse",
    "ship",
    "truck"};

bool has_extension(
    const std::string& file, const std::vector<std::string>& ext) {
  std::string lower = file;
  std::transform(
      lower.begin(), lower.end(), lower.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
      });
  return std::any_of(ext.begin(), ext.end(), [&](const std::string& e) {
    return lower.ends_with(e);
  });
}

}  // namespace

CustomDataset::CustomDataset(
    registry::BuildArgs& args,
    bool with_label,
    std::vector<std::string> extensions)
    : BaseDataset(args),
      with_label_(with_label),
      extensions_(std::move(extensions)) {}

std::shared_ptr<CustomDataset> CustomDataset::from_config(
    registry::BuildArgs& args) {
  Value cfg = args.cfg();
  const bool with_label =
      cfg.contains("with_label") ? cfg.pop("with_label").as<bool>() : true;
  std::vector<std::string> ext = {
      ".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif"};
  if (cfg.contains("extensions")) {
    ext.clear();
    const Value exts = cfg.pop("extensions");
    for (const Value& e : exts.elements()) {
      ext.push_back(e.as<std::string>());
    }
  }
  if (cfg.contains("data_prefix") && cfg["data_prefix"].is_string()) {
    cfg.set("data_prefix", Value::dict({{"img_path", cfg["data_prefix"]}}));
  } else if (!cfg.contains("data_prefix")) {
    cfg.set("data_prefix", Value::dict({{"img_path", ""}}));
  }
  return build_split(args, cfg, [&](registry::BuildArgs& base) {
    return std::make_shared<CustomDataset>(base, with_label, ext);
  });
}

std::vector<Value> CustomDataset::load_data_list() {
  const std::string prefix = data_prefix()["img_path"].as<std::string>();
  std::vector<Value> items;
  if (!ann_file().empty()) {
    std::ifstream in(ann_file());
    MMENGINE_CHECK_T(
        DataError,
        in.good(),
        "annotation file \"",
        ann_file(),
        "\" cannot be read");
    std::string line;
    std::int64_t lineno = 0;
    while (std::getline(in, line)) {
      ++lineno;
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
        line.pop_back();
      }
      if (line.empty()) {
        continue;
      }
      Value info = Value::dict();
      std::string file = line;
      if (with_label_) {
        const auto sp = line.rfind(' ');
        MMENGINE_CHECK_T(
            DataError,
            sp != std::string::npos,
            ann_file(),
            ":",
            lineno,
            ": expected \"<path> <label>\", got \"",
            line,
            "\"");
        file = line.substr(0, sp);
        const std::string label = line.substr(sp + 1);
        std::size_t used = 0;
        std::int64_t value = -1;
        try {
          value = std::stoll(label, &used);
        } catch (const std::exception&) {
          used = 0;
        }
        MMENGINE_CHECK_T(
            DataError,
            used == label.size() && !label.empty(),
            ann_file(),
            ":",
            lineno,
            ": the label should be an int, got \"",
            label,
            "\"");
        info.set("img_path", dataset::join_path(prefix, file));
        info.set("gt_label", value);
      } else {
        info.set("img_path", dataset::join_path(prefix, file));
      }
      items.push_back(std::move(info));
    }
    return items;
  }
  std::error_code ec;
  MMENGINE_CHECK_T(
      DataError,
      fs::is_directory(prefix, ec),
      "CustomDataset: data_prefix \"",
      prefix,
      "\" is not a folder (and no ann_file is given)");
  std::vector<std::string> classes;
  for (const auto& entry : fs::directory_iterator(prefix)) {
    if (entry.is_directory()) {
      classes.push_back(entry.path().filename().string());
    }
  }
  std::sort(classes.begin(), classes.end());
  MMENGINE_CHECK_T(
      DataError,
      !classes.empty(),
      "CustomDataset: found no class sub-folder in \"",
      prefix,
      "\"");
  for (std::size_t c = 0; c < classes.size(); ++c) {
    std::vector<std::string> files;
    const fs::path dir = fs::path(prefix) / classes[c];
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      const std::string rel =
          fs::relative(entry.path(), fs::path(prefix)).generic_string();
      if (entry.is_regular_file() && has_extension(rel, extensions_)) {
        files.push_back(rel);
      }
    }
    std::sort(files.begin(), files.end());
    for (const std::string& f : files) {
      items.push_back(Value::dict(
          {{"img_path", dataset::join_path(prefix, f)},
           {"gt_label", static_cast<std::int64_t>(c)}}));
    }
  }
  MMENGINE_CHECK_T(
      DataError,
      !items.empty(),
      "CustomDataset: found no image with extensions in \"",
      prefix,
      "\"");
  if (!metainfo_.contains("classes")) {
    Value names = Value::tuple();
    for (const std::string& c : classes) {
      names.append(c);
    }
    metainfo_.set("classes", names);
  }
  return items;
}

std::vector<std::int64_t> CustomDataset::get_cat_ids(std::int64_t index) const {
  return {get_data_info(index)["gt_label"].as<std::int64_t>()};
}

std::shared_ptr<dataset::BaseDataset> CustomDataset::clone() const {
  return std::make_shared<CustomDataset>(*this);
}

CIFAR10::CIFAR10(registry::BuildArgs& args, std::string split, bool cifar100)
    : BaseDataset(args), split_(std::move(split)), cifar100_(cifar100) {
  MMENGINE_CHECK(
      split_ == "train" || split_ == "test",
      args.where(),
      ": The split must be one of ['train', 'test'], but get '",
      split_,
      "'");
  root_ = data_root();
}

std::shared_ptr<CIFAR10> CIFAR10::from_config(
    registry::BuildArgs& args, bool cifar100) {
  Value cfg = args.cfg();
  const bool test_mode =
      cfg.contains("test_mode") && cfg["test_mode"].as<bool>();
  std::string split = cfg.contains("split") ? cfg.pop("split").as<std::string>()
                                            : (test_mode ? "test" : "train");
  const bool download =
      cfg.contains("download") && cfg.pop("download").as<bool>();
  MMENGINE_CHECK(
      !download,
      args.where(),
      ": download=True is not supported; place the binary batches in "
      "data_root");
  cfg.erase("data_prefix");
  return build_split(args, cfg, [&](registry::BuildArgs& base) {
    return std::make_shared<CIFAR10>(base, split, cifar100);
  });
}

Value CIFAR10::class_metainfo() const {
  Value names = Value::tuple();
  if (!cifar100_) {
    for (const char* c : kCifar10Classes) {
      names.append(c);
    }
  } else {
    for (const char* dir : {"", "cifar-100-binary"}) {
      const fs::path file =
          fs::path(data_root()) / dir / "fine_label_names.txt";
      std::ifstream in(file);
      std::string line;
      while (in && std::getline(in, line)) {
        if (!line.empty()) {
          names.append(line);
        }
      }
      if (names.size() > 0) {
        break;
      }
    }
    for (int i = static_cast<int>(names.size()); i < 100; ++i) {
      names.append(std::to_string(i));
    }
  }
  return Value::dict({{"classes", names}});
}

std::vector<Value> CIFAR10::load_data_list() {
  std::vector<std::string> files;
  if (cifar100_) {
    files = {split_ == "train" ? "train.bin" : "test.bin"};
  } else if (split_ == "train") {
    for (int i = 1; i <= 5; ++i) {
      files.push_back(fmt::format("data_batch_{}.bin", i));
    }
  } else {
    files = {"test_batch.bin"};
  }
  const char* sub = cifar100_ ? "cifar-100-binary" : "cifar-10-batches-bin";
  const std::size_t record = cifar100_ ? 3074 : 3073;
  std::vector<at::Tensor> images;
  std::vector<Value> items;
  for (const std::string& name : files) {
    fs::path path = fs::path(root_) / name;
    if (!fs::exists(path)) {
      path = fs::path(root_) / sub / name;
    }
    std::ifstream in(path, std::ios::binary);
    MMENGINE_CHECK_T(
        DataError,
        in.good(),
        "CIFAR: \"",
        name,
        "\" not found in \"",
        root_,
        "\" or its ",
        sub,
        " folder (download is not supported)");
    std::string bytes(
        (std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    MMENGINE_CHECK_T(
        DataError,
        !bytes.empty() && bytes.size() % record == 0,
        path.string(),
        ": size ",
        bytes.size(),
        " is not a multiple of the ",
        record,
        "-byte record");
    const auto n = static_cast<std::int64_t>(bytes.size() / record);
    at::Tensor raw = at::from_blob(
        bytes.data(), {n, static_cast<std::int64_t>(record)}, at::kByte);
    const std::int64_t off = cifar100_ ? 2 : 1;
    images.push_back(raw.slice(1, off)
                         .reshape({n, 3, 32, 32})
                         .permute({0, 2, 3, 1})
                         .contiguous());
    const auto* p = reinterpret_cast<const std::uint8_t*>(bytes.data());
    for (std::int64_t i = 0; i < n; ++i) {
      const std::int64_t label = p[i * record + off - 1];
      MMENGINE_CHECK_T(
          DataError,
          label < (cifar100_ ? 100 : 10),
          path.string(),
          ": record ",
          i,
          " has label ",
          label);
      items.push_back(Value::dict(
          {{"gt_label", label},
           {"img_index", static_cast<std::int64_t>(items.size())}}));
    }
  }
  images_ = at::cat(images);
  return items;
}

std::optional<dataset::Results> CIFAR10::prepare_data(
    std::int64_t index) const {
  dataset::Results r(get_data_info(index));
  const auto i = r.values["img_index"].as<std::int64_t>();
  r.tensors["img"] = images_[i];
  r.values["img_shape"] = Value::tuple({32, 32});
  r.values["ori_shape"] = Value::tuple({32, 32});
  return pipeline()(std::move(r));
}

std::vector<std::int64_t> CIFAR10::get_cat_ids(std::int64_t index) const {
  return {get_data_info(index)["gt_label"].as<std::int64_t>()};
}

std::shared_ptr<dataset::BaseDataset> CIFAR10::clone() const {
  return std::make_shared<CIFAR10>(*this);
}

void register_image_datasets() {
  static std::once_flag once;
  std::call_once(once, [] {
    const char* where = "mmengine/zoo";
    registry::register_class<CustomDataset>(
        registry::DATASETS,
        "CustomDataset",
        where,
        "class sub-folders or a 'path label' list");
    registry::DATASETS.register_module(
        "CIFAR10",
        [](registry::BuildArgs& args) {
          return CIFAR10::from_config(args, false);
        },
        {.location = where, .doc = "CIFAR-10 binary batches (no download)"});
    registry::DATASETS.register_module(
        "CIFAR100",
        [](registry::BuildArgs& args) {
          return CIFAR10::from_config(args, true);
        },
        {.location = where, .doc = "CIFAR-100 binary, fine labels"});
  });
}

}  // namespace mmengine::zoo
