#include "app/export/png/spng_stream.hpp"

#include <spng.h>

#include <cmath>
#include <cstring>

#include "app/export/png/filters.hpp"

namespace gatemap::exporter::png {
namespace {
int write_fn(spng_ctx*, void* user, void* data, std::size_t n) {
  static_cast<AtomicFile*>(user)->write(static_cast<const std::uint8_t*>(data), n);
  return 0;
}
void check(int rc, const AtomicFile& file, const char* what) {
  if (rc != 0 && rc != SPNG_EOI)
    throw ExportError(ExportError::Kind::library, file.destination(),
                      file.destination().string() + ": libspng " + what + ": " + spng_strerror(rc));
}
}  // namespace

SpngStream::SpngStream(AtomicFile& file, int width, int height, const PngOptions& opt, const Metadata& metadata)
    : file_(file), width_(width), bpp_(opt.opaque ? 3 : 4), metadata_(metadata) {
  ctx_ = spng_ctx_new(SPNG_CTX_ENCODER);
  check(spng_set_png_stream(ctx_, write_fn, &file_), file_, "stream");
  spng_ihdr ihdr{};
  ihdr.width = static_cast<std::uint32_t>(width);
  ihdr.height = static_cast<std::uint32_t>(height);
  ihdr.bit_depth = 8;
  ihdr.color_type = opt.opaque ? SPNG_COLOR_TYPE_TRUECOLOR : SPNG_COLOR_TYPE_TRUECOLOR_ALPHA;
  check(spng_set_ihdr(ctx_, &ihdr), file_, "ihdr");
  check(spng_set_option(ctx_, SPNG_IMG_COMPRESSION_LEVEL, 1), file_, "level");
  check(spng_set_option(ctx_, SPNG_FILTER_CHOICE, SPNG_FILTER_CHOICE_NONE), file_, "filter");
  if (opt.srgb) check(spng_set_srgb(ctx_, 0), file_, "srgb");
  if (opt.dpi > 0) {
    spng_phys phys{};
    phys.ppu_x = phys.ppu_y = static_cast<std::uint32_t>(std::lround(opt.dpi / 0.0254));
    phys.unit_specifier = 1;
    check(spng_set_phys(ctx_, &phys), file_, "phys");
  }
  std::vector<spng_text> text;
  static char empty[1] = {0};
  for (auto& [key, value] : metadata_) {
    if (value.empty()) continue;  // libspng refuses empty texts (a few bytes less than the others write)
    spng_text& t = text.emplace_back();
    std::strncpy(t.keyword, key.c_str(), 79);
    t.type = SPNG_ITXT;
    t.length = value.size();
    t.text = value.data();
    t.language_tag = empty;
    t.translated_keyword = empty;
  }
  if (!text.empty()) check(spng_set_text(ctx_, text.data(), static_cast<std::uint32_t>(text.size())), file_, "text");
  check(spng_encode_image(ctx_, nullptr, 0, SPNG_FMT_PNG, SPNG_ENCODE_PROGRESSIVE | SPNG_ENCODE_FINALIZE), file_,
        "start");
  row_.resize(static_cast<std::size_t>(width) * 4 + 16);
}

SpngStream::~SpngStream() { spng_ctx_free(ctx_); }

void SpngStream::encode(const Job& j) {
  const std::size_t n = static_cast<std::size_t>(width_) * static_cast<std::size_t>(bpp_);
  for (int r = 0; r < j.rows; ++r) {
    const std::uint8_t* px = j.row(r);
    if (bpp_ == 3) {
      rgba_to_rgb(px, row_.data(), width_);
      px = row_.data();
    }
    check(spng_encode_row(ctx_, px, n), file_, "row");
  }
}

}  // namespace gatemap::exporter::png
