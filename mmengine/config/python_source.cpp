#include "mmengine/config/python_source_impl.h"

#include <algorithm>

#include <fmt/format.h>

#include "mmengine/utils/error.h"

namespace mmengine::config::detail {

namespace {

bool is_continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

int count_code_points(std::string_view s) {
  return static_cast<int>(std::count_if(
      s.begin(), s.end(), [](char c) { return !is_continuation_byte(c); }));
}

}  // namespace

SourceFile::SourceFile(std::string_view text, std::string_view filename)
    : filename_(filename) {
  if (text.find('\r') == std::string_view::npos) {
    text_.assign(text);
  } else {
    text_.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] != '\r') {
        text_.push_back(text[i]);
      } else if (i + 1 >= text.size() || text[i + 1] != '\n') {
        text_.push_back('\n');
      }
    }
  }
  line_starts_.push_back(0);
  for (auto i = text_.find('\n'); i != std::string::npos;
       i = text_.find('\n', i + 1)) {
    line_starts_.push_back(static_cast<std::uint32_t>(i + 1));
  }
}

SourceLoc SourceFile::loc(std::uint32_t pos) const {
  pos = std::min<std::uint32_t>(pos, static_cast<std::uint32_t>(text_.size()));
  const auto it =
      std::upper_bound(line_starts_.begin(), line_starts_.end(), pos);
  const auto line = static_cast<int>(it - line_starts_.begin());
  const auto start = line_starts_[line - 1];
  const std::string_view before(text_.data() + start, pos - start);
  return {line, count_code_points(before) + 1};
}

std::string_view SourceFile::line_text(int line) const {
  if (line < 1 || line > static_cast<int>(line_starts_.size())) {
    return {};
  }
  const auto start = line_starts_[line - 1];
  auto end = static_cast<std::uint32_t>(text_.size());
  if (line < static_cast<int>(line_starts_.size())) {
    end = line_starts_[line] - 1;
  }
  return std::string_view(text_).substr(start, end - start);
}

std::string SourceFile::format_error(
    std::uint32_t pos, std::string_view kind, std::string_view message) const {
  const auto where = loc(pos);
  std::string out = fmt::format(
      "{}:{}:{}: {}: {}", filename_, where.line, where.col, kind, message);
  std::string line(line_text(where.line));
  std::replace(line.begin(), line.end(), '\t', ' ');
  const auto indent = std::min(line.find_first_not_of(' '), line.size());
  const auto shown = std::string_view(line).substr(indent);
  if (shown.empty()) {
    return out;
  }
  const int caret = std::clamp(
      where.col - 1 - static_cast<int>(indent), 0, count_code_points(shown));
  fmt::format_to(
      std::back_inserter(out),
      "\n    {}\n    {}^",
      shown,
      std::string(static_cast<std::size_t>(caret), ' '));
  return out;
}

void SourceFile::raise(
    std::uint32_t pos, std::string_view kind, std::string_view message) const {
  throw ConfigError(format_error(pos, kind, message));
}

}  // namespace mmengine::config::detail
