#pragma once

// String algorithms behind the str methods, on UTF-8 text with Python's
// code-point semantics (indices, lengths, case mapping of the scripts
// python_utf8_impl.h covers).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mmengine/config/python_ops_impl.h"

namespace mmengine::config::detail {

/// The argument-less str methods: upper, lower, casefold, swapcase, title,
/// capitalize, isdigit, isdecimal, isnumeric, isalpha, isalnum, isspace,
/// isupper, islower. AttributeError for any other name.
Obj str_case_method(const std::string& s, std::string_view name);

/// `s.strip(chars)` (whitespace when chars is null), lstrip, rstrip.
std::string str_strip(
    const std::string& s, const std::string* chars, bool left, bool right);

/// `s.split(sep, maxsplit)` / rsplit; whitespace runs when sep is null.
/// ValueError for an empty separator.
std::vector<std::string> str_split(
    const std::string& s,
    const std::string* sep,
    std::int64_t maxsplit,
    bool from_right);

/// `s.replace(old, with, count)` (count < 0: all).
std::string str_replace(
    const std::string& s,
    const std::string& old,
    const std::string& with,
    std::int64_t count);

/// `s.center/ljust/rjust(width, fill)`: align is '^', '<' or '>'.
std::string str_pad(
    const std::string& s,
    std::int64_t width,
    const std::string& fill,
    char align);

/// `s.zfill(width)`.
std::string str_zfill(const std::string& s, std::int64_t width);

/// `s.find(sub, start, end)` / rfind as a code-point index, -1 if absent.
std::int64_t str_find(
    const std::string& s,
    const std::string& sub,
    const SliceSpec& range,
    bool reverse);

/// `s.count(sub, start, end)`.
std::int64_t str_count(
    const std::string& s, const std::string& sub, const SliceSpec& range);

/// `s.splitlines(keepends)` for '\n', '\r\n' and '\r'.
std::vector<std::string> str_splitlines(const std::string& s, bool keepends);

}  // namespace mmengine::config::detail
