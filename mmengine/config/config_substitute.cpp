#include "mmengine/config/config_substitute_impl.h"

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "mmengine/utils/error.h"

namespace mmengine::config::detail {

namespace {

bool is_space(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

bool is_word(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

size_t skip_spaces(const std::string& s, size_t i) {
  while (i < s.size() && is_space(s[i])) {
    ++i;
  }
  return i;
}

// Matches `{{\s*<name>\s*}}` at `pos`; returns the end position or npos.
size_t match_template(const std::string& s, size_t pos, std::string_view name) {
  if (s.compare(pos, 2, "{{") != 0) {
    return std::string::npos;
  }
  size_t i = skip_spaces(s, pos + 2);
  if (s.compare(i, name.size(), name) != 0) {
    return std::string::npos;
  }
  i = skip_spaces(s, i + name.size());
  return s.compare(i, 2, "}}") == 0 ? i + 2 : std::string::npos;
}

struct EnvMatch {
  size_t end = std::string::npos;
  std::string name;
  std::string fallback;
};

// Python: \{\{['"]?\s*\$(\w+)\s*\:\s*(\S*?)\s*['"]?\}\}
EnvMatch match_env(const std::string& s, size_t pos) {
  EnvMatch m;
  if (s.compare(pos, 2, "{{") != 0) {
    return m;
  }
  size_t i = pos + 2;
  if (i < s.size() && (s[i] == '\'' || s[i] == '"')) {
    ++i;
  }
  i = skip_spaces(s, i);
  if (i >= s.size() || s[i] != '$') {
    return m;
  }
  const size_t name_begin = ++i;
  while (i < s.size() && is_word(s[i])) {
    ++i;
  }
  if (i == name_begin) {
    return m;
  }
  m.name = s.substr(name_begin, i - name_begin);
  i = skip_spaces(s, i);
  if (i >= s.size() || s[i] != ':') {
    return m;
  }
  i = skip_spaces(s, i + 1);
  // The lazy \S*? takes the shortest run after which the tail matches.
  for (size_t end = i;; ++end) {
    size_t j = skip_spaces(s, end);
    if (j < s.size() && (s[j] == '\'' || s[j] == '"') &&
        s.compare(j + 1, 2, "}}") == 0) {
      m.fallback = s.substr(i, end - i);
      m.end = j + 3;
      return m;
    }
    if (s.compare(j, 2, "}}") == 0) {
      m.fallback = s.substr(i, end - i);
      m.end = j + 2;
      return m;
    }
    if (end >= s.size() || is_space(s[end])) {
      return m;
    }
  }
}

// Copies `text`, letting `replace(text, pos, out)` handle each "{{": it
// appends a replacement and returns the end of the match, or npos when
// there is none (the brace is then copied). Only "{{" can start a match.
template <typename Replace>
std::string replace_templates(const std::string& text, Replace replace) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (true) {
    const size_t open = text.find("{{", i);
    if (open == std::string::npos) {
      out.append(text, i, std::string::npos);
      return out;
    }
    out.append(text, i, open - i);
    const size_t end = replace(text, open, out);
    if (end == std::string::npos) {
      out.push_back('{');
      i = open + 1;
    } else {
      i = end;
    }
  }
}

std::string replace_backslashes(std::string s) {
  for (char& c : s) {
    if (c == '\\') {
      c = '/';
    }
  }
  return s;
}

}  // namespace

std::string substitute_predefined_vars(
    const std::string& text, const std::string& filename) {
  const std::filesystem::path path(filename);
  const std::pair<std::string_view, std::string> templates[] = {
      {"fileDirname", replace_backslashes(path.parent_path().string())},
      {"fileBasename", replace_backslashes(path.filename().string())},
      {"fileBasenameNoExtension", replace_backslashes(path.stem().string())},
      {"fileExtname", replace_backslashes(path.extension().string())},
  };
  std::string out = text;
  // MMEngine substitutes one name at a time over the whole text.
  for (const auto& [name, value] : templates) {
    out = replace_templates(
        out, [&](const std::string& s, size_t pos, std::string& dest) {
          const size_t end = match_template(s, pos, name);
          if (end != std::string::npos) {
            dest += value;
          }
          return end;
        });
  }
  return out;
}

std::optional<std::string> process_env(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) {
    return std::nullopt;
  }
  return std::string(value);
}

std::string substitute_env_vars(
    const std::string& text,
    const EnvLookup& lookup,
    std::vector<std::pair<std::string, std::string>>& used,
    const std::string& where) {
  return replace_templates(
      text, [&](const std::string& s, size_t pos, std::string& out) {
        const EnvMatch m = match_env(s, pos);
        if (m.end == std::string::npos) {
          return m.end;
        }
        std::string value = m.fallback;
        if (auto env = lookup(m.name)) {
          value = *env;
          used.emplace_back(m.name, value);
        }
        MMENGINE_CHECK_KEY(
            !value.empty(),
            where,
            ": `",
            m.name,
            "` cannot be found in `os.environ`. Please set `",
            m.name,
            "` in environment or give a default value.");
        out += value;
        return m.end;
      });
}

std::string pre_substitute_base_vars(
    const std::string& text, std::map<std::string, std::string>& placeholders) {
  constexpr std::string_view kBase = "_base_.";
  return replace_templates(
      text, [&](const std::string& s, size_t pos, std::string& out) {
        const size_t j = skip_spaces(s, pos + 2);
        if (s.compare(j, kBase.size(), kBase) != 0) {
          return std::string::npos;
        }
        size_t k = j + kBase.size();
        const size_t path_begin = k;
        while (k < s.size() && (is_word(s[k]) || s[k] == '.')) {
          ++k;
        }
        const size_t close = skip_spaces(s, k);
        if (k == path_begin || s.compare(close, 2, "}}") != 0) {
          return std::string::npos;
        }
        const std::string path = s.substr(path_begin, k - path_begin);
        const auto hash = std::hash<std::string>{}(path + '\0' + s);
        const std::string key =
            fmt::format("_{}_{:06x}", path, hash & 0xffffff);
        placeholders.emplace(key, path);
        out += '"' + key + '"';
        return close + 2;
      });
}

}  // namespace mmengine::config::detail
