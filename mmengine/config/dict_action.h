#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/value.h"

namespace mmengine::config {

/// Parses a `--cfg-options` value with MMEngine's grammar: quotes stripped
/// at both ends and every space removed, then `(a,b)` is a tuple, `[a,b]`
/// or `a,b` a list (nesting allowed), and scalars try int, float,
/// true/false (any case), `None`, else stay strings.
/// Mirrors `mmengine.config.DictAction._parse_iterable`. Throws ValueError
/// "Imbalanced brackets exist in <s>" for unbalanced brackets.
MMENGINE_API Value parse_option_value(std::string_view text);

/// Splits `key=value` at the first '=' and parses the value. Throws
/// ValueError naming the token when there is no '='.
MMENGINE_API std::pair<std::string, Value> parse_option(std::string_view token);

/// Parses several `key=value` tokens into an ordered dict of dotted keys
/// (a repeated key keeps its first position and the last value, as
/// `DictAction` does). Apply it with `Config::merge_from_dict`.
MMENGINE_API Value parse_options(const std::vector<std::string>& tokens);

}  // namespace mmengine::config
