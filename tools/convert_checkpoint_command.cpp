// `mmengine convert-checkpoint IN [OUT] [--publish] [--inspect]`: converts
// between .pth and .safetensors, publishes (drops optimizer and scheduler
// states, adds the sha256 prefix to the name like OpenMMLab's
// publish_model) or lists what a checkpoint holds.
#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <ATen/ATen.h>
#include <fmt/format.h>

#include "mmengine/runner/checkpoint.h"
#include "mmengine/runner/checkpoint/torch_file.h"
#include "mmengine/utils/error.h"
#include "mmengine/utils/sha256.h"
#include "tools/commands.h"

namespace mmengine::tools {
namespace {

using structures::Tree;

struct ConvertArgs {
  std::string in;
  std::string out;
  bool publish = false;
  bool inspect = false;
};

void inspect(const Tree& t, const std::string& path) {
  if (t.is_tensor()) {
    const auto& x = t.tensor();
    std::cout << fmt::format(
        "{}: {} [{}]\n",
        path,
        c10::toString(x.scalar_type()),
        fmt::join(x.sizes(), ", "));
  } else if (t.kind() == Tree::Kind::kDict) {
    for (const auto& [k, v] : t.items()) {
      inspect(v, path.empty() ? k.to_string() : path + "." + k.to_string());
    }
  } else if (t.kind() == Tree::Kind::kList || t.kind() == Tree::Kind::kTuple) {
    const auto items = t.elements();
    for (std::size_t i = 0; i < items.size(); ++i) {
      inspect(items[i], fmt::format("{}[{}]", path, i));
    }
  } else {
    std::cout << fmt::format("{}: {}\n", path, t.repr());
  }
}

void run(const ConvertArgs& a) {
  auto ckpt = runner::load_checkpoint_file(a.in);
  if (a.inspect) {
    inspect(ckpt, "");
    return;
  }
  MMENGINE_CHECK(
      !a.out.empty(), "convert-checkpoint: OUT is required unless --inspect");
  if (a.publish) {
    for (const char* key : {"optimizer", "param_schedulers"}) {
      ckpt.erase(key);
    }
  }
  runner::save_checkpoint(ckpt, a.out);
  if (!a.publish) {
    std::cout << "Saved " << a.out << "\n";
    return;
  }
  runner::checkpoint::MappedFile file(a.out);
  const auto sha = utils::sha256_hex(file.bytes());
  namespace fs = std::filesystem;
  const fs::path out(a.out);
  const auto final_path =
      (out.parent_path() / (out.stem().string() + "-" + sha.substr(0, 8) +
                            out.extension().string()))
          .string();
  fs::rename(out, final_path);
  std::cout << "Published " << final_path << " (sha256 " << sha << ")\n";
}

}  // namespace

void add_convert_checkpoint_command(CLI::App& app) {
  auto args = std::make_shared<ConvertArgs>();
  auto* cmd = app.add_subcommand(
      "convert-checkpoint",
      "Convert .pth <-> .safetensors, publish, or inspect a checkpoint");
  cmd->add_option("IN", args->in, "checkpoint to read")->required();
  cmd->add_option("OUT", args->out, "file to write (.pth or .safetensors)");
  cmd->add_flag(
      "--publish",
      args->publish,
      "drop optimizer/scheduler states; add the sha256 prefix");
  cmd->add_flag("--inspect", args->inspect, "list keys, shapes, dtypes, meta");
  cmd->callback([args] { run(*args); });
}

}  // namespace mmengine::tools
