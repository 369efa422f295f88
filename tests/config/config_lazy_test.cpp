// Lazy-import ("pure Python style") configs through Config::fromfile: the
// supported forms, MMEngine's detection rules and the rejected constructs.
// tests/fidelity/configs/lazy_*.py compare whole files with MMEngine.
#include <fstream>

#include <gtest/gtest.h>

#include "mmengine/config/config.h"
#include "mmengine/utils/error.h"
#include "tests/support/temp_dir.h"

namespace mmengine::config {
namespace {

namespace fs = std::filesystem;

class ConfigLazyTest : public ::testing::Test {
 protected:
  fs::path write(const std::string& name, const std::string& text) {
    const fs::path file = dir_.path() / name;
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text;
    return file;
  }
  Value load(const std::string& name, const std::string& text) {
    return Config::fromfile(write(name, text).string()).dict();
  }
  std::string error(const std::string& name, const std::string& text) {
    try {
      load(name, text);
    } catch (const Error& e) {
      const std::string msg = e.what();
      return msg.substr(0, msg.find('\n'));
    }
    return "no error";
  }
  std::string where(const std::string& name) const {
    return (dir_.path() / name).string();
  }

  testing::TempDir dir_;
};

TEST_F(ConfigLazyTest, ImportedObjectsBecomeDottedNames) {
  const Value cfg = load(
      "a.py",
      "from torch.optim import SGD\n"
      "from mmengine.hooks import LoggerHook as Logger\n"
      "import torch.nn as nn\n"
      "optimizer = dict(type=SGD, lr=0.1)\n"
      "hooks = [dict(type=Logger), nn.modules.ReLU]\n"
      "act = nn\n");
  EXPECT_EQ(
      cfg.repr(),
      "{'optimizer': {'type': 'torch.optim.SGD', 'lr': 0.1}, 'hooks': "
      "[{'type': 'mmengine.hooks.LoggerHook'}, 'torch.nn.modules.ReLU'], "
      "'act': 'torch.nn.torch.nn'}");  // MMEngine's quirk for a bare module
}

TEST_F(ConfigLazyTest, TopLevelImportsOfPackagesBindTheirRoot) {
  const Value cfg = load(
      "a.py",
      "import torch.nn\nimport mmengine.hooks\n"
      "x = [torch.nn.ReLU, mmengine.hooks.LoggerHook, torch]\n");
  EXPECT_EQ(
      cfg.repr(),
      "{'x': ['torch.nn.ReLU', 'mmengine.hooks.LoggerHook', 'torch.torch']}");
}

TEST_F(ConfigLazyTest, BasesAreImportedRelativelyAndImportedNamesDropped) {
  write(
      "_base_/sched.py",
      "from torch.optim import SGD\nlr = 0.1\noptim = dict(type=SGD, lr=lr)\n");
  write("_base_/data.py", "pipeline = [dict(type='Load')]\nbatch = 8\n");
  const Value cfg = load(
      "configs/a.py",
      "from mmengine.config import read_base\n"
      "with read_base():\n"
      "    from .._base_.sched import *\n"
      "    from .._base_.data import pipeline as steps\n"
      "optim.lr = lr * 2\n"
      "steps.append(dict(type='Pack'))\n");
  EXPECT_EQ(
      cfg.repr(),
      "{'lr': 0.1, 'optim': {'type': 'torch.optim.SGD', 'lr': 0.2}, "
      "'steps': [{'type': 'Load'}, {'type': 'Pack'}]}");
}

TEST_F(ConfigLazyTest, InheritedDictsAreConfigDicts) {
  write("base.py", "model = dict(backbone=dict(depth=50, out=(3,)), n=1)\n");
  const Value cfg = load(
      "a.py",
      "from mmengine.config import read_base\n"
      "with read_base():\n"
      "    from .base import *\n"
      "model.update(dict(backbone=dict(depth=101)))\n"
      "plain = dict(a=dict(b=1))\n"
      "plain.update(dict(a=dict(c=2)))\n");
  // ConfigDict.update merges recursively; a plain dict's replaces.
  EXPECT_EQ(
      cfg.repr(),
      "{'model': {'backbone': {'depth': 101, 'out': (3,)}, 'n': 1}, "
      "'plain': {'a': {'c': 2}}}");
}

TEST_F(ConfigLazyTest, CopyWorksAsInClassicConfigs) {
  const Value cfg = load(
      "a.py",
      "from copy import deepcopy\nfrom torch.optim import SGD\n"
      "a = dict(type=SGD, x=[1])\nb = deepcopy(a)\nb['x'].append(2)\n");
  EXPECT_EQ(
      cfg.repr(),
      "{'a': {'type': 'torch.optim.SGD', 'x': [1]}, "
      "'b': {'type': 'torch.optim.SGD', 'x': [1, 2]}}");
}

TEST_F(ConfigLazyTest, DetectionFollowsMMEngine) {
  // A standard-library import alone keeps the classic path (`_base_` and
  // `{{ }}` work); os is frozen, so MMEngine counts it as third-party.
  EXPECT_EQ(
      load("stdlib.py", "import copy\nx = '{{ fileBasename }}'\n").repr(),
      "{'x': 'stdlib.py'}");
  EXPECT_EQ(
      load("os_lazy.py", "import os.path as osp\nx = '{{ fileBasename }}'\n")
          .repr(),
      "{'x': '{{ fileBasename }}'}");
  // `_base_ = ...` before any import decides: classic.
  write("b.py", "y = 2\n");
  EXPECT_EQ(
      load("classic.py", "_base_ = './b.py'\nfrom copy import deepcopy\n")
          .repr(),
      "{'y': 2}");
}

TEST_F(ConfigLazyTest, LazyImportOptionOverridesDetection) {
  const auto file = write("a.py", "x = 1\n").string();
  LoadOptions options;
  options.lazy_import = true;
  EXPECT_EQ(Config::fromfile(file, options).text(), "x = 1\n");
  options.lazy_import = std::nullopt;
  EXPECT_EQ(Config::fromfile(file, options).text(), file + "\nx = 1\n");
}

TEST_F(ConfigLazyTest, MixedChainsAreErrors) {
  write("lazy_base.py", "from torch.optim import SGD\nopt = SGD\n");
  EXPECT_NE(
      error("a.py", "_base_ = './lazy_base.py'\n")
          .find("RuntimeError: The configuration file type in the inheritance "
                "chain must match"),
      std::string::npos);
  write("classic_base.py", "_base_ = []\nx = 1\n");
  EXPECT_NE(
      error(
          "b.py",
          "from mmengine.config import read_base\nwith read_base():\n"
          "    from .classic_base import *\n")
          .find(where("classic_base.py") + ":1:1: ConfigParsingError"),
      std::string::npos);
}

TEST_F(ConfigLazyTest, UnsupportedFormsAreNamed) {
  EXPECT_EQ(
      error("a.py", "from torch.optim import *\n"),
      where("a.py") +
          ":1:1: ConfigParsingError: Illegal syntax in config! `from xxx "
          "import *` is not allowed to appear outside the `if base:` "
          "statement");
  EXPECT_EQ(
      error("b.py", "import torch, numpy\n"),
      where("b.py") +
          ":1:1: AssertionError: Illegal syntax in config! import multiple "
          "modules in one line is not supported");
  EXPECT_EQ(
      error("c.py", "from torch import nn\nwith open('f'):\n    pass\n"),
      where("c.py") +
          ":2:1: ConfigParsingError: Only `read_base` context manager can be "
          "used in the config");
  EXPECT_EQ(
      error(
          "d.py",
          "from mmengine.config import read_base\nwith read_base():\n"
          "    x = 1\n"),
      where("d.py") +
          ":3:5: AssertionError: Illegal syntax in config file! Only `from "
          "... import ...` could be implemented` in with read_base()`");
  EXPECT_EQ(
      error(
          "e.py",
          "from mmengine.config import read_base\nwith read_base():\n"
          "    from mmdet.configs.x import *\n"),
      where("e.py") +
          ":3:5: ConfigError: base config 'mmdet.configs.x' lies in an "
          "installed Python package; copy the file and import it relatively "
          "(from .x import *) instead");
  EXPECT_EQ(
      error("f.py", "from torch import nn\nif True:\n    import numpy\n"),
      where("f.py") +
          ":3:5: ConfigError: 'import numpy' inside a block would import the "
          "module for real (MMEngine makes only top-level imports lazy); not "
          "supported in config files");
}

TEST_F(ConfigLazyTest, LazyObjectsCannotBeUsedWhileReading) {
  EXPECT_EQ(
      error("a.py", "from torch.optim import SGD\nopt = SGD(lr=1)\n"),
      where("a.py") +
          ":2:7: RuntimeError: 'torch.optim.SGD' is imported "
          "lazily (imported at " +
          where("a.py") +
          ", line 1): it cannot be called while the config is read");
  EXPECT_EQ(
      error("b.py", "from torch import nn\nx = nn.build\n"),
      where("b.py") +
          ":2:8: ConfigError: attribute 'build' of the lazily imported "
          "'torch.nn' is not supported in config files");
  EXPECT_EQ(
      error("c.py", "from torch import nn\nimport math\nx = math.pi\n"),
      where("c.py") +
          ":3:10: ConfigError: 'math' comes from the standard library "
          "('math'), which MMEngine imports for real; config files cannot "
          "use it");
}

TEST_F(ConfigLazyTest, ValuesAConfigCannotHoldAreErrors) {
  EXPECT_EQ(
      error("a.py", "from torch import nn\ndef f():\n    return 1\n"),
      where("a.py") +
          ":2:1: ConfigError: config variable 'f' holds a function object, "
          "which a config value cannot hold (None, bool, int, float, str, "
          "list, tuple or dict)");
}

}  // namespace
}  // namespace mmengine::config
