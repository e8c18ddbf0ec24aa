#pragma once
// Streaming PNG encoder for large exports (up to 16384 × 16384 and beyond).
//
// The caller hands over rows of RGBA8 pixels top to bottom, a strip at a time (copied by
// write_rows(), or written straight into a lent strip: begin_rows()/commit_rows()), and goes on
// rendering the next strip while worker threads compress the previous ones, pigz-style: the image
// is cut into blocks of rows, each block is deflated independently as raw deflate ended on a byte
// boundary (an empty stored block, as zlib's Z_SYNC_FLUSH), so that the blocks concatenate into
// one valid zlib stream: the first carries the zlib header, the last the final block and the
// Adler-32 of the whole (per-block sums, SSSE3, joined with adler32_combine). Each block becomes
// one IDAT chunk, written in order. The image is never held whole: a pool of PngOptions::buffers
// strips is reused (huge pages, pre-faulted by a worker), and the caller waits when all are busy.
//
// The encoder is our deflate encoder for pixel rows (app/export/png/deflate.hpp). It looks only
// for runs of equal pixels and pixels equal to the row above — what flat fills, borders and text
// produce — four pixels per SSE2 compare, and Huffman-codes each 256 KiB chunk (dynamic block, or
// stored if smaller). A chunk it codes worse than 4:1 (smooth gradients, photos) is also
// compressed with zlib level 1 on SUB/UP-filtered rows and the smaller kept.
//
// Kept over the packaged encoders by measurement (issue 13; docs/performance.md, "PNG encoder
// (issue 13)"; bench/png_encoders/): whole `gatemap export` processes of the default data, 2-core
// VM under other builds (load 5–9), 15 interleaved runs each, medians (wall; CPU user + system):
//                                        4K wall  4K CPU   8K wall  8K CPU   4K bytes   8K bytes
//   pixel, 2 threads (kept)              0.65 s   0.30 s   1.09 s   0.49 s   1.12 MB    2.71 MB
//   zlib level 1, NONE, 2 threads        0.77 s   0.33 s   1.30 s   0.59 s   0.95 MB    2.40 MB
//   libspng 0.7.3 level 1, NONE, 1 thread 0.80 s  0.33 s   1.35 s   0.61 s   0.95 MB    2.39 MB
// Paired by run, the pixel encoder used 34 ms less CPU than zlib at 4K (14 of 15 runs) and 103 ms
// less at 8K (15 of 15); its files are 13–17 % larger (still within 1.5× of libpng at level 6,
// tested). Encoding alone (bench/export_bench.cpp, synthetic map, one thread, same load): 4K
// 78 ms vs zlib level 1 112 ms and libpng level 1 130 ms; 8K 156 ms vs zlib 345 ms.
// Among zlib settings, NONE + default strategy beat SUB/UP/adaptive and Z_RLE in time and size
// on these images (flat fills repeat with the pixel's period, found at distance 3 without a
// filter; filters turn anti-aliased edges into noise): NONE 1.34 MB, SUB 1.64, UP 1.68,
// adaptive 1.66, SUB + Z_RLE 1.88, UP + Z_RLE 1.83 (4K).
//
// Metadata goes into uncompressed iTXt chunks (UTF-8) before the image data. The file is written
// through an AtomicFile: it appears at `path` only when finish() succeeds.
//
// The implementation, by module, in app/export/png/: filters (row filters, RGBA → RGB, Adler-32),
// deflate (the pixel encoder), encode (one job of rows → one IDAT chunk), chunks
// (signature, IHDR, sRGB, pHYs, iTXt, IDAT framing, IEND) and pipeline (PngStreamWriter: strips,
// jobs, worker threads, writing in order).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace gatemap::exporter {

// (keyword, UTF-8 text) pairs, written in this order. Keywords: 1–79 printable Latin-1
// characters, no leading, trailing or double spaces (PNG rule), e.g. "Title", "gatemap:bbox".
using Metadata = std::vector<std::pair<std::string, std::string>>;

struct PngOptions {
  bool opaque = false;                 // write RGB (colour type 2) and drop the alpha channel
  int threads = 2;                     // compression threads; 0 = std::thread::hardware_concurrency()
  bool zlib_fallback = true;           // a chunk of rows the pixel encoder codes worse than 4:1 (gradients,
                                       // photos) is also tried with zlib on SUB/UP-filtered rows; the smaller wins
  std::size_t block_bytes = 1u << 19;  // input RGBA bytes per compressed block (rounded to whole rows)
  int strip_rows = 0;                  // rows per pooled strip buffer (the most begin_rows() lends);
                                       // 0 = about 2 MiB of rows, at least block rows × threads
  int buffers = 3;                     // pooled strip buffers (≥ 2): how far the caller may run ahead
  double dpi = 0;                      // > 0: a pHYs chunk (pixels per metre) for print size
  bool srgb = true;                    // an sRGB chunk: the colours are sRGB (as rendered)
};

// Pooled memory lent by begin_rows(): `rows` rows of RGBA8, row r at rgba + r × stride.
struct RowBuffer {
  std::uint8_t* rgba = nullptr;
  std::size_t stride = 0;
  int rows = 0;
};

class PngStreamWriter {
 public:
  PngStreamWriter();
  explicit PngStreamWriter(const PngOptions& options);
  ~PngStreamWriter();  // without finish(): stops the workers and leaves no file
  PngStreamWriter(const PngStreamWriter&) = delete;
  PngStreamWriter& operator=(const PngStreamWriter&) = delete;

  // Creates the temporary file, writes the signature, IHDR, metadata and starts the workers; one
  // of them pre-faults the strip pool meanwhile, so open the writer early (e.g. before setting up
  // EGL) to get that done off the rendering thread.
  // width, height in pixels (1 … 2^31−1 and width × 4 ≤ 2^31). Throws ExportError: the file
  // exists and !force, the folder is missing or unwritable, a metadata keyword or text is invalid.
  void open(const std::filesystem::path& path, int width, int height, const Metadata& metadata, bool force);

  // `row_count` rows of `width` RGBA8 pixels; row r starts at rgba + r × stride (bytes). The rows
  // follow those of the previous call. The memory may be reused as soon as this returns (rows are
  // copied into a pooled block; the copy is all the work done on the caller's thread). Throws
  // ExportError for too many rows, and for an error on a worker (e.g. a full disk).
  void write_rows(const std::uint8_t* rgba, int row_count, std::size_t stride);

  // The same for a strip stored bottom row first, as glReadPixels returns it: `rgba` points at
  // the strip's lowest row, row_count rows above it follow at +stride each.
  void write_rows_bottom_up(const std::uint8_t* rgba, int row_count, std::size_t stride);

  // Zero-copy alternative: lends a pooled buffer for the next `rows` rows (1 … max_strip_rows());
  // fill it (e.g. glReadPixels straight into it, GL_PACK_ALIGNMENT 1 or 4) and hand it back with
  // commit_rows(). bottom_up: the buffer holds the strip's lowest row first (glReadPixels order).
  // Saves the copy and the caller's own read-back buffer (fresh memory is expensive on these VMs).
  // Waits while every buffer is being compressed.
  RowBuffer begin_rows(int rows);
  void commit_rows(bool bottom_up = false);
  int max_strip_rows() const;

  // Waits for the workers, writes IEND, fsyncs and renames the file into place. Throws
  // ExportError (rows missing, write error) and then leaves no file.
  void finish();

  // Gives up: stops the workers, removes the temporary file. Never throws.
  void abort() noexcept;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// Whole-image helper: open + write_rows + finish. Only tests use it (the exports stream strips),
// so it is inline here and adds nothing to the program.
inline void write_png(const std::filesystem::path& path, const std::uint8_t* rgba, int width, int height,
                      std::size_t stride, const Metadata& metadata, bool force, const PngOptions& options = {}) {
  PngStreamWriter w(options);
  w.open(path, width, height, metadata, force);
  w.write_rows(rgba, height, stride);
  w.finish();
}

}  // namespace gatemap::exporter
