#pragma once

/// Marks a symbol as part of the library's public ABI. Both libraries build
/// with hidden visibility; only what carries MMENGINE_API is exported.
#if defined(_WIN32)
#define MMENGINE_API __declspec(dllexport)
#else
#define MMENGINE_API __attribute__((visibility("default")))
#endif
