#pragma once

// The seam between the config loader and the Python-subset interpreter:
// what `Config._file2dict` needs from executing a `.py` config.

#include <string>

#include "mmengine/config/python_eval.h"
#include "mmengine/config/value.h"

namespace mmengine::config::detail {

/// The value of the first top-level `_base_ = ...` assignment, or None when
/// there is none. Throws ConfigError (file:line:col) when it is not a str or
/// a list of str.
Value python_base_files(const PythonProgram& program);

/// What executing a config module gives.
struct PythonConfigResult {
  /// Global names in binding order, without `_base_`, names starting with
  /// `__`, functions, lambdas and modules.
  Value globals;
  /// The `_base_` dict after execution: statements such as
  /// `x = _base_.model; x.depth = 1` change it, as they do in MMEngine.
  Value base;
};

/// Executes the module with every `_base_ = ...` assignment removed and
/// `_base_` bound to `base` (a dict).
PythonConfigResult run_python_config(
    const PythonProgram& program, const Value& base);

}  // namespace mmengine::config::detail
