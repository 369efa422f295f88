#pragma once

// UTF-8 helpers: Python strings count code points, ours store UTF-8 bytes.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mmengine/api.h"

namespace mmengine::config::detail {

/// A decoded code point and the number of bytes it took (1 on bad input).
struct DecodedChar {
  char32_t code_point = 0;
  std::uint32_t length = 1;
};

/// Decodes the code point starting at byte `pos` of `text` (assumed valid).
MMENGINE_API DecodedChar decode_utf8_at(std::string_view text, std::size_t pos);

/// Offset of the first byte that is not valid UTF-8, or npos.
MMENGINE_API std::size_t find_invalid_utf8(std::string_view text);

/// Appends the UTF-8 encoding of `cp`; false for surrogates and values past
/// U+10FFFF (nothing appended).
MMENGINE_API bool append_code_point(std::string& out, char32_t cp);

/// True when every byte is ASCII (then bytes and code points coincide).
MMENGINE_API bool is_ascii(std::string_view text);

/// Number of code points of valid UTF-8 `text`.
MMENGINE_API std::size_t utf8_length(std::string_view text);

/// Byte offset of every code point of `text`, plus text.size() at the end.
MMENGINE_API std::vector<std::size_t> utf8_offsets(std::string_view text);

/// Appends Python's `str.upper()` / `str.lower()` of one code point. Covers
/// ASCII, Latin-1, Latin Extended-A, basic Greek and Cyrillic (`ß` upper is
/// "SS"); other code points are appended unchanged.
MMENGINE_API void append_upper(std::string& out, char32_t cp);
MMENGINE_API void append_lower(std::string& out, char32_t cp);

/// Python `str.isalpha()` / `str.isspace()` of one code point for the
/// scripts above plus CJK, kana, Hangul, Hebrew and Arabic letters.
MMENGINE_API bool is_alpha_code_point(char32_t cp);
/// True for code points with a lower-case (upper-case) partner.
MMENGINE_API bool is_upper_code_point(char32_t cp);
MMENGINE_API bool is_lower_code_point(char32_t cp);
MMENGINE_API bool is_space_code_point(char32_t cp);

}  // namespace mmengine::config::detail
