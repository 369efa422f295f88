#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "mmengine/api.h"

namespace mmengine {

/// Root of everything the engine throws. what() is the full message: first
/// where (file:line:col, key path, or "[Component]"), then expected vs found.
class MMENGINE_API Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
  /// Python-style kind shown by the CLI ("ValueError", "ConfigError", ...).
  virtual const char* kind() const noexcept {
    return "Error";
  }
};

#define MMENGINE_DEFINE_ERROR(Name, Base)                        \
  class MMENGINE_API Name : public Base {                        \
   public:                                                       \
    explicit Name(const std::string& message) : Base(message) {} \
    const char* kind() const noexcept override {                 \
      return #Name;                                              \
    }                                                            \
  }

/// Where MMEngine raises KeyError / TypeError / ValueError.
MMENGINE_DEFINE_ERROR(KeyError, Error);
MMENGINE_DEFINE_ERROR(TypeError, Error);
MMENGINE_DEFINE_ERROR(ValueError, Error);
MMENGINE_DEFINE_ERROR(IndexError, Error);
MMENGINE_DEFINE_ERROR(NotImplementedError, Error);
/// Bad config files or values; message starts with file:line:col or a key path.
MMENGINE_DEFINE_ERROR(ConfigError, Error);
/// Unknown names, duplicate registrations, failed builds.
MMENGINE_DEFINE_ERROR(RegistryError, Error);
/// Unreadable, corrupt or incompatible checkpoints.
MMENGINE_DEFINE_ERROR(CheckpointError, Error);
/// Bad data sets, annotation files or samples.
MMENGINE_DEFINE_ERROR(DataError, Error);
/// Failed or timed-out collectives, bad launcher environment.
MMENGINE_DEFINE_ERROR(DistError, Error);
/// Missing files and failed reads or writes.
MMENGINE_DEFINE_ERROR(FileError, Error);
/// A broken invariant inside the engine: a bug of ours, not the user's.
MMENGINE_DEFINE_ERROR(InternalError, Error);

#undef MMENGINE_DEFINE_ERROR

namespace detail {

/// Concatenates message parts with fmt, as TORCH_CHECK does with <<.
template <typename... Args>
std::string concat_message(const Args&... args) {
  std::string out;
  (fmt::format_to(std::back_inserter(out), "{}", args), ...);
  return out;
}

[[noreturn]] MMENGINE_API void throw_internal_assert(
    const char* file,
    int line,
    const char* condition,
    const std::string& message);

}  // namespace detail
}  // namespace mmengine

/// Throws ErrorType(message parts...) when cond is false (user errors).
#define MMENGINE_CHECK_T(ErrorType, cond, ...)                          \
  do {                                                                  \
    if (!(cond)) [[unlikely]] {                                         \
      throw ErrorType(::mmengine::detail::concat_message(__VA_ARGS__)); \
    }                                                                   \
  } while (false)

#define MMENGINE_CHECK(cond, ...) \
  MMENGINE_CHECK_T(::mmengine::ValueError, cond, __VA_ARGS__)
#define MMENGINE_CHECK_KEY(cond, ...) \
  MMENGINE_CHECK_T(::mmengine::KeyError, cond, __VA_ARGS__)
#define MMENGINE_CHECK_TYPE(cond, ...) \
  MMENGINE_CHECK_T(::mmengine::TypeError, cond, __VA_ARGS__)

/// For invariants of the engine itself; names the source location.
#define MMENGINE_INTERNAL_ASSERT(cond, ...)                                   \
  do {                                                                        \
    if (!(cond)) [[unlikely]] {                                               \
      ::mmengine::detail::throw_internal_assert(                              \
          __FILE__,                                                           \
          __LINE__,                                                           \
          #cond,                                                              \
          ::mmengine::detail::concat_message("" __VA_OPT__(, ) __VA_ARGS__)); \
    }                                                                         \
  } while (false)
