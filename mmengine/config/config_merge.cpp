#include <algorithm>
#include <cctype>

#include "mmengine/config/config.h"
#include "mmengine/utils/error.h"

namespace mmengine::config {

namespace {

constexpr std::string_view kDeleteKey = "_delete_";

bool is_digits(const Key& key) {
  if (!key.is_string() || key.str().empty()) {
    return false;
  }
  return std::all_of(key.str().begin(), key.str().end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
}

std::string python_type(const Value& v) {
  return fmt::format("<class '{}'>", v.type_name());
}

Value merge_into_list(
    const Key& key,
    const Value& v,
    Value b,
    bool allow_list_keys,
    const std::string& path) {
  const std::string where = child_path(path, key);
  MMENGINE_CHECK_T(
      TypeError,
      is_digits(key),
      where,
      ": list indices must be integers or slices, not str");
  const auto index = std::stoull(key.str());
  MMENGINE_CHECK_KEY(
      index < b.elements().size(),
      where,
      ": Index ",
      key.str(),
      " exceeds the length of list ",
      b.repr());
  Value& slot = b.elements()[index];
  MMENGINE_CHECK_T(
      TypeError,
      v.is_dict(),
      where,
      ": cannot merge ",
      v.repr(),
      " into the list element ",
      slot.repr(),
      " (only a dict of options can update a list element)");
  slot = merge_a_into_b(v, slot, allow_list_keys, where);
  return b;
}

}  // namespace

Value merge_a_into_b(
    const Value& a, Value b, bool allow_list_keys, const std::string& path) {
  for (const auto& [k, v_in] : a.items()) {
    if (allow_list_keys && b.is_list()) {
      b = merge_into_list(k, v_in, std::move(b), allow_list_keys, path);
      continue;
    }
    if (!v_in.is_dict()) {
      b.set(k, v_in);
      continue;
    }
    const Value* base = b.find(k);
    Value v = v_in;
    // Only when k exists in b is `_delete_` consumed (MMEngine's quirk:
    // under a new key it stays in the result).
    if (base != nullptr) {
      const bool drop =
          v.contains(Key(kDeleteKey)) && v.pop(Key(kDeleteKey)).truthy();
      if (!drop) {
        const std::string where = child_path(path, k);
        const bool allowed =
            base->is_dict() || (allow_list_keys && base->is_list());
        MMENGINE_CHECK_T(
            TypeError,
            allowed,
            where,
            ": ",
            k.to_string(),
            "=",
            v.repr(),
            " in child config cannot inherit from base because ",
            k.to_string(),
            " is a dict in the child config but is of type ",
            python_type(*base),
            " in base config. You may set `_delete_=True` to ignore the "
            "base config.");
        Value merged = merge_a_into_b(v, *base, allow_list_keys, where);
        b.set(k, std::move(merged));
        continue;
      }
    }
    b.set(k, std::move(v));
  }
  return b;
}

}  // namespace mmengine::config
