#pragma once

// Private: what a PythonProgram holds, for the config loader's internals.

#include <string_view>

#include "mmengine/config/python_ast_impl.h"
#include "mmengine/config/python_source_impl.h"

namespace mmengine::config::detail {

/// A parsed file: its source (for error locations) and syntax tree.
struct ProgramImpl {
  /// Parses `text`; throws ConfigError on syntax errors.
  ProgramImpl(std::string_view text, std::string_view filename);

  SourceFile source;
  Module module;
};

}  // namespace mmengine::config::detail
