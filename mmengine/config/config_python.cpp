// The loader's use of the Python-subset interpreter (python_eval.h).
#include "mmengine/config/config_python_impl.h"

namespace mmengine::config::detail {

namespace {
constexpr const char* kBaseKey = "_base_";
}  // namespace

Value python_base_files(const PythonProgram& program) {
  std::vector<Value> files;
  for (auto& f : program.base_files()) {
    files.emplace_back(std::move(f));
  }
  return Value::list(std::move(files));
}

PythonConfigResult run_python_config(
    const PythonProgram& program, const Value& base) {
  PythonEvalOptions options;
  options.predefined = Value::dict({{kBaseKey, base}});
  options.skip_assignments_to = kBaseKey;
  PythonEvalResult evaluated = program.evaluate(options);
  PythonConfigResult result;
  result.base = evaluated.globals.pop(Key(kBaseKey));
  result.globals = std::move(evaluated.globals);
  return result;
}

}  // namespace mmengine::config::detail
