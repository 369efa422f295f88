// Stage 1 of MMEngine's `Config.pretty_text` (its deterministic formatter,
// before yapf), ported line by line so the text is identical.
#include <algorithm>
#include <cctype>

#include "mmengine/config/config.h"

namespace mmengine::config {

namespace {

constexpr int kIndent = 4;

// Indents every line but the first by n spaces (MMEngine's `_indent`).
std::string indent(const std::string& s, int n) {
  if (s.find('\n') == std::string::npos) {
    return s;
  }
  std::string out;
  out.reserve(s.size() + 16);
  const std::string pad(n, ' ');
  for (char c : s) {
    out.push_back(c);
    if (c == '\n') {
      out += pad;
    }
  }
  return out;
}

// Python `str.isidentifier()`; non-ASCII bytes count as letters.
bool is_identifier(const std::string& s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) {
    return false;
  }
  return std::all_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || c == '_' || u >= 0x80;
  });
}

bool contains_invalid_identifier(const Value& dict) {
  return std::any_of(
      dict.items().begin(), dict.items().end(), [](const Value::Item& item) {
        return !is_identifier(item.first.to_string());
      });
}

std::string key_text(const Key& k, bool use_mapping) {
  if (!use_mapping) {
    return k.to_string();
  }
  return k.is_string() ? "'" + k.str() + "'" : k.to_string();
}

std::string attr_prefix(const Key& k, bool use_mapping) {
  return use_mapping ? key_text(k, true) + ": " : key_text(k, false) + "=";
}

std::string format_dict(const Value& dict, bool outest_level);

std::string format_basic(const Key& k, const Value& v, bool use_mapping) {
  const std::string text = v.is_string() ? v.repr() : v.str();
  return indent(attr_prefix(k, use_mapping) + text, kIndent);
}

std::string format_sequence(
    const std::optional<Key>& k, const Value& v, bool use_mapping) {
  const bool is_list = v.is_list();
  std::string body = is_list ? "[\n" : "(\n";
  for (const Value& item : v.elements()) {
    if (item.is_dict()) {
      body += "dict(" + indent(format_dict(item, false), kIndent) + "),\n";
    } else if (item.is_sequence()) {
      body +=
          indent(format_sequence(std::nullopt, item, false), kIndent) + ",\n";
    } else if (item.is_string()) {
      body += indent(item.repr(), kIndent) + ",\n";
    } else {
      body += item.str() + ",\n";
    }
  }
  const char* right = is_list ? "]" : ")";
  if (!k) {
    return indent(body, kIndent) + right;
  }
  return indent(attr_prefix(*k, use_mapping) + body, kIndent) + right;
}

std::string format_dict(const Value& dict, bool outest_level) {
  const bool use_mapping = contains_invalid_identifier(dict);
  std::vector<const Value::Item*> items;
  for (const auto& item : dict.items()) {
    items.push_back(&item);
  }
  std::stable_sort(items.begin(), items.end(), [](auto* a, auto* b) {
    return a->first.to_string() < b->first.to_string();
  });
  std::string r = use_mapping ? "{" : "";
  for (size_t idx = 0; idx < items.size(); ++idx) {
    const auto& [k, v] = *items[idx];
    const bool is_last = idx + 1 >= items.size();
    const char* end = outest_level || is_last ? "" : ",";
    std::string attr;
    if (v.is_dict()) {
      attr =
          indent(
              attr_prefix(k, use_mapping) + "dict(\n" + format_dict(v, false),
              kIndent) +
          ")" + end;
    } else if (v.is_sequence()) {
      attr = format_sequence(k, v, use_mapping) + end;
    } else {
      attr = format_basic(k, v, use_mapping) + end;
    }
    if (idx > 0) {
      r += '\n';
    }
    r += attr;
  }
  if (use_mapping) {
    r += '}';
  }
  return r;
}

}  // namespace

std::string format_config_dict(const Value& dict) {
  return format_dict(dict, true);
}

}  // namespace mmengine::config
