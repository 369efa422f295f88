#include "mmengine/dataset/transforms/image_io.h"

#include <ATen/ATen.h>
#include <jpeglib.h>
#include <png.h>

#include <csetjmp>
#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

#include "mmengine/utils/error.h"

namespace mmengine::dataset {

namespace {

struct JpegError {
  jpeg_error_mgr mgr;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

void jpeg_error_exit(j_common_ptr cinfo) {
  auto* err = reinterpret_cast<JpegError*>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, err->message);
  std::longjmp(err->jump, 1);
}

void jpeg_silent(j_common_ptr /*cinfo*/, int /*level*/) {}

// Decodes into `out` (allocated here); returns false with `err` set on a
// libjpeg error. Kept free of C++ objects with destructors (longjmp).
bool decode_jpeg(
    std::string_view bytes,
    bool gray,
    bool unchanged,
    at::Tensor& out,
    std::string& err) {
  jpeg_decompress_struct cinfo;
  JpegError jerr;
  cinfo.err = jpeg_std_error(&jerr.mgr);
  jerr.mgr.error_exit = jpeg_error_exit;
  jerr.mgr.emit_message = jpeg_silent;
  if (setjmp(jerr.jump)) {
    err = jerr.message;
    jpeg_destroy_decompress(&cinfo);
    return false;
  }
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(
      &cinfo,
      reinterpret_cast<const unsigned char*>(bytes.data()),
      static_cast<unsigned long>(bytes.size()));
  jpeg_read_header(&cinfo, TRUE);
  const bool src_gray = cinfo.num_components == 1;
  const bool out_gray = gray || (unchanged && src_gray);
  if (out_gray) {
    cinfo.out_color_space = JCS_GRAYSCALE;
  } else if (
      cinfo.jpeg_color_space == JCS_CMYK ||
      cinfo.jpeg_color_space == JCS_YCCK) {
    cinfo.out_color_space = JCS_CMYK;
  } else {
    cinfo.out_color_space = JCS_EXT_BGR;
  }
  jpeg_start_decompress(&cinfo);
  const int h = static_cast<int>(cinfo.output_height);
  const int w = static_cast<int>(cinfo.output_width);
  const int c = cinfo.output_components;
  out = at::empty({h, w, out_gray ? 1 : 3}, at::kByte);
  std::uint8_t* data = out.data_ptr<std::uint8_t>();
  std::vector<unsigned char> row(static_cast<std::size_t>(w) * c);
  while (cinfo.output_scanline < cinfo.output_height) {
    const int y = static_cast<int>(cinfo.output_scanline);
    unsigned char* dst = c == 4 ? row.data() : data + y * w * c;
    jpeg_read_scanlines(&cinfo, &dst, 1);
    if (c == 4) {  // Adobe CMYK (inverted) -> BGR, as OpenCV's icvCvt_CMYK2BGR
      std::uint8_t* o = data + y * w * 3;
      for (int x = 0; x < w; ++x) {
        const int k = row[4 * x + 3];
        o[3 * x + 0] = static_cast<std::uint8_t>(k * row[4 * x + 2] / 255);
        o[3 * x + 1] = static_cast<std::uint8_t>(k * row[4 * x + 1] / 255);
        o[3 * x + 2] = static_cast<std::uint8_t>(k * row[4 * x + 0] / 255);
      }
    }
  }
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  return true;
}

struct PngReader {
  std::string_view bytes;
  std::size_t pos = 0;
  char message[256] = {0};
};

void png_read_mem(png_structp png, png_bytep out, png_size_t n) {
  auto* r = static_cast<PngReader*>(png_get_io_ptr(png));
  if (r->pos + n > r->bytes.size()) {
    png_error(png, "truncated PNG data");
  }
  std::memcpy(out, r->bytes.data() + r->pos, n);
  r->pos += n;
}

void png_on_error(png_structp png, png_const_charp msg) {
  auto* r = static_cast<PngReader*>(png_get_error_ptr(png));
  std::snprintf(r->message, sizeof(r->message), "%s", msg);
  png_longjmp(png, 1);
}

void png_on_warning(png_structp /*png*/, png_const_charp /*msg*/) {}

bool decode_png(
    std::string_view bytes,
    bool gray,
    bool unchanged,
    at::Tensor& out,
    std::string& err) {
  PngReader reader{bytes};
  png_structp png = png_create_read_struct(
      PNG_LIBPNG_VER_STRING, &reader, png_on_error, png_on_warning);
  png_infop info = png_create_info_struct(png);
  if (setjmp(png_jmpbuf(png))) {
    err = reader.message;
    png_destroy_read_struct(&png, &info, nullptr);
    return false;
  }
  png_set_read_fn(png, &reader, png_read_mem);
  png_read_info(png, info);
  const int color = png_get_color_type(png, info);
  const bool has_alpha = (color & PNG_COLOR_MASK_ALPHA) != 0 ||
                         png_get_valid(png, info, PNG_INFO_tRNS) != 0;
  const bool src_gray = (color & PNG_COLOR_MASK_COLOR) == 0;
  png_set_strip_16(png);
  png_set_packing(png);
  if (color == PNG_COLOR_TYPE_PALETTE) {
    png_set_palette_to_rgb(png);
  }
  if (src_gray && png_get_bit_depth(png, info) < 8) {
    png_set_expand_gray_1_2_4_to_8(png);
  }
  int channels = 3;
  if (gray || (unchanged && src_gray && !has_alpha)) {
    channels = 1;
    if (!src_gray) {  // OpenCV's weights
      png_set_rgb_to_gray(png, 1, 0.299, 0.587);
    }
    png_set_strip_alpha(png);
  } else if (unchanged && has_alpha) {
    channels = 4;
    if (png_get_valid(png, info, PNG_INFO_tRNS) != 0) {
      png_set_tRNS_to_alpha(png);
    }
    if (src_gray) {
      png_set_gray_to_rgb(png);
    }
    png_set_bgr(png);
  } else {
    png_set_strip_alpha(png);
    if (src_gray) {
      png_set_gray_to_rgb(png);
    }
    png_set_bgr(png);
  }
  png_read_update_info(png, info);
  const int h = static_cast<int>(png_get_image_height(png, info));
  const int w = static_cast<int>(png_get_image_width(png, info));
  if (static_cast<int>(png_get_channels(png, info)) != channels) {
    std::snprintf(reader.message, sizeof(reader.message), "channel mismatch");
    png_error(png, "unsupported PNG layout");
  }
  out = at::empty({h, w, channels}, at::kByte);
  std::uint8_t* data = out.data_ptr<std::uint8_t>();
  std::vector<png_bytep> rows(h);
  for (int y = 0; y < h; ++y) {
    rows[y] = data + static_cast<std::size_t>(y) * w * channels;
  }
  png_read_image(png, rows.data());
  png_read_end(png, nullptr);
  png_destroy_read_struct(&png, &info, nullptr);
  return true;
}

}  // namespace

at::Tensor imfrombytes(
    std::string_view bytes,
    const std::string& color_type,
    const std::string& source) {
  MMENGINE_CHECK(
      color_type == "color" || color_type == "grayscale" ||
          color_type == "unchanged",
      "imfrombytes: color_type should be 'color', 'grayscale' or "
      "'unchanged', got '",
      color_type,
      "'");
  const bool gray = color_type == "grayscale";
  const bool unchanged = color_type == "unchanged";
  at::Tensor out;
  std::string err;
  bool ok = false;
  if (bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
      static_cast<unsigned char>(bytes[1]) == 0xD8) {
    ok = decode_jpeg(bytes, gray, unchanged, out, err);
  } else if (
      bytes.size() >= 8 &&
      png_sig_cmp(reinterpret_cast<png_const_bytep>(bytes.data()), 0, 8) == 0) {
    ok = decode_png(bytes, gray, unchanged, out, err);
  } else {
    err = "not a JPEG or PNG file";
  }
  MMENGINE_CHECK_T(
      DataError, ok, "cannot decode image \"", source, "\": ", err);
  return out;
}

at::Tensor imread(const std::string& path, const std::string& color_type) {
  std::ifstream in(path, std::ios::binary);
  MMENGINE_CHECK_T(
      FileError, in.good(), "image file \"", path, "\" cannot be read");
  std::string bytes(
      (std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return imfrombytes(bytes, color_type, path);
}

}  // namespace mmengine::dataset
