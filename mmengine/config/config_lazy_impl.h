#pragma once

// Lazy-import ("pure Python style") configs, the loader's side: MMEngine's
// `Config._is_lazy_import` and `Config._parse_lazy_import` followed by
// `Config.to_dict()`. See python_lazy_impl.h for the evaluator's side.

#include <string>

#include "mmengine/config/python_eval.h"
#include "mmengine/config/value.h"

namespace mmengine::config::detail {

/// MMEngine's `Config._is_lazy_import` on a parsed `.py` file: the first
/// decisive statement of a breadth-first walk decides (`_base_ = ...`: no;
/// `with read_base():`, a relative import or an import of a module outside
/// the standard library: yes). Throws ConfigError for another `with`.
bool is_lazy_import(const PythonProgram& program);

/// Loads a lazy-import config and, recursively, the bases its
/// `with read_base():` block imports. Returns MMEngine's `to_dict()`:
/// lazily imported objects as 'module.name' strings, names bound by imports
/// left out. `filename` is the path as given (bases resolve against it).
/// Throws ConfigError (file:line:col) for constructs beyond the supported
/// forms.
Value load_lazy_config(
    const std::string& filename, const PythonProgram& program);

/// MMEngine's RuntimeError for a lazy-import file in a classic chain.
[[noreturn]] void raise_lazy_in_classic_chain(const std::string& filename);

}  // namespace mmengine::config::detail
