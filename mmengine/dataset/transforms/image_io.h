#pragma once

#include <ATen/core/Tensor.h>

#include <string>
#include <string_view>

#include "mmengine/api.h"

namespace mmengine::dataset {

/// Decodes JPEG (libjpeg-turbo) or PNG (libpng) bytes into an HWC uint8
/// tensor in BGR(A) order like `cv2.imdecode`. `color_type`: "color" (3
/// channels), "grayscale" (H x W x 1), "unchanged" (the file's channels).
/// `source` names the file in errors (DataError for undecodable data).
/// Differs from OpenCV in ignoring EXIF orientation and reading 16-bit PNG
/// as 8-bit.
MMENGINE_API at::Tensor imfrombytes(
    std::string_view bytes,
    const std::string& color_type = "color",
    const std::string& source = "<bytes>");

/// Reads a file and decodes it with imfrombytes(). FileError when it cannot
/// be read.
MMENGINE_API at::Tensor imread(
    const std::string& path, const std::string& color_type = "color");

}  // namespace mmengine::dataset
