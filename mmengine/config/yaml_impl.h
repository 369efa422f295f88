#pragma once

// Private: PyYAML's YAML 1.1 implicit resolver and scalar constructors,
// shared by the YAML reader and writer.

#include <string_view>

#include "mmengine/config/value.h"

namespace mmengine::config::detail {

/// The tag PyYAML's Resolver gives a plain scalar.
enum class YamlImplicit {
  kStr,
  kNull,
  kBool,
  kInt,
  kFloat,
  kTimestamp,
  kMerge,  // "<<"
  kValue,  // "="
};

/// Applies PyYAML's implicit resolver regexes to a plain scalar.
YamlImplicit resolve_implicit(std::string_view plain);

/// SafeConstructor.construct_yaml_{int,float,bool}; `where` prefixes the
/// ConfigError thrown for text the constructor rejects.
Value construct_yaml_int(std::string_view text, std::string_view where);
Value construct_yaml_float(std::string_view text, std::string_view where);
Value construct_yaml_bool(std::string_view text, std::string_view where);

/// resolve_implicit + the matching constructor (timestamps stay str);
/// ConfigError prefixed by `where` for `<<`, `=` and out-of-range ints.
Value resolve_plain(std::string_view plain, std::string_view where);

}  // namespace mmengine::config::detail
