#pragma once

// Textual substitutions applied to a config file before it is parsed, in
// MMEngine's order: predefined variables, environment variables, then
// base-variable placeholders. Mirrors the static helpers of
// `mmengine.config.Config` (_substitute_predefined_vars, ...).

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "mmengine/api.h"

// Exported (MMENGINE_API) for the unit tests only; not installed.
namespace mmengine::config::detail {

/// Replaces `{{ fileDirname }}`, `{{ fileBasename }}`,
/// `{{ fileBasenameNoExtension }}` and `{{ fileExtname }}` (spaces allowed
/// inside the braces) with the values for `filename` (an absolute path).
/// Backslashes in the values become '/'.
MMENGINE_API std::string substitute_predefined_vars(
    const std::string& text, const std::string& filename);

/// Looks up an environment variable; nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

/// The process environment.
MMENGINE_API std::optional<std::string> process_env(const std::string& name);

/// Replaces `{{$NAME:default}}` (optionally quoted inside the braces:
/// `{{'$NAME:default'}}`) with the variable's value, or the default when
/// unset. Appends (name, value) of every variable that was set to `used`, in
/// order. Throws KeyError with MMEngine's message when the chosen value is
/// empty; `where` (the file name) prefixes the message.
MMENGINE_API std::string substitute_env_vars(
    const std::string& text,
    const EnvLookup& lookup,
    std::vector<std::pair<std::string, std::string>>& used,
    const std::string& where);

/// Replaces each `{{ _base_.a.b }}` with a quoted placeholder string
/// `"_a.b_<6 hex>"` and records placeholder -> "a.b" in `placeholders`.
/// The placeholder is derived from the path and the file's text, so a run
/// is reproducible (MMEngine draws it from uuid4).
MMENGINE_API std::string pre_substitute_base_vars(
    const std::string& text, std::map<std::string, std::string>& placeholders);

}  // namespace mmengine::config::detail
