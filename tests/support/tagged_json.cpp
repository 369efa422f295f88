#include "tests/support/tagged_json.h"

#include <cmath>
#include <cstdlib>
#include <limits>

#include "mmengine/utils/error.h"

namespace mmengine::testing {

using config::Key;
using config::Value;

namespace {

double parse_float_repr(const std::string& s) {
  if (s == "inf") {
    return std::numeric_limits<double>::infinity();
  }
  if (s == "-inf") {
    return -std::numeric_limits<double>::infinity();
  }
  if (s == "nan") {
    return std::numeric_limits<double>::quiet_NaN();
  }
  return std::strtod(s.c_str(), nullptr);
}

Key key_from_tagged(const nlohmann::json& j) {
  if (j.is_string()) {
    return Key(j.get<std::string>());
  }
  MMENGINE_CHECK(j.is_number_integer(), "tagged dict key must be str or int");
  return Key(j.get<std::int64_t>());
}

}  // namespace

Value from_tagged(const nlohmann::json& j) {
  if (j.is_null()) {
    return Value();
  }
  if (j.is_boolean()) {
    return Value(j.get<bool>());
  }
  if (j.is_number_integer()) {
    return Value(j.get<std::int64_t>());
  }
  if (j.is_string()) {
    return Value(j.get<std::string>());
  }
  if (j.is_array()) {
    std::vector<Value> items;
    for (const auto& e : j) {
      items.push_back(from_tagged(e));
    }
    return Value::list(std::move(items));
  }
  MMENGINE_CHECK(j.is_object() && j.size() == 1, "bad tagged JSON: ", j.dump());
  if (j.contains("float")) {
    return Value(parse_float_repr(j["float"].get<std::string>()));
  }
  if (j.contains("tuple")) {
    std::vector<Value> items;
    for (const auto& e : j["tuple"]) {
      items.push_back(from_tagged(e));
    }
    return Value::tuple(std::move(items));
  }
  MMENGINE_CHECK(j.contains("dict"), "bad tagged JSON: ", j.dump());
  Value d = Value::dict();
  for (const auto& pair : j["dict"]) {
    d.set(key_from_tagged(pair[0]), from_tagged(pair[1]));
  }
  return d;
}

nlohmann::json to_tagged(const Value& v) {
  switch (v.type()) {
    case Value::Type::kNone:
      return nullptr;
    case Value::Type::kBool:
      return v.as<bool>();
    case Value::Type::kInt:
      return v.as<std::int64_t>();
    case Value::Type::kFloat:
      return {{"float", v.repr()}};
    case Value::Type::kString:
      return v.as<std::string>();
    case Value::Type::kList:
    case Value::Type::kTuple: {
      auto items = nlohmann::json::array();
      for (const auto& e : v.elements()) {
        items.push_back(to_tagged(e));
      }
      if (v.is_list()) {
        return items;
      }
      return {{"tuple", items}};
    }
    case Value::Type::kDict: {
      auto items = nlohmann::json::array();
      for (const auto& [k, e] : v.items()) {
        nlohmann::json key =
            k.is_int() ? nlohmann::json(k.to_int()) : nlohmann::json(k.str());
        items.push_back({key, to_tagged(e)});
      }
      return {{"dict", items}};
    }
  }
  return nullptr;
}

}  // namespace mmengine::testing
