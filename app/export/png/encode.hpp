#pragma once
// Compression of one job (a block of rows, pipeline.hpp) into one IDAT chunk, on a worker thread.
//
// Each job is deflated independently as raw deflate ended on a byte boundary (an empty stored
// block, as zlib's Z_SYNC_FLUSH), so that the jobs concatenate into one valid zlib stream: the
// first carries the zlib header, the last the final block and room for the Adler-32 of the whole
// (each job's own sum is in Job::adler; the pipeline joins them with adler32_combine).
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>

#include "app/export/png/deflate.hpp"
#include "app/export/png/pipeline.hpp"
#include "app/export/png_writer.hpp"

namespace gatemap::exporter::png {

class BlockEncoder {
 public:
  // width in pixels, bpp 3 (RGB) or 4 (RGBA). Throws ExportError (library, naming `destination`)
  // when zlib cannot start.
  BlockEncoder(const PngOptions& options, int width, int bpp, std::filesystem::path destination);
  ~BlockEncoder();
  BlockEncoder(const BlockEncoder&) = delete;
  BlockEncoder& operator=(const BlockEncoder&) = delete;

  // Fills j.out (the whole chunk except the CRC of the stream's last job), j.data_size,
  // j.filtered_size, j.adler and j.crc. Throws ExportError when zlib fails.
  void encode(Job& j);

 private:
  void compress_zlib(Job& j);
  void compress_pixel(Job& j);
  std::size_t zlib_chunk(const Job& j, int first, int rows, bool final);
  void deflate_into(Job& j, const std::uint8_t* in, std::size_t size, int flush);

  PngOptions opt_;
  int width_ = 0, bpp_ = 4;
  std::size_t out_row_ = 0;          // filtered bytes per row (1 + width × bpp)
  std::size_t rows_per_chunk_ = 1;   // rows filtered at a time, so that they stay in cache
  std::filesystem::path destination_;
  z_stream zs_{};
  bool ready_ = false;               // zs_ initialised
  pixel_deflate::Encoder pixel_;
  std::unique_ptr<std::uint8_t[]> filtered_;   // a few rows at a time, so that they stay in cache
  std::unique_ptr<std::uint8_t[]> scratch_;    // the other candidate row (adaptive filter)
  std::size_t filtered_capacity_ = 0;
  std::unique_ptr<std::uint8_t[]> zfiltered_, ztmp_;  // the pixel encoder's zlib fallback (made when first needed)
  std::size_t ztmp_capacity_ = 0;
};

}  // namespace gatemap::exporter::png
