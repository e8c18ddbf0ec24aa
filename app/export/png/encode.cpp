#include "app/export/png/encode.hpp"

#include <algorithm>
#include <cstring>

#include "app/export/png/chunks.hpp"
#include "app/export/png/filters.hpp"

namespace gatemap::exporter::png {

BlockEncoder::BlockEncoder(const PngOptions& options, int width, int bpp)
    : opt_(options),
      width_(width),
      bpp_(bpp),
      out_row_(1 + static_cast<std::size_t>(width) * static_cast<std::size_t>(bpp)) {
  pixel_.reset_image(width, bpp);
  rows_per_chunk_ = std::max<std::size_t>(1, (256u << 10) / out_row_);
  filtered_capacity_ = rows_per_chunk_ * out_row_ + 16;  // slack for the 16-byte stores of rgba_to_rgb
  filtered_ = std::make_unique_for_overwrite<std::uint8_t[]>(filtered_capacity_);
  scratch_ = std::make_unique_for_overwrite<std::uint8_t[]>(out_row_ + 16);
}

BlockEncoder::~BlockEncoder() {
  if (ready_) deflateEnd(&zs_);
}

// A raw deflate stream per job (so jobs concatenate), framed here: the first job carries the
// zlib header, the last leaves room for the Adler-32 of the whole stream (filled in by the
// pipeline when it writes the chunk).
void BlockEncoder::encode(Job& j) {
  j.filtered_size = out_row_ * static_cast<std::size_t>(j.rows);
  const std::size_t chunks = (static_cast<std::size_t>(j.rows) + rows_per_chunk_ - 1) / rows_per_chunk_;
  // Every chunk is coded no larger than as stored blocks, so stored size (+ markers) bounds it.
  const std::size_t need = j.filtered_size + (j.filtered_size / 65535 + chunks + 2) * 16 + 64 + 8 + 2 + 4 + 4;
  if (j.out_capacity < need) {
    j.out = std::make_unique_for_overwrite<std::uint8_t[]>(need);
    j.out_capacity = need;
  }
  std::uint8_t* data = j.out.get() + 8;
  std::uint8_t* start = data;
  if (j.stream_start) {
    start[0] = 0x78;  // deflate, 32 KiB window; FLEVEL 0 (fastest), FCHECK making it a multiple of 31
    start[1] = 0x01;
    start += 2;
  }
  pixel_deflate::BitWriter bits(start);
  std::uint32_t adler = 1;
  std::size_t in_chunk = 0;
  bool prev_raw = true;      // the previous chunk went out unfiltered: its last row may be referred to
  bool byte_aligned = true;  // nothing pending since the last zlib chunk (or the start)
  for (int r = 0; r < j.rows; ++r) {
    const std::uint8_t* cur = j.row(r);
    const std::uint8_t* prev = r == 0 || (in_chunk == 0 && !prev_raw) ? nullptr : j.row(r - 1);
    filter_none(cur, filtered_.get() + in_chunk * out_row_, width_,
                bpp_);  // the bytes as they go out (Adler-32, stored blocks)
    pixel_.add_row(reinterpret_cast<const pixel_deflate::Pixel*>(cur),
                   reinterpret_cast<const pixel_deflate::Pixel*>(prev));
    if (++in_chunk < rows_per_chunk_ && r + 1 < j.rows) continue;
    const std::size_t n = in_chunk * out_row_;
    const bool final = j.stream_end && r + 1 == j.rows;
    const std::uint64_t pixel_bits = pixel_.plan_block(n);
    std::size_t zsize = 0;
    if (opt_.zlib_fallback && pixel_bits > 2 * std::uint64_t(n))
      zsize = zlib_chunk(j, r + 1 - int(in_chunk), int(in_chunk), final);
    if (zsize != 0 && 8 * std::uint64_t(zsize) + 48 < pixel_bits) {
      pixel_.discard_block();
      if (!byte_aligned) pixel_deflate::Encoder::sync_flush(bits);  // zlib's output starts on a byte
      bits.copy_bytes(ztmp_.get(), zsize);                          // and ends on one (sync flush / finish)
      adler = fast_adler32(adler, zfiltered_.get(), n);
      prev_raw = false;
      byte_aligned = true;
    } else {
      adler = fast_adler32(adler, filtered_.get(), n);
      pixel_.write_block(bits, filtered_.get(), n, final);
      prev_raw = true;
      byte_aligned = false;
    }
    in_chunk = 0;
  }
  if (j.stream_end) {
    bits.align_to_byte();
    bits.flush_bytes();
  } else if (!byte_aligned) {
    pixel_deflate::Encoder::sync_flush(bits);
  }
  j.adler = adler;
  j.data_size = static_cast<std::size_t>(bits.position() - data) + (j.stream_end ? 4 : 0);
  idat_begin(j.out.get(), j.data_size);
  if (!j.stream_end) j.crc = idat_crc(j.out.get(), j.data_size);
}

// Compresses `rows` rows from `first` (job-relative) with zlib level 1 (Z_RLE) on rows filtered
// SUB/UP adaptively, into ztmp_ (their filtered bytes in zfiltered_). Returns the size.
std::size_t BlockEncoder::zlib_chunk(const Job& j, int first, int rows, bool final) {
  if (!ready_) {
    if (deflateInit2(&zs_, 1, Z_DEFLATED, -15, 8, Z_RLE) != Z_OK) return 0;  // no fallback, no harm
    ready_ = true;
    zfiltered_ = std::make_unique_for_overwrite<std::uint8_t[]>(filtered_capacity_);
    ztmp_capacity_ = deflateBound(&zs_, filtered_capacity_) + 64;
    ztmp_ = std::make_unique_for_overwrite<std::uint8_t[]>(ztmp_capacity_);
  }
  for (int k = 0; k < rows; ++k) {
    const std::uint8_t* cur = j.row(first + k);
    const std::uint8_t* prev = k == 0 ? nullptr : j.row(first + k - 1);
    filter_adaptive(cur, prev, zfiltered_.get() + std::size_t(k) * out_row_, width_, bpp_, scratch_.get());
  }
  deflateReset(&zs_);
  zs_.next_in = zfiltered_.get();
  zs_.avail_in = static_cast<uInt>(std::size_t(rows) * out_row_);
  zs_.next_out = ztmp_.get();
  zs_.avail_out = static_cast<uInt>(ztmp_capacity_);
  const int rc = deflate(&zs_, final ? Z_FINISH : Z_SYNC_FLUSH);
  if (rc != (final ? Z_STREAM_END : Z_OK) || zs_.avail_in != 0) return 0;
  return static_cast<std::size_t>(zs_.next_out - ztmp_.get());
}

}  // namespace gatemap::exporter::png
