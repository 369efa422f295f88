#pragma once

// Exchange format between fidelity scripts and tests for config values,
// keeping what plain JSON loses: None -> null, bool -> true/false,
// int -> integer, float -> {"float": "<Python repr>"}, str -> string,
// list -> array, tuple -> {"tuple": [...]},
// dict -> {"dict": [[key, value], ...]} (ordered; keys tagged the same way).
// tests/fidelity/scripts/tagged.py writes it from Python.

#include <nlohmann/json.hpp>

#include "mmengine/config/value.h"

namespace mmengine::testing {

/// Decodes a tagged JSON document into a Value.
config::Value from_tagged(const nlohmann::json& j);

/// Encodes a Value as tagged JSON (floats by Python repr).
nlohmann::json to_tagged(const config::Value& v);

}  // namespace mmengine::testing
