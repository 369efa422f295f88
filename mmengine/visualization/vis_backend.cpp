#include "mmengine/visualization/vis_backend.h"

#include <filesystem>

#include "mmengine/config/config.h"
#include "mmengine/config/json_io.h"
#include "mmengine/logging/logger.h"
#include "mmengine/utils/error.h"

namespace mmengine::visualization {
namespace {

// Python's `name.split('.')[-1]`.
std::string last_dot_part(const std::string& name) {
  const auto dot = name.rfind('.');
  return dot == std::string::npos ? name : name.substr(dot + 1);
}

// os.path.join(dir, name): an absolute name replaces the folder. Plain
// string work: it runs for every logged line.
std::string join(const std::string& dir, const std::string& name) {
  if (dir.empty() || (!name.empty() && name.front() == '/')) {
    return name;
  }
  return dir.back() == '/' ? dir + name : dir + '/' + name;
}

}  // namespace

BaseVisBackend::BaseVisBackend(std::optional<std::string> save_dir)
    : save_dir_(std::move(save_dir)) {}

BaseVisBackend::~BaseVisBackend() = default;

void BaseVisBackend::add_config(const config::Config& /*config*/) {}

void BaseVisBackend::add_scalar(
    const std::string& /*name*/,
    const config::Value& /*value*/,
    std::int64_t /*step*/) {}

void BaseVisBackend::add_scalars(
    const config::Value& /*scalar_dict*/,
    std::int64_t /*step*/,
    const std::optional<std::string>& /*file_path*/) {}

void BaseVisBackend::close() {}

LocalVisBackend::LocalVisBackend(
    std::optional<std::string> save_dir,
    std::string img_save_dir,
    std::string config_save_file,
    std::string scalar_save_file)
    : BaseVisBackend(std::move(save_dir)),
      img_save_dir_(std::move(img_save_dir)),
      config_save_file_(std::move(config_save_file)),
      scalar_save_file_(std::move(scalar_save_file)) {
  MMENGINE_CHECK(
      last_dot_part(config_save_file_) == "py",
      "LocalVisBackend: config_save_file must end with .py, got ",
      config::string_repr(config_save_file_));
  MMENGINE_CHECK(
      last_dot_part(scalar_save_file_) == "json",
      "LocalVisBackend: scalar_save_file must end with .json, got ",
      config::string_repr(scalar_save_file_));
}

LocalVisBackend::~LocalVisBackend() = default;

std::shared_ptr<LocalVisBackend> LocalVisBackend::from_config(
    registry::BuildArgs& args) {
  return std::make_shared<LocalVisBackend>(
      args.take<std::optional<std::string>>("save_dir"),
      args.take<std::string>("img_save_dir", "vis_image"),
      args.take<std::string>("config_save_file", "config.py"),
      args.take<std::string>("scalar_save_file", "scalars.json"));
}

void LocalVisBackend::init_env() {
  if (initialized_) {
    return;
  }
  MMENGINE_CHECK(save_dir_.has_value(), "LocalVisBackend: save_dir is None");
  std::error_code error;
  std::filesystem::create_directories(*save_dir_, error);
  MMENGINE_CHECK_T(
      FileError,
      !error,
      "LocalVisBackend: cannot create \"",
      *save_dir_,
      "\": ",
      error.message());
  img_save_dir_ = join(*save_dir_, img_save_dir_);
  config_save_file_ = join(*save_dir_, config_save_file_);
  scalar_save_file_ = join(*save_dir_, scalar_save_file_);
  initialized_ = true;
}

std::string LocalVisBackend::scalar_save_file() {
  std::lock_guard lock(mutex_);
  init_env();
  return scalar_save_file_;
}

std::string LocalVisBackend::config_save_file() {
  std::lock_guard lock(mutex_);
  init_env();
  return config_save_file_;
}

void LocalVisBackend::add_config(const config::Config& config) {
  std::lock_guard lock(mutex_);
  init_env();
  config.dump(config_save_file_);
}

void LocalVisBackend::append_line(
    const std::string& path, const std::string& line) {
  auto& stream = streams_[path];
  if (stream == nullptr) {
    stream =
        std::make_unique<std::ofstream>(path, std::ios::out | std::ios::app);
  }
  MMENGINE_CHECK_T(
      FileError,
      stream->is_open(),
      "LocalVisBackend: cannot open \"",
      path,
      "\" for appending");
  *stream << line << '\n';
  stream->flush();
  MMENGINE_CHECK_T(
      FileError,
      stream->good(),
      "LocalVisBackend: writing \"",
      path,
      "\" failed");
}

void LocalVisBackend::add_scalar(
    const std::string& name, const config::Value& value, std::int64_t step) {
  std::lock_guard lock(mutex_);
  init_env();
  config::Value record = config::Value::dict({{name, value}, {"step", step}});
  append_line(scalar_save_file_, config::dump_json(record));
}

void LocalVisBackend::add_scalars(
    const config::Value& scalar_dict,
    std::int64_t step,
    const std::optional<std::string>& file_path) {
  MMENGINE_CHECK_TYPE(
      scalar_dict.is_dict(),
      "LocalVisBackend.add_scalars: scalar_dict must be a dict, got ",
      scalar_dict.type_name());
  std::lock_guard lock(mutex_);
  init_env();
  config::Value record = scalar_dict;
  if (!record.contains("step")) {
    record.set("step", step);
  }
  const std::string line = config::dump_json(record);
  if (file_path.has_value()) {
    MMENGINE_CHECK(
        last_dot_part(*file_path) == "json",
        "LocalVisBackend.add_scalars: file_path must end with .json, got ",
        config::string_repr(*file_path));
    const std::string extra = join(*save_dir_, *file_path);
    MMENGINE_CHECK(
        extra != scalar_save_file_,
        "``file_path`` and ``scalar_save_file`` have the same name, please "
        "set ``file_path`` to another value");
    append_line(extra, line);
  }
  append_line(scalar_save_file_, line);
}

void LocalVisBackend::close() {
  std::lock_guard lock(mutex_);
  streams_.clear();
}

}  // namespace mmengine::visualization
