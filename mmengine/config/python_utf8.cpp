#include "mmengine/config/python_utf8_impl.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace mmengine::config::detail {

namespace {

bool is_continuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

// Length of the sequence starting with `lead`, 0 when `lead` cannot start one.
std::size_t sequence_length(unsigned char lead) {
  if (lead < 0x80) {
    return 1;
  }
  if (lead >= 0xC2 && lead <= 0xDF) {
    return 2;
  }
  if (lead >= 0xE0 && lead <= 0xEF) {
    return 3;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    return 4;
  }
  return 0;
}

// Checks the second byte's range restrictions (overlongs, surrogates, max).
bool valid_second(unsigned char lead, unsigned char second) {
  if (lead == 0xE0) {
    return second >= 0xA0 && second <= 0xBF;
  }
  if (lead == 0xED) {
    return second >= 0x80 && second <= 0x9F;
  }
  if (lead == 0xF0) {
    return second >= 0x90 && second <= 0xBF;
  }
  if (lead == 0xF4) {
    return second >= 0x80 && second <= 0x8F;
  }
  return is_continuation(second);
}

}  // namespace

DecodedChar decode_utf8_at(std::string_view text, std::size_t pos) {
  const auto lead = static_cast<unsigned char>(text[pos]);
  const auto len = sequence_length(lead);
  if (len <= 1 || pos + len > text.size()) {
    return {lead, 1};
  }
  char32_t cp = lead & (0x7F >> len);
  for (std::size_t i = 1; i < len; ++i) {
    cp = (cp << 6) | (static_cast<unsigned char>(text[pos + i]) & 0x3F);
  }
  return {cp, static_cast<std::uint32_t>(len)};
}

std::size_t find_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    // Skip ASCII eight bytes at a time (config files are mostly ASCII).
    std::uint64_t word = 0;
    while (i + sizeof word <= text.size() &&
           (std::memcpy(&word, text.data() + i, sizeof word),
            (word & 0x8080808080808080ULL) == 0)) {
      i += sizeof word;
    }
    if (i >= text.size()) {
      break;
    }
    const auto lead = static_cast<unsigned char>(text[i]);
    const auto len = sequence_length(lead);
    if (len == 0 || i + len > text.size()) {
      return i;
    }
    if (len > 1 &&
        !valid_second(lead, static_cast<unsigned char>(text[i + 1]))) {
      return i;
    }
    for (std::size_t k = 2; k < len; ++k) {
      if (!is_continuation(static_cast<unsigned char>(text[i + k]))) {
        return i;
      }
    }
    i += len;
  }
  return std::string_view::npos;
}

bool append_code_point(std::string& out, char32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return false;
  }
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
  return true;
}

bool is_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x80;
  });
}

std::size_t utf8_length(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) {
        return !is_continuation(static_cast<unsigned char>(c));
      }));
}

std::vector<std::size_t> utf8_offsets(std::string_view text) {
  std::vector<std::size_t> offsets;
  offsets.reserve(text.size() + 1);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!is_continuation(static_cast<unsigned char>(text[i]))) {
      offsets.push_back(i);
    }
  }
  offsets.push_back(text.size());
  return offsets;
}

namespace {

// Upper-case partner of a lower-case code point, or 0.
char32_t upper_of(char32_t cp) {
  if (cp >= 'a' && cp <= 'z') {
    return cp - 32;
  }
  if ((cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) ||
      (cp >= 0x3B1 && cp <= 0x3C9 && cp != 0x3C2) ||
      (cp >= 0x430 && cp <= 0x44F)) {
    return cp - 32;
  }
  if (cp >= 0x450 && cp <= 0x45F) {
    return cp - 80;
  }
  switch (cp) {
    case 0xB5:
      return 0x39C;
    case 0xFF:
      return 0x178;
    case 0x131:
      return 'I';
    case 0x17F:
      return 'S';
    case 0x3C2:
      return 0x3A3;
    default:
      break;
  }
  const bool even_upper = (cp >= 0x100 && cp <= 0x12F) ||
                          (cp >= 0x132 && cp <= 0x137) ||
                          (cp >= 0x14A && cp <= 0x177);
  const bool odd_upper =
      (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
  if ((even_upper && cp % 2 == 1) || (odd_upper && cp % 2 == 0)) {
    return cp - 1;
  }
  return 0;
}

// Lower-case partner of an upper-case code point, or 0.
char32_t lower_of(char32_t cp) {
  if (cp >= 'A' && cp <= 'Z') {
    return cp + 32;
  }
  if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ||
      (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) ||
      (cp >= 0x410 && cp <= 0x42F)) {
    return cp + 32;
  }
  if (cp >= 0x400 && cp <= 0x40F) {
    return cp + 80;
  }
  if (cp == 0x178) {
    return 0xFF;
  }
  const bool even_upper = (cp >= 0x100 && cp <= 0x12F) ||
                          (cp >= 0x132 && cp <= 0x137) ||
                          (cp >= 0x14A && cp <= 0x177);
  const bool odd_upper =
      (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
  if ((even_upper && cp % 2 == 0) || (odd_upper && cp % 2 == 1)) {
    return cp + 1;
  }
  return 0;
}

}  // namespace

void append_upper(std::string& out, char32_t cp) {
  if (cp == 0xDF) {
    out += "SS";
    return;
  }
  const char32_t u = upper_of(cp);
  append_code_point(out, u != 0 ? u : cp);
}

void append_lower(std::string& out, char32_t cp) {
  const char32_t l = lower_of(cp);
  append_code_point(out, l != 0 ? l : cp);
}

bool is_upper_code_point(char32_t cp) {
  return lower_of(cp) != 0;
}

bool is_lower_code_point(char32_t cp) {
  return upper_of(cp) != 0 || cp == 0xDF;
}

bool is_alpha_code_point(char32_t cp) {
  if (cp < 0x80) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  }
  struct Range {
    char32_t lo;
    char32_t hi;
  };
  static constexpr Range kLetters[] = {
      {0xAA, 0xAA},     {0xB5, 0xB5},     {0xBA, 0xBA},     {0xC0, 0xD6},
      {0xD8, 0xF6},     {0xF8, 0x24F},    {0x370, 0x373},   {0x376, 0x377},
      {0x37B, 0x37D},   {0x386, 0x386},   {0x388, 0x3FF},   {0x400, 0x481},
      {0x48A, 0x52F},   {0x5D0, 0x5EA},   {0x620, 0x64A},   {0x3041, 0x3096},
      {0x30A1, 0x30FA}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xAC00, 0xD7A3}};
  return std::any_of(
      std::begin(kLetters), std::end(kLetters), [cp](const Range& r) {
        return cp >= r.lo && cp <= r.hi;
      });
}

bool is_space_code_point(char32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20) ||
         cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
         cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

}  // namespace mmengine::config::detail
