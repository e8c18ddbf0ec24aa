#include "app/export/png/encode.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#include <utility>

#include "app/export/atomic_file.hpp"  // ExportError
#include "app/export/png/chunks.hpp"
#include "app/export/png/filters.hpp"

namespace gatemap::exporter::png {

BlockEncoder::BlockEncoder(const PngOptions& options, int width, int bpp, std::filesystem::path destination)
    : opt_(options),
      width_(width),
      bpp_(bpp),
      out_row_(1 + static_cast<std::size_t>(width) * static_cast<std::size_t>(bpp)),
      destination_(std::move(destination)) {
  // Raw deflate (negative window bits): no zlib framing per job, and no Adler-32 computed by
  // zlib's byte-at-a-time loop; compress_zlib() frames the stream and sums with SSSE3.
  if (opt_.encoder == PngEncoder::zlib) {
    if (deflateInit2(&zs_, opt_.level, Z_DEFLATED, -15, 8, opt_.rle ? Z_RLE : Z_DEFAULT_STRATEGY) != Z_OK)
      throw ExportError(ExportError::Kind::library, destination_, destination_.string() + ": zlib could not start");
    ready_ = true;
  }
  pixel_.reset_image(width, bpp);
  rows_per_chunk_ = std::max<std::size_t>(1, (256u << 10) / out_row_);
  filtered_capacity_ = rows_per_chunk_ * out_row_ + 16;  // slack for the 16-byte stores of rgba_to_rgb
  filtered_ = std::make_unique_for_overwrite<std::uint8_t[]>(filtered_capacity_);
  scratch_ = std::make_unique_for_overwrite<std::uint8_t[]>(out_row_ + 16);
}

BlockEncoder::~BlockEncoder() {
  if (ready_) deflateEnd(&zs_);
}

void BlockEncoder::encode(Job& j) {
  if (opt_.encoder == PngEncoder::zlib)
    compress_zlib(j);
  else
    compress_pixel(j);
}

void BlockEncoder::deflate_into(Job& j, const std::uint8_t* in, std::size_t size, int flush) {
  z_stream& zs = zs_;
  zs.next_in = const_cast<Bytef*>(in);
  zs.avail_in = static_cast<uInt>(size);
  for (;;) {
    std::size_t used = static_cast<std::size_t>(zs.next_out - j.out.get());
    if (j.out_capacity - used < 64) {  // rare: incompressible data beyond deflateBound's slack
      std::size_t cap = j.out_capacity * 2;
      auto bigger = std::make_unique_for_overwrite<std::uint8_t[]>(cap);
      std::memcpy(bigger.get(), j.out.get(), used);
      j.out = std::move(bigger);
      j.out_capacity = cap;
      zs.next_out = j.out.get() + used;
    }
    zs.avail_out = static_cast<uInt>(std::min<std::size_t>(j.out_capacity - used - 8, 1u << 30));  // room for Adler + CRC
    int rc = deflate(&zs, flush);
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
      throw ExportError(ExportError::Kind::library, destination_,
                        destination_.string() + ": zlib deflate failed (" + std::to_string(rc) + ")");
    if (flush == Z_FINISH ? rc == Z_STREAM_END : (zs.avail_in == 0 && zs.avail_out > 0)) return;
  }
}

// A raw deflate stream per job (so blocks concatenate), framed here: the first job carries the
// zlib header, the last leaves room for the Adler-32 of the whole stream (filled in write_job).
void BlockEncoder::compress_zlib(Job& j) {
  j.filtered_size = out_row_ * static_cast<std::size_t>(j.rows);
  std::size_t need = deflateBound(&zs_, j.filtered_size) + 64 + 8 + 2 + 4 + 4;
  if (j.out_capacity < need) {
    j.out = std::make_unique_for_overwrite<std::uint8_t[]>(need);
    j.out_capacity = need;
  }
  deflateReset(&zs_);
  std::uint8_t* data = j.out.get() + 8;
  zs_.next_out = data;
  if (j.stream_start) {
    const unsigned cmf = 0x78;  // deflate, 32 KiB window
    const unsigned flevel = opt_.level < 2 ? 0 : opt_.level < 6 ? 1 : opt_.level == 6 ? 2 : 3;
    unsigned flg = flevel << 6;
    flg += 31 - (cmf * 256 + flg) % 31;
    data[0] = static_cast<std::uint8_t>(cmf);
    data[1] = static_cast<std::uint8_t>(flg);
    zs_.next_out += 2;
  }
  std::uint32_t adler = 1;
  std::size_t in_chunk = 0;
  for (int r = 0; r < j.rows; ++r) {
    const std::uint8_t* cur = j.row(r);
    const std::uint8_t* prev = r == 0 ? nullptr : j.row(r - 1);
    filter_row(opt_.filter, cur, prev, filtered_.get() + in_chunk * out_row_, width_, bpp_, scratch_.get());
    if (++in_chunk == rows_per_chunk_ || r + 1 == j.rows) {
      int flush = r + 1 < j.rows ? Z_NO_FLUSH : (j.stream_end ? Z_FINISH : Z_SYNC_FLUSH);
      adler = fast_adler32(adler, filtered_.get(), in_chunk * out_row_);
      deflate_into(j, filtered_.get(), in_chunk * out_row_, flush);
      in_chunk = 0;
    }
  }
  j.adler = adler;
  data = j.out.get() + 8;  // deflate_into may have moved the buffer
  j.data_size = static_cast<std::size_t>(zs_.next_out - data) + (j.stream_end ? 4 : 0);
  idat_begin(j.out.get(), j.data_size);
  if (!j.stream_end) j.crc = idat_crc(j.out.get(), j.data_size);
}

// The same framing with the pixel encoder: one deflate block per chunk of rows. A chunk it codes
// worse than 4:1 (smooth gradients, photos: few equal neighbours) is also tried with zlib on
// SUB/UP-filtered rows, spliced in byte-aligned, and the smaller kept.
void BlockEncoder::compress_pixel(Job& j) {
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
    filter_none(cur, filtered_.get() + in_chunk * out_row_, width_, bpp_);  // the bytes as they go out (Adler-32, stored blocks)
    pixel_.add_row(reinterpret_cast<const pixel_deflate::Pixel*>(cur), reinterpret_cast<const pixel_deflate::Pixel*>(prev));
    if (++in_chunk < rows_per_chunk_ && r + 1 < j.rows) continue;
    const std::size_t n = in_chunk * out_row_;
    const bool final = j.stream_end && r + 1 == j.rows;
    const std::uint64_t pixel_bits = pixel_.plan_block(n);
    std::size_t zsize = 0;
    if (opt_.zlib_fallback && pixel_bits > 2 * std::uint64_t(n)) zsize = zlib_chunk(j, r + 1 - int(in_chunk), int(in_chunk), final);
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
    filter_row(PngFilter::adaptive, cur, prev, zfiltered_.get() + std::size_t(k) * out_row_, width_, bpp_, scratch_.get());
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
