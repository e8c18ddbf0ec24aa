#pragma once
// MEASUREMENT ONLY (issue 13, bench/png_encoders/): the whole PNG through libspng 0.7 (zlib
// inside, one thread), rows in image order, for the whole-process comparison of encoders.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/export/atomic_file.hpp"
#include "app/export/png/pipeline.hpp"
#include "app/export/png_writer.hpp"

struct spng_ctx;

namespace gatemap::exporter::png {

class SpngStream {
 public:
  // Writes the signature, IHDR, sRGB, pHYs and the iTXt chunks now.
  SpngStream(AtomicFile& file, int width, int height, const PngOptions& options, const Metadata& metadata);
  ~SpngStream();
  void encode(const Job& j);  // the job's rows; IEND after the image's last row

 private:
  AtomicFile& file_;
  int width_, bpp_;
  spng_ctx* ctx_ = nullptr;
  Metadata metadata_;
  std::vector<std::uint8_t> row_;
};

}  // namespace gatemap::exporter::png
