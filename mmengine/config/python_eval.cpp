#include "mmengine/config/python_eval.h"

#include <algorithm>

#include <fmt/format.h>

#include "mmengine/config/python_interp_impl.h"
#include "mmengine/config/python_parser_impl.h"
#include "mmengine/config/python_program_impl.h"
#include "mmengine/utils/error.h"

namespace mmengine::config {

namespace detail {

ProgramImpl::ProgramImpl(std::string_view text, std::string_view filename)
    : source(text, filename), module(parse_module(source)) {}

}  // namespace detail

PythonProgram::PythonProgram(std::string_view source, std::string_view filename)
    : impl_(std::make_unique<detail::ProgramImpl>(source, filename)) {}

PythonProgram::~PythonProgram() = default;
PythonProgram::PythonProgram(PythonProgram&&) noexcept = default;
PythonProgram& PythonProgram::operator=(PythonProgram&&) noexcept = default;

PythonEvalResult PythonProgram::evaluate(
    const PythonEvalOptions& options) const {
  MMENGINE_CHECK_TYPE(
      options.predefined.is_dict(),
      "evaluate_python_config: predefined must be a dict, got ",
      options.predefined.type_name());
  const auto& src = impl_->source;
  detail::Interpreter interp(src, options.limits, options.skip_assignments_to);
  for (const auto& [key, value] : options.predefined.items()) {
    MMENGINE_CHECK_TYPE(
        key.is_string(),
        "evaluate_python_config: predefined names must be str, got ",
        key.repr());
    interp.predefine(key.str(), value);
  }
  interp.run(impl_->module);
  PythonEvalResult result;
  result.globals = interp.result_globals();
  result.assigned = interp.assigned();
  return result;
}

std::vector<std::string> PythonProgram::base_files() const {
  const auto& src = impl_->source;
  for (const auto& stmt : impl_->module.body) {
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

PythonEvalResult evaluate_python_config(
    std::string_view source,
    std::string_view filename,
    const PythonEvalOptions& options) {
  return PythonProgram(source, filename).evaluate(options);
}

void check_python_syntax(std::string_view source, std::string_view filename) {
  const detail::SourceFile src(source, filename);
  detail::parse_module(src);
}

std::vector<std::string> python_config_base_files(
    std::string_view source, std::string_view filename) {
  return PythonProgram(source, filename).base_files();
}

}  // namespace mmengine::config
