#pragma once

// Private: UTF-8 decoding/encoding shared by repr and the JSON/YAML writers.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mmengine::config::detail {

/// Walks UTF-8 text code point by code point; malformed bytes decode as
/// nullopt and are skipped one byte at a time.
class Utf8Decoder {
 public:
  explicit Utf8Decoder(std::string_view text) : text_(text) {}
  bool done() const {
    return pos_ >= text_.size();
  }
  std::size_t offset() const {
    return pos_;
  }
  /// The next code point, or nullopt for a malformed byte.
  std::optional<char32_t> next() {
    const auto lead = static_cast<unsigned char>(text_[pos_]);
    const int len = lead < 0x80           ? 1
                    : (lead >> 5) == 0x6  ? 2
                    : (lead >> 4) == 0xE  ? 3
                    : (lead >> 3) == 0x1E ? 4
                                          : 0;
    if (len == 0 || pos_ + static_cast<std::size_t>(len) > text_.size()) {
      ++pos_;
      return std::nullopt;
    }
    char32_t cp = len == 1 ? lead : lead & (0x7F >> len);
    for (int i = 1; i < len; ++i) {
      const auto c = static_cast<unsigned char>(text_[pos_ + i]);
      if ((c & 0xC0) != 0x80) {
        ++pos_;
        return std::nullopt;
      }
      cp = (cp << 6) | (c & 0x3F);
    }
    pos_ += static_cast<std::size_t>(len);
    return cp;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

/// Appends cp as UTF-8 (surrogates are encoded as-is, like Python's
/// 'surrogatepass').
inline void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace mmengine::config::detail
