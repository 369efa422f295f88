#include "mmengine/config/python_eval.h"

#include <fmt/format.h>

#include "mmengine/config/python_interp_impl.h"
#include "mmengine/config/python_parser_impl.h"
#include "mmengine/utils/error.h"

namespace mmengine::config {

PythonEvalResult evaluate_python_config(
    std::string_view source,
    std::string_view filename,
    const PythonEvalOptions& options) {
  MMENGINE_CHECK_TYPE(
      options.predefined.is_dict(),
      "evaluate_python_config: predefined must be a dict, got ",
      options.predefined.type_name());
  const detail::SourceFile src(source, filename);
  const auto module = detail::parse_module(src);
  detail::Interpreter interp(src, options.limits, options.skip_assignments_to);
  for (const auto& [key, value] : options.predefined.items()) {
    MMENGINE_CHECK_TYPE(
        key.is_string(),
        "evaluate_python_config: predefined names must be str, got ",
        key.repr());
    interp.predefine(key.str(), value);
  }
  interp.run(module);
  PythonEvalResult result;
  result.globals = interp.result_globals();
  result.assigned = interp.assigned();
  return result;
}

void check_python_syntax(std::string_view source, std::string_view filename) {
  const detail::SourceFile src(source, filename);
  detail::parse_module(src);
}

std::vector<std::string> python_config_base_files(
    std::string_view source, std::string_view filename) {
  const detail::SourceFile src(source, filename);
  const auto module = detail::parse_module(src);
  for (const auto& stmt : module.body) {
    if (stmt->kind != detail::StmtKind::kAssign) {
      continue;
    }
    const auto& assign = static_cast<const detail::AssignStmt&>(*stmt);
    const auto& target = *assign.targets.front();
    if (assign.annotation || target.kind != detail::ExprKind::kName ||
        static_cast<const detail::NameExpr&>(target).id != "_base_") {
      continue;
    }
    detail::Interpreter interp(src, PythonEvalLimits{}, "");
    const Value value = interp.eval_to_value(*assign.value);
    if (value.is_string()) {
      return {value.as<std::string>()};
    }
    if (!value.is_list() || !std::all_of(
                                value.elements().begin(),
                                value.elements().end(),
                                [](const Value& v) { return v.is_string(); })) {
      src.raise(
          assign.value->pos,
          "ConfigError",
          fmt::format(
              "_base_ must be a str or a list of str, got {}", value.repr()));
    }
    return value.as<std::vector<std::string>>();
  }
  return {};
}

}  // namespace mmengine::config
