// Lazy-import configs: MMEngine's `_is_lazy_import`, `_get_base_modules`,
// `_parse_lazy_import` (with ImportTransformer and
// `_gather_abs_import_lazyobj`) and `to_dict()`, over our syntax tree.
#include "mmengine/config/config_lazy_impl.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "mmengine/config/python_interp_impl.h"
#include "mmengine/config/python_program_impl.h"
#include "mmengine/config/text_file_impl.h"
#include "mmengine/utils/error.h"

namespace mmengine::config::detail {

namespace {

namespace fs = std::filesystem;

constexpr int kMaxBaseDepth = 64;
constexpr const char* kDocs =
    "See more information in "
    "https://mmengine.readthedocs.io/en/latest/advanced_tutorials/"
    "config.html";

bool assigns_base(const Stmt& s) {
  if (s.kind != StmtKind::kAssign) {
    return false;
  }
  const auto& a = static_cast<const AssignStmt&>(s);
  const auto& target = *a.targets.front();
  return !a.annotation && target.kind == ExprKind::kName &&
         static_cast<const NameExpr&>(target).id == "_base_";
}

bool is_read_base(const WithStmt& s) {
  const auto& expr = *s.items.front().context;
  if (expr.kind != ExprKind::kCall) {
    return false;
  }
  const auto& func = *static_cast<const CallExpr&>(expr).func;
  return func.kind == ExprKind::kName &&
         static_cast<const NameExpr&>(func).id == "read_base";
}

std::string module_of(const ImportStmt& s) {
  return std::string(static_cast<std::size_t>(s.level), '.') + s.module;
}

// The statements directly inside a compound statement, in `ast` field
// order.
std::vector<const Stmt*> children(const Stmt& s) {
  std::vector<const Stmt*> out;
  const auto add = [&](const StmtList& body) {
    for (const auto& child : body) {
      out.push_back(child.get());
    }
  };
  if (s.kind == StmtKind::kIf) {
    add(static_cast<const IfStmt&>(s).body);
    add(static_cast<const IfStmt&>(s).orelse);
  } else if (s.kind == StmtKind::kFor) {
    add(static_cast<const ForStmt&>(s).body);
    add(static_cast<const ForStmt&>(s).orelse);
  } else if (s.kind == StmtKind::kFunctionDef) {
    add(static_cast<const FunctionDefStmt&>(s).code->body);
  } else if (s.kind == StmtKind::kWith) {
    add(static_cast<const WithStmt&>(s).body);
  }
  return out;
}

// The verdict of one statement of `_is_lazy_import`'s walk, if decisive.
std::optional<bool> lazy_verdict(const Stmt& s, const SourceFile& src) {
  if (assigns_base(s)) {
    return false;
  }
  if (s.kind == StmtKind::kWith) {
    if (!is_read_base(static_cast<const WithStmt&>(s))) {
      src.raise(
          s.pos,
          "ConfigParsingError",
          "Only `read_base` context manager can be used in the config");
    }
    return true;
  }
  if (s.kind == StmtKind::kImportFrom) {
    const auto& i = static_cast<const ImportStmt&>(s);
    const bool config_import = i.module == "mmengine" && i.names.size() == 1 &&
                               i.names.front().name == "Config";
    if (i.level != 0 || (!config_import && !is_builtin_module(i.module))) {
      return true;
    }
  }
  if (s.kind == StmtKind::kImport) {
    for (const auto& alias : static_cast<const ImportStmt&>(s).names) {
      if (!is_builtin_module(alias.name)) {
        return true;
      }
    }
  }
  return std::nullopt;
}

[[noreturn]] void parsing_error(
    const SourceFile& src, std::uint32_t pos, const std::string& message) {
  src.raise(pos, "ConfigParsingError", message);
}

// One file of a lazy-import chain, run: its globals (as MMEngine's
// `_dict_to_config_dict_lazy` copies them) and its imported names.
struct LazyModule {
  std::vector<std::pair<std::string, Obj>> globals;
  std::set<std::string> imported;
  std::unique_ptr<Interpreter> interp;
};

// What ImportTransformer does before the file runs.
struct Transform {
  std::vector<std::pair<std::string, Obj>> injected;  // base names, in order
  // `import a.b` modules (and where), last first as MMEngine binds them.
  std::vector<std::pair<std::string, std::uint32_t>> gathered;
  std::set<std::string> imported;
};

class LazyLoader {
 public:
  // One budget for the whole chain (MMEngine's limits are the machine's).
  LazyLoader() : budget_(make_budget(PythonEvalLimits{})), heap_(budget_) {}

  LazyModule load(const std::string& filename, const PythonProgram& program);

 private:
  LazyModule run(
      const ProgramImpl& p, const LazyImportMode& mode, Transform& t);
  const WithStmt* base_block(const ProgramImpl& p);
  std::map<std::string, LazyModule> load_bases(
      const std::string& filename, const ProgramImpl& p, const WithStmt* w);
  std::string base_path(
      const std::string& filename, const ImportStmt& s, const SourceFile& src);
  Transform transform(
      const ProgramImpl& p,
      const WithStmt* block,
      std::map<std::string, LazyModule>& bases);
  void visit(
      const Stmt& s,
      bool top_level,
      const SourceFile& src,
      std::map<std::string, LazyModule>& bases,
      Transform& out);
  void visit_import_from(
      const ImportStmt& s,
      const SourceFile& src,
      std::map<std::string, LazyModule>& bases,
      Transform& out);
  void visit_import(
      const ImportStmt& s,
      bool top_level,
      const SourceFile& src,
      Transform& out);

  Budget budget_;
  Heap heap_;
  // Functions and generators of a base point into its syntax tree.
  std::vector<std::unique_ptr<PythonProgram>> programs_;
  std::vector<std::string> stack_;  // files being loaded, for cycles
};

// `_get_base_modules`: the first top-level `with` must be
// `with read_base():` holding only `from <module> import ...`.
const WithStmt* LazyLoader::base_block(const ProgramImpl& p) {
  for (const auto& stmt : p.module.body) {
    if (assigns_base(*stmt)) {
      parsing_error(
          p.source,
          stmt->pos,
          fmt::format(
              "The configuration file type in the inheritance chain must "
              "match the current configuration file type, either "
              "\"lazy_import\" or non-\"lazy_import\". You got this error "
              "since you use the syntax like `_base_ = \"_base_\"` in your "
              "config. You should use `with read_base(): ... to` mark the "
              "inherited config file. {}",
              kDocs));
    }
    if (stmt->kind != StmtKind::kWith) {
      continue;
    }
    const auto& w = static_cast<const WithStmt&>(*stmt);
    if (w.items.size() != 1 || !is_read_base(w)) {
      parsing_error(
          p.source,
          w.pos,
          "Only `read_base` context manager can be used in the config");
    }
    for (const auto& inner : w.body) {
      if (inner->kind != StmtKind::kImportFrom) {
        p.source.raise(
            inner->pos,
            "AssertionError",
            "Illegal syntax in config file! Only `from ... import ...` "
            "could be implemented` in with read_base()`");
      }
      if (static_cast<const ImportStmt&>(*inner).module.empty()) {
        p.source.raise(
            inner->pos,
            "AssertionError",
            "Illegal syntax in config file! Syntax like `from . import "
            "xxx` is not allowed in `with read_base()`");
      }
    }
    return &w;
  }
  return nullptr;
}

// The file of a base module: `.._base_.x` -> <dir>/../_base_/x.py.
std::string LazyLoader::base_path(
    const std::string& filename, const ImportStmt& s, const SourceFile& src) {
  const std::string module = module_of(s);
  if (s.level == 0) {
    if (s.module.find('.') == std::string::npos) {
      parsing_error(
          src,
          s.pos,
          fmt::format(
              "The imported configuration file should not be an independent "
              "package {}. Here is an example: `with read_base(): from "
              "mmdet.configs.retinanet_r50_fpn_1x_coco import *`",
              s.module));
    }
    src.raise(
        s.pos,
        "ConfigError",
        fmt::format(
            "base config '{}' lies in an installed Python package; copy the "
            "file and import it relatively (from .x import *) instead",
            module));
  }
  std::string path = fs::path(filename).parent_path().string();
  for (int i = 1; i < s.level; ++i) {
    path += path.empty() ? ".." : "/..";
  }
  std::string rel = s.module;
  std::replace(rel.begin(), rel.end(), '.', '/');
  path += (path.empty() ? "" : "/") + rel + ".py";
  if (!fs::is_regular_file(path)) {
    parsing_error(
        src,
        s.pos,
        fmt::format(
            "{} not found! It means that incorrect module is defined in `with "
            "read_base(): = from {} import ...`, please make sure the base "
            "config module is valid and is consistent with the prior import "
            "logic",
            path,
            module));
  }
  return path;
}

std::map<std::string, LazyModule> LazyLoader::load_bases(
    const std::string& filename, const ProgramImpl& p, const WithStmt* w) {
  std::map<std::string, LazyModule> bases;
  if (w == nullptr) {
    return bases;
  }
  for (const auto& stmt : w->body) {
    const auto& s = static_cast<const ImportStmt&>(*stmt);
    const std::string path = base_path(filename, s, p.source);
    const std::string text = read_text_file(path);
    programs_.push_back(std::make_unique<PythonProgram>(text, path));
    bases[module_of(s)] = load(path, *programs_.back());
  }
  return bases;
}

void LazyLoader::visit_import_from(
    const ImportStmt& s,
    const SourceFile& src,
    std::map<std::string, LazyModule>& bases,
    Transform& out) {
  const std::string module = module_of(s);
  if (const auto base = bases.find(module); base != bases.end()) {
    for (const auto& alias : s.names) {
      if (alias.name == "*") {
        out.injected.insert(
            out.injected.end(),
            base->second.globals.begin(),
            base->second.globals.end());
        return;
      }
      const auto& globals = base->second.globals;
      const auto it =
          std::find_if(globals.begin(), globals.end(), [&](const auto& g) {
            return g.first == alias.name;
          });
      if (it == globals.end()) {
        src.raise(
            alias.pos,
            "KeyError",
            fmt::format("'{}' is not defined in {}", alias.name, module));
      }
      out.injected.emplace_back(
          alias.asname.empty() ? alias.name : alias.asname, it->second);
    }
    return;
  }
  if (s.module.empty()) {
    src.raise(
        s.pos,
        "ConfigError",
        fmt::format(
            "'from {} import ...' is not supported in config files", module));
  }
  const bool builtin = is_builtin_module(module);
  for (const auto& alias : s.names) {
    if (alias.name == "*" && alias.asname.empty()) {
      parsing_error(
          src,
          s.pos,
          builtin ? "Cannot import * from non-base config"
                  : "Illegal syntax in config! `from xxx import *` is not "
                    "allowed to appear outside the `if base:` statement");
    }
    out.imported.insert(alias.asname.empty() ? alias.name : alias.asname);
  }
}

void LazyLoader::visit_import(
    const ImportStmt& s,
    bool top_level,
    const SourceFile& src,
    Transform& out) {
  if (s.names.size() != 1) {
    src.raise(
        s.pos,
        "AssertionError",
        "Illegal syntax in config! import multiple modules in one line is not "
        "supported");
  }
  const auto& alias = s.names.front();
  if (!alias.asname.empty()) {
    out.imported.insert(alias.asname);
    return;
  }
  if (is_builtin_module(alias.name)) {
    return;
  }
  if (!top_level) {
    src.raise(
        s.pos,
        "ConfigError",
        fmt::format(
            "'import {}' inside a block would import the module for real "
            "(MMEngine makes only top-level imports lazy); not supported in "
            "config files",
            alias.name));
  }
  const std::string top = alias.name.substr(0, alias.name.find('.'));
  out.imported.insert(top);
  if (std::none_of(out.gathered.begin(), out.gathered.end(), [&](auto& g) {
        return g.first == top;
      })) {
    out.gathered.insert(out.gathered.begin(), {top, s.pos});
  }
}

void LazyLoader::visit(
    const Stmt& s,
    bool top_level,
    const SourceFile& src,
    std::map<std::string, LazyModule>& bases,
    Transform& out) {
  if (s.kind == StmtKind::kImportFrom) {
    visit_import_from(static_cast<const ImportStmt&>(s), src, bases, out);
    return;
  }
  if (s.kind == StmtKind::kImport) {
    visit_import(static_cast<const ImportStmt&>(s), top_level, src, out);
    return;
  }
  for (const Stmt* child : children(s)) {
    visit(*child, false, src, bases, out);
  }
}

Transform LazyLoader::transform(
    const ProgramImpl& p,
    const WithStmt* block,
    std::map<std::string, LazyModule>& bases) {
  Transform out;
  for (const auto& stmt : p.module.body) {
    if (stmt.get() != block) {
      visit(*stmt, true, p.source, bases, out);
      continue;
    }
    // `_get_base_modules` inlined the block: its imports are top-level.
    for (const Stmt* child : children(*stmt)) {
      visit(*child, true, p.source, bases, out);
    }
  }
  return out;
}

LazyModule LazyLoader::load(
    const std::string& filename, const PythonProgram& program) {
  const std::string key = fs::absolute(filename).lexically_normal().string();
  MMENGINE_CHECK_T(
      ConfigError,
      std::find(stack_.begin(), stack_.end(), key) == stack_.end() &&
          stack_.size() < kMaxBaseDepth,
      filename,
      ": circular or too deep `with read_base()` inheritance");
  stack_.push_back(key);
  const ProgramImpl& p = program.impl();
  const WithStmt* block = base_block(p);
  auto bases = load_bases(filename, p, block);
  Transform t = transform(p, block, bases);
  LazyImportMode mode;
  mode.base_block = block;
  mode.filename = filename;
  for (auto& [module, base] : bases) {
    mode.base_modules.insert(module);
    t.imported.insert(base.imported.begin(), base.imported.end());
  }
  LazyModule result = run(p, mode, t);
  stack_.pop_back();
  return result;
}

// Runs the file after the transform: `__file__`, the bases' names and the
// gathered `import a.b` modules first, as MMEngine's exec sees them.
LazyModule LazyLoader::run(
    const ProgramImpl& p, const LazyImportMode& mode, Transform& t) {
  LazyModule result;
  result.interp = std::make_unique<Interpreter>(p.source, heap_);
  auto& interp = *result.interp;
  interp.set_lazy_imports(&mode);
  interp.predefine("__file__", Obj::str(mode.filename));
  for (auto& [name, value] : t.injected) {
    interp.predefine(name, std::move(value));
  }
  for (const auto& [top, pos] : t.gathered) {
    interp.predefine(top, interp.lazy_module(top, pos));
  }
  interp.run(p.module);
  interp.set_lazy_imports(nullptr);
  for (const auto& [name, value] : interp.globals().entries()) {
    if (!name.starts_with("__")) {
      result.globals.emplace_back(name, interp.config_dict_copy(value));
    }
  }
  result.imported = std::move(t.imported);
  return result;
}

}  // namespace

bool is_lazy_import(const PythonProgram& program) {
  const ProgramImpl& p = program.impl();
  std::vector<const Stmt*> level;
  for (const auto& stmt : p.module.body) {
    level.push_back(stmt.get());
  }
  // ast.walk is breadth-first; only statements can decide.
  while (!level.empty()) {
    std::vector<const Stmt*> next;
    for (const Stmt* stmt : level) {
      if (const auto verdict = lazy_verdict(*stmt, p.source)) {
        return *verdict;
      }
      const auto inner = children(*stmt);
      next.insert(next.end(), inner.begin(), inner.end());
    }
    level = std::move(next);
  }
  return false;
}

Value load_lazy_config(
    const std::string& filename, const PythonProgram& program) {
  LazyLoader loader;
  LazyModule top = loader.load(filename, program);
  Value dict = Value::dict();
  for (const auto& [name, value] : top.globals) {
    if (!top.imported.contains(name)) {
      dict.set(Key(name), top.interp->global_to_value(name, value));
    }
  }
  return dict;
}

void raise_lazy_in_classic_chain(const std::string& filename) {
  throw ConfigError(fmt::format(
      "{}: RuntimeError: The configuration file type in the inheritance chain "
      "must match the current configuration file type, either "
      "\"lazy_import\" or non-\"lazy_import\". You got this error since you "
      "use the syntax like `with read_base(): ...` or import non-builtin "
      "module in {}. {}",
      filename,
      filename,
      kDocs));
}

}  // namespace mmengine::config::detail
