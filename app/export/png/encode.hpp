#pragma once
// Compression of one job (a block of rows, pipeline.hpp) into one IDAT chunk, on a worker thread,
// with the pixel encoder (deflate.hpp): one deflate block per chunk of rows. A chunk it codes
// worse than 4:1 (smooth gradients, photos: few equal neighbours) is also compressed with zlib
// level 1 (Z_RLE) on SUB/UP-filtered rows, spliced in byte-aligned, and the smaller kept.
//
// Each job is deflated independently as raw deflate ended on a byte boundary (an empty stored
// block, as zlib's Z_SYNC_FLUSH), so that the jobs concatenate into one valid zlib stream: the
// first carries the zlib header, the last the final block and room for the Adler-32 of the whole
// (each job's own sum is in Job::adler; the pipeline joins them with adler32_combine).
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <memory>

#include "app/export/png/deflate.hpp"
#include "app/export/png/pipeline.hpp"
#include "app/export/png_writer.hpp"

namespace gatemap::exporter::png {

class BlockEncoder {
 public:
  // width in pixels, bpp 3 (RGB) or 4 (RGBA).
  BlockEncoder(const PngOptions& options, int width, int bpp);
  ~BlockEncoder();
  BlockEncoder(const BlockEncoder&) = delete;
  BlockEncoder& operator=(const BlockEncoder&) = delete;

  // Fills j.out (the whole chunk except the CRC of the stream's last job), j.data_size,
  // j.filtered_size, j.adler and j.crc.
  void encode(Job& j);

 private:
  std::size_t zlib_chunk(const Job& j, int first, int rows, bool final);

  PngOptions opt_;
  int width_ = 0, bpp_ = 4;
  std::size_t out_row_ = 0;         // filtered bytes per row (1 + width × bpp)
  std::size_t rows_per_chunk_ = 1;  // rows filtered at a time, so that they stay in cache
  z_stream zs_{};
  bool ready_ = false;  // zs_ initialised
  pixel_deflate::Encoder pixel_;
  std::unique_ptr<std::uint8_t[]> filtered_;  // a few rows at a time, so that they stay in cache
  std::unique_ptr<std::uint8_t[]> scratch_;   // the other candidate row (adaptive filter, fallback)
  std::size_t filtered_capacity_ = 0;
  std::unique_ptr<std::uint8_t[]> zfiltered_, ztmp_;  // the pixel encoder's zlib fallback (made when first needed)
  std::size_t ztmp_capacity_ = 0;
};

}  // namespace gatemap::exporter::png
