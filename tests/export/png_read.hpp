#pragma once
// Reads a PNG back with libpng (an independent decoder) for the export tests.
#include <png.h>

#include <csetjmp>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace gatemap::exporter::testing {

struct DecodedPng {
  bool ok = false;
  std::string error;
  int width = 0, height = 0;
  int color_type = -1;
  std::vector<std::uint8_t> pixels;                        // as stored: RGB or RGBA, rows packed
  std::vector<std::pair<std::string, std::string>> texts;  // keyword, text (iTXt as UTF-8)
  std::vector<int> text_compression;                       // png_text.compression of each
  double dpi = 0;
};

inline void png_error_to_string(png_structp png, png_const_charp msg) {
  auto* err = static_cast<std::string*>(png_get_error_ptr(png));
  *err = msg;
  png_longjmp(png, 1);
}

inline DecodedPng read_png(const std::filesystem::path& path) {
  DecodedPng out;
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) {
    out.error = "cannot open " + path.string();
    return out;
  }
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &out.error, png_error_to_string, nullptr);
  png_infop info = png_create_info_struct(png);
  png_infop end_info = png_create_info_struct(png);
  std::vector<png_bytep> rows;
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, &end_info);
    out.ok = false;
    return out;
  }
  png_init_io(png, f.get());
  png_read_info(png, info);
  out.width = static_cast<int>(png_get_image_width(png, info));
  out.height = static_cast<int>(png_get_image_height(png, info));
  out.color_type = png_get_color_type(png, info);
  png_uint_32 res_x = 0, res_y = 0;
  int unit = 0;
  if (png_get_pHYs(png, info, &res_x, &res_y, &unit) && unit == PNG_RESOLUTION_METER) out.dpi = res_x * 0.0254;
  const std::size_t rowbytes = png_get_rowbytes(png, info);
  out.pixels.resize(rowbytes * static_cast<std::size_t>(out.height));
  for (int y = 0; y < out.height; ++y) rows.push_back(out.pixels.data() + rowbytes * static_cast<std::size_t>(y));
  png_read_image(png, rows.data());
  png_read_end(png, end_info);
  for (png_infop i : {info, end_info}) {
    png_textp text = nullptr;
    int n = png_get_text(png, i, &text, nullptr);
    for (int k = 0; k < n; ++k) {
      std::size_t len = text[k].compression >= 1 ? text[k].itxt_length : text[k].text_length;
      out.texts.emplace_back(text[k].key, std::string(text[k].text, len));
      out.text_compression.push_back(text[k].compression);
    }
  }
  png_destroy_read_struct(&png, &info, &end_info);
  out.ok = true;
  return out;
}

}  // namespace gatemap::exporter::testing
