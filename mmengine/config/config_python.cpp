// The loader's use of the Python-subset interpreter (python_eval.h).
#include "mmengine/config/config_python_impl.h"
#include "mmengine/config/python_eval.h"

namespace mmengine::config::detail {

namespace {
constexpr const char* kBaseKey = "_base_";
}  // namespace

Value python_base_files(const std::string& text, const std::string& filename) {
  std::vector<Value> files;
  for (auto& f : python_config_base_files(text, filename)) {
    files.emplace_back(std::move(f));
  }
  return Value::list(std::move(files));
}

PythonConfigResult run_python_config(
    const std::string& text, const std::string& filename, const Value& base) {
  PythonEvalOptions options;
  options.predefined = Value::dict({{kBaseKey, base}});
  options.skip_assignments_to = kBaseKey;
  PythonEvalResult evaluated = evaluate_python_config(text, filename, options);
  PythonConfigResult result;
  result.base = evaluated.globals.pop(Key(kBaseKey));
  result.globals = std::move(evaluated.globals);
  return result;
}

}  // namespace mmengine::config::detail
