#pragma once

/// Evaluation of `.py` config files without Python: a safe interpreter for
/// the subset of Python that OpenMMLab configs use (literals, names,
/// operators, comprehensions, f-strings, `if`/`for`/`def`/`lambda`,
/// `import copy`, the common builtins and str/list/dict methods). It never
/// imports modules, touches files or the network; anything outside the
/// subset is a ConfigError naming the construct.
///
///   PythonEvalOptions opts;
///   opts.predefined = Value::dict({{"_base_", base_cfg}});
///   auto res = evaluate_python_config(text, "configs/model.py", opts);
///   res.globals["model"]["backbone"]["depth"].as<int>();
///
/// Errors read like Python's: "model.py:3:9: NameError: name 'x' is not
/// defined", then the source line and a caret under the column.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/value.h"

namespace mmengine::config {

/// Guards against runaway configs; the defaults leave real configs a wide
/// margin. Exceeding one is a ConfigError.
struct PythonEvalLimits {
  /// Evaluation steps: expressions, statements, loop iterations and items
  /// copied by container operations (about a second of work).
  std::int64_t max_steps = 10'000'000;
  /// Items of one str, list, tuple or dict (`'a' * n`, `[0] * n`).
  std::size_t max_size = 1'000'000;
  /// Containers and functions created; they are freed only when the
  /// evaluation ends, so this bounds its memory.
  std::size_t max_objects = 2'000'000;
  /// Nesting of evaluation: expressions, calls (RecursionError) and values.
  int max_depth = 600;
};

/// Options of evaluate_python_config.
struct PythonEvalOptions {
  /// A dict of names bound before the file runs, e.g. `_base_` (the merged
  /// base configs). Their dicts behave as MMEngine's ConfigDict: attribute
  /// access, recursive update(), pop() defaulting to None.
  Value predefined = Value::dict();
  /// Top-level and nested assignments whose first target is this plain name
  /// are skipped, as MMEngine's `RemoveAssignFromAST(BASE_KEY)` does; empty
  /// skips nothing.
  std::string skip_assignments_to = "_base_";
  PythonEvalLimits limits;
};

/// What a config file leaves behind.
struct PythonEvalResult {
  /// Globals in first-binding order (pre-defined names first, with their
  /// final values), minus what MMEngine drops: names starting with `__`,
  /// functions, lambdas and modules. MMEngine's `cfg_dict` is this without
  /// the pre-defined names.
  Value globals = Value::dict();
  /// Names bound by the file's own statements (assignment, augmented
  /// assignment, `for` target, `def`, `import`), in first-binding order;
  /// mutations through `x.a = v` or `x[k] = v` do not count.
  std::vector<std::string> assigned;
};

namespace detail {
struct ProgramImpl;
}  // namespace detail

/// A parsed `.py` config: parsed once, then asked for its `_base_` files and
/// evaluated (MMEngine's `_file2dict` parses a file once as well).
///
///   PythonProgram program(text, "configs/model.py");
///   for (const auto& base : program.base_files()) { ... }
///   auto res = program.evaluate(opts);
class MMENGINE_API PythonProgram {
 public:
  /// Parses `source`. Throws ConfigError (file:line:col) on syntax errors
  /// and on constructs outside the subset.
  PythonProgram(std::string_view source, std::string_view filename);
  ~PythonProgram();
  PythonProgram(PythonProgram&&) noexcept;
  PythonProgram& operator=(PythonProgram&&) noexcept;

  /// See python_config_base_files.
  std::vector<std::string> base_files() const;
  /// See evaluate_python_config; a program can be evaluated many times.
  PythonEvalResult evaluate(const PythonEvalOptions& options = {}) const;

  /// The source and syntax tree, for the config loader's internals.
  const detail::ProgramImpl& impl() const {
    return *impl_;
  }

 private:
  std::unique_ptr<detail::ProgramImpl> impl_;
};

/// Evaluates a Python config. Mirrors the execution step of MMEngine's
/// `Config._file2dict`; differs in supporting only the config subset and
/// 64-bit ints. Throws ConfigError ("file:line:col: Kind: message", the
/// source line and a caret) for syntax errors, unsupported constructs,
/// Python runtime errors (NameError, TypeError, ...) and exceeded limits.
MMENGINE_API PythonEvalResult evaluate_python_config(
    std::string_view source,
    std::string_view filename,
    const PythonEvalOptions& options = {});

/// Checks syntax only (MMEngine's `_validate_py_syntax`); throws ConfigError.
MMENGINE_API void check_python_syntax(
    std::string_view source, std::string_view filename);

/// Base files as MMEngine's `Config._get_base_files` reads them: the value of
/// the first top-level `_base_ = <expr>`, evaluated with no names bound; a
/// str becomes a one-element list; no `_base_` gives an empty list. Throws
/// ConfigError when the value is not a str or a list/tuple of str.
MMENGINE_API std::vector<std::string> python_config_base_files(
    std::string_view source, std::string_view filename);

}  // namespace mmengine::config
