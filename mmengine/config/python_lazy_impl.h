#pragma once

// Lazy-import ("pure Python style") configs, the evaluator's side: how
// import statements run when MMEngine's `Config._parse_lazy_import` would
// have rewritten them into LazyObject assignments (see config_lazy.cpp for
// the loader's side: detection, bases, the result).

#include <set>
#include <string>
#include <string_view>

namespace mmengine::config::detail {

struct Stmt;

/// MMEngine's `_is_builtin_module`: the standard library as CPython 3.11
/// on Linux lays it out (minus the frozen modules), sys.builtin_module_names,
/// and everything under `mmengine.config`. Relative modules never are.
bool is_builtin_module(std::string_view module);

/// How a lazy-import config's imports run, set by the loader.
struct LazyImportMode {
  /// Base modules ('.._base_.x' with the dots of a relative import): the
  /// loader bound their names before the run, their imports do nothing.
  std::set<std::string, std::less<>> base_modules;
  /// The `with read_base():` statement (applied before the run); the
  /// evaluator rejects every other with statement.
  const Stmt* base_block = nullptr;
  /// The file name MMEngine records in a LazyObject's location.
  std::string filename;
};

}  // namespace mmengine::config::detail
