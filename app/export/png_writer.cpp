#include "app/export/png_writer.hpp"

#include <immintrin.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

#include "app/export/atomic_file.hpp"

namespace gatemap::exporter {
namespace {

constexpr int kMaxWidth = 1 << 22;  // keeps one row (and so one IDAT of one row) far below 2^31 bytes

void put_be32(std::uint8_t* p, std::uint32_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 24);
  p[1] = static_cast<std::uint8_t>(v >> 16);
  p[2] = static_cast<std::uint8_t>(v >> 8);
  p[3] = static_cast<std::uint8_t>(v);
}

std::uint32_t load32(const std::uint8_t* p) {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// Byte-wise a - b within a 32-bit word (no borrow between bytes): one pixel's filter at once.
std::uint32_t sub_bytes(std::uint32_t a, std::uint32_t b) {
  return ((a | 0x80808080u) - (b & 0x7f7f7f7fu)) ^ ((a ^ ~b) & 0x80808080u);
}

// Filters one row of RGBA8 `cur` into out[0] (filter type) and out[1 .. width*bpp].
// RGB output stores 4 bytes per pixel at a 3-byte pitch (the next store overwrites the spare
// byte), which keeps the inner loop branch-free; `out` therefore has one spare byte at the end.
// SUB: left neighbour; UP: the pixel above (`prev`, nullable: the first row of a block uses SUB).
template <int Bpp>
void filter_sub(const std::uint8_t* cur, std::uint8_t* out, int width) {
  out[0] = 1;
  std::uint32_t left = 0;
  for (int x = 0; x < width; ++x) {
    std::uint32_t px = load32(cur + 4 * x);
    std::uint32_t d = sub_bytes(px, left);
    std::memcpy(out + 1 + Bpp * x, &d, 4);
    left = px;
  }
}

template <int Bpp>
void filter_up(const std::uint8_t* cur, const std::uint8_t* prev, std::uint8_t* out, int width) {
  out[0] = 2;
  if constexpr (Bpp == 4) {
    // Same layout in and out: a plain byte loop the compiler vectorises.
    std::uint8_t* o = out + 1;
    for (int i = 0; i < 4 * width; ++i) o[i] = static_cast<std::uint8_t>(cur[i] - prev[i]);
  } else {
    for (int x = 0; x < width; ++x) {
      std::uint32_t d = sub_bytes(load32(cur + 4 * x), load32(prev + 4 * x));
      std::memcpy(out + 1 + Bpp * x, &d, 4);
    }
  }
}

std::uint64_t abs_sum(const std::uint8_t* p, std::size_t n) {
  std::uint64_t s = 0;
  for (std::size_t i = 0; i < n; ++i) {
    int v = static_cast<std::int8_t>(p[i]);
    s += static_cast<std::uint64_t>(v < 0 ? -v : v);
  }
  return s;
}

// Adler-32 with SSSE3 (what zlib 1.2.13 does one byte at a time costs ~10 % of the encode).
// Same scheme as Chromium's zlib adler32_simd: 32 bytes per step, sums reduced every NMAX bytes.
__attribute__((target("ssse3"))) std::uint32_t adler32_ssse3(std::uint32_t adler, const std::uint8_t* buf,
                                                              std::size_t len) {
  constexpr std::uint32_t kBase = 65521;
  constexpr std::size_t kBlocksPerReduction = 5552 / 32;
  std::uint32_t s1 = adler & 0xffff, s2 = adler >> 16;
  const __m128i tap1 = _mm_setr_epi8(32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17);
  const __m128i tap2 = _mm_setr_epi8(16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1);
  const __m128i zero = _mm_setzero_si128(), ones = _mm_set1_epi16(1);
  while (len >= 32) {
    std::size_t n = std::min(len / 32, kBlocksPerReduction);
    len -= n * 32;
    __m128i v_ps = _mm_set_epi32(0, 0, 0, static_cast<int>(s1 * n));
    __m128i v_s2 = _mm_set_epi32(0, 0, 0, static_cast<int>(s2));
    __m128i v_s1 = zero;
    do {
      const __m128i b1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(buf));
      const __m128i b2 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(buf + 16));
      v_ps = _mm_add_epi32(v_ps, v_s1);
      v_s1 = _mm_add_epi32(v_s1, _mm_sad_epu8(b1, zero));
      v_s2 = _mm_add_epi32(v_s2, _mm_madd_epi16(_mm_maddubs_epi16(b1, tap1), ones));
      v_s1 = _mm_add_epi32(v_s1, _mm_sad_epu8(b2, zero));
      v_s2 = _mm_add_epi32(v_s2, _mm_madd_epi16(_mm_maddubs_epi16(b2, tap2), ones));
      buf += 32;
    } while (--n);
    v_s2 = _mm_add_epi32(v_s2, _mm_slli_epi32(v_ps, 5));
    v_s1 = _mm_add_epi32(v_s1, _mm_shuffle_epi32(v_s1, _MM_SHUFFLE(2, 3, 0, 1)));
    v_s1 = _mm_add_epi32(v_s1, _mm_shuffle_epi32(v_s1, _MM_SHUFFLE(1, 0, 3, 2)));
    s1 += static_cast<std::uint32_t>(_mm_cvtsi128_si32(v_s1));
    v_s2 = _mm_add_epi32(v_s2, _mm_shuffle_epi32(v_s2, _MM_SHUFFLE(2, 3, 0, 1)));
    v_s2 = _mm_add_epi32(v_s2, _mm_shuffle_epi32(v_s2, _MM_SHUFFLE(1, 0, 3, 2)));
    s2 = static_cast<std::uint32_t>(_mm_cvtsi128_si32(v_s2));
    s1 %= kBase;
    s2 %= kBase;
  }
  for (; len > 0; --len) {
    s1 += *buf++;
    s2 += s1;
  }
  return (s2 % kBase) << 16 | (s1 % kBase);
}

std::uint32_t fast_adler32(std::uint32_t adler, const std::uint8_t* buf, std::size_t len) {
  static const bool ssse3 = __builtin_cpu_supports("ssse3");
  if (ssse3) return adler32_ssse3(adler, buf, len);
  return static_cast<std::uint32_t>(adler32_z(adler, buf, len));
}

bool valid_keyword(const std::string& k) {
  if (k.empty() || k.size() > 79 || k.front() == ' ' || k.back() == ' ') return false;
  for (std::size_t i = 0; i < k.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(k[i]);
    if (c < 32 || c > 126) return false;  // printable ASCII: a subset of PNG's Latin-1 that UTF-8 agrees on
    if (c == ' ' && k[i + 1] == ' ') return false;
  }
  return true;
}

bool valid_utf8(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int n = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
    if (c == 0 || n < 0 || (n == 1 && c < 0xC2) || i + static_cast<std::size_t>(n) >= s.size() + (n == 0 ? 1 : 0))
      return false;
    std::uint32_t cp = n == 0 ? c : c & (0x3F >> n);
    for (int k = 1; k <= n; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
      if ((cc >> 6) != 2) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += static_cast<std::size_t>(n) + 1;
  }
  return true;
}

// A pooled RGBA strip: filled by the caller, read by the workers, reused when its jobs are done.
struct Buffer {
  std::unique_ptr<std::uint8_t[]> data;
  int rows = 0;             // rows filled
  int pending_jobs = 0;     // jobs not yet compressed
};

// One block of rows → one IDAT chunk.
struct Job {
  Buffer* buffer = nullptr;
  int first = 0, rows = 0;  // rows [first, first + rows) of the buffer
  bool stream_start = false, stream_end = false;
  std::unique_ptr<std::uint8_t[]> out;  // [8: chunk length + "IDAT"][zlib data][4: CRC]
  std::size_t out_capacity = 0;
  std::size_t data_size = 0;            // zlib bytes at out + 8
  std::size_t filtered_size = 0;        // uncompressed bytes (filter type + pixel bytes per row)
  uLong adler = 1;
  uLong crc = 0;                        // over "IDAT" + data, except for the stream's end (patched later)
  bool done = false;
};

}  // namespace

struct PngStreamWriter::Impl {
  PngOptions opt;
  AtomicFile file;
  int width = 0, height = 0;
  int bpp = 4;                  // output bytes per pixel
  std::size_t in_row = 0;       // RGBA bytes per row
  std::size_t out_row = 0;      // filtered bytes per row (1 + width × bpp)
  int block_rows = 1;           // rows per job
  int buffer_rows = 1;          // rows per pooled buffer
  int rows_in = 0;              // rows received from the caller
  bool open = false;

  std::vector<std::unique_ptr<Buffer>> buffers;
  std::vector<std::unique_ptr<Job>> jobs;
  Buffer* current = nullptr;    // being filled by write_rows

  std::mutex m;
  std::condition_variable work_cv, free_cv, done_cv;
  std::vector<Buffer*> free_buffers;
  std::vector<Job*> free_jobs;
  std::deque<Job*> queue;       // waiting for a worker
  std::deque<Job*> in_order;    // submitted and not yet written, in image order
  bool emitting = false;
  bool stopping = false;
  std::exception_ptr error;
  uLong adler_total = 1;
  std::vector<std::thread> workers;

  ~Impl() { stop(); }

  void stop() noexcept {
    {
      std::lock_guard lock(m);
      stopping = true;
    }
    work_cv.notify_all();
    for (auto& t : workers) t.join();
    workers.clear();
  }

  void fail(std::exception_ptr e) {  // with m held
    if (!error) error = std::move(e);
    free_cv.notify_all();
    done_cv.notify_all();
  }

  void rethrow_if_failed() {
    std::exception_ptr e;
    {
      std::lock_guard lock(m);
      e = error;
    }
    if (e) {
      abort();
      std::rethrow_exception(e);
    }
  }

  void abort() noexcept {
    stop();
    file.abort();
    open = false;
    current = nullptr;
  }

  void write_chunk(const char* type, const std::uint8_t* data, std::size_t size) {
    std::uint8_t head[8];
    put_be32(head, static_cast<std::uint32_t>(size));
    std::memcpy(head + 4, type, 4);
    uLong crc = crc32(0, head + 4, 4);
    if (size > 0) crc = crc32(crc, data, static_cast<uInt>(size));
    std::uint8_t tail[4];
    put_be32(tail, static_cast<std::uint32_t>(crc));
    file.write(head, 8);
    if (size > 0) file.write(data, size);
    file.write(tail, 4);
  }

  void write_header(const Metadata& metadata) {
    static const std::uint8_t signature[8] = {137, 80, 78, 71, 13, 10, 26, 10};
    file.write(signature, 8);
    std::uint8_t ihdr[13];
    put_be32(ihdr, static_cast<std::uint32_t>(width));
    put_be32(ihdr + 4, static_cast<std::uint32_t>(height));
    ihdr[8] = 8;                          // bit depth
    ihdr[9] = opt.opaque ? 2 : 6;         // RGB or RGBA
    ihdr[10] = ihdr[11] = ihdr[12] = 0;   // deflate, adaptive filtering, no interlace
    write_chunk("IHDR", ihdr, 13);
    if (opt.srgb) {
      const std::uint8_t intent = 0;      // perceptual
      write_chunk("sRGB", &intent, 1);
    }
    if (opt.dpi > 0) {
      std::uint8_t phys[9];
      auto ppm = static_cast<std::uint32_t>(std::lround(opt.dpi / 0.0254));
      put_be32(phys, ppm);
      put_be32(phys + 4, ppm);
      phys[8] = 1;                        // unit: metre
      write_chunk("pHYs", phys, 9);
    }
    std::vector<std::uint8_t> itxt;
    for (const auto& [key, value] : metadata) {
      // keyword \0, compression flag 0, method 0, language "" \0, translated keyword "" \0, text
      itxt.assign(key.begin(), key.end());
      const std::uint8_t fields[5] = {0, 0, 0, 0, 0};
      itxt.insert(itxt.end(), fields, fields + 5);
      itxt.insert(itxt.end(), value.begin(), value.end());
      write_chunk("iTXt", itxt.data(), itxt.size());
    }
  }

  void start_workers() {
    int n = opt.threads > 0 ? opt.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    n = std::clamp(n, 1, 64);
    const int jobs_per_buffer = (buffer_rows + block_rows - 1) / block_rows;
    const std::size_t buffer_bytes = in_row * static_cast<std::size_t>(buffer_rows);
    const int nbuf = static_cast<int>(std::clamp<std::size_t>(opt.pool_bytes / buffer_bytes, 2, 64));
    for (int i = 0; i < nbuf; ++i) {
      auto b = std::make_unique<Buffer>();
      b->data = std::make_unique_for_overwrite<std::uint8_t[]>(in_row * static_cast<std::size_t>(buffer_rows));
      free_buffers.push_back(b.get());
      buffers.push_back(std::move(b));
    }
    for (int i = 0; i < nbuf * jobs_per_buffer + n; ++i) {
      jobs.push_back(std::make_unique<Job>());
      free_jobs.push_back(jobs.back().get());
    }
    for (int i = 0; i < n; ++i) workers.emplace_back([this] { worker(); });
  }

  Buffer* acquire_buffer() {
    std::unique_lock lock(m);
    free_cv.wait(lock, [&] { return !free_buffers.empty() || error; });
    if (error) {
      lock.unlock();
      rethrow_if_failed();
    }
    Buffer* b = free_buffers.back();
    free_buffers.pop_back();
    b->rows = 0;
    return b;
  }

  // Splits a filled buffer into jobs and queues them. `last_row` of the buffer is image row rows_in - 1.
  void submit(Buffer* b) {
    const int first_image_row = rows_in - b->rows;
    std::unique_lock lock(m);
    b->pending_jobs = (b->rows + block_rows - 1) / block_rows;
    for (int r = 0; r < b->rows; r += block_rows) {
      free_cv.wait(lock, [&] { return !free_jobs.empty() || error; });
      if (error) break;
      Job* j = free_jobs.back();
      free_jobs.pop_back();
      j->buffer = b;
      j->first = r;
      j->rows = std::min(block_rows, b->rows - r);
      j->stream_start = first_image_row + r == 0;
      j->stream_end = first_image_row + r + j->rows == height;
      j->done = false;
      queue.push_back(j);
      in_order.push_back(j);
      work_cv.notify_one();
    }
    if (error) {
      lock.unlock();
      rethrow_if_failed();
    }
  }

  void copy_rows(const std::uint8_t* src, int count, std::ptrdiff_t stride) {
    while (count > 0) {
      if (current == nullptr) current = acquire_buffer();
      int n = std::min(count, buffer_rows - current->rows);
      std::uint8_t* dst = current->data.get() + in_row * static_cast<std::size_t>(current->rows);
      if (stride == static_cast<std::ptrdiff_t>(in_row)) {
        std::memcpy(dst, src, in_row * static_cast<std::size_t>(n));
        src += in_row * static_cast<std::size_t>(n);
      } else {
        for (int i = 0; i < n; ++i, src += stride, dst += in_row) std::memcpy(dst, src, in_row);
      }
      current->rows += n;
      rows_in += n;
      count -= n;
      if (current->rows == buffer_rows || rows_in == height) {
        Buffer* b = current;
        current = nullptr;
        submit(b);
      }
    }
  }

  // ---- worker side ----

  struct Deflater {
    z_stream zs{};
    bool ready = false;
    std::unique_ptr<std::uint8_t[]> filtered;   // a few rows at a time, so that they stay in cache
    std::unique_ptr<std::uint8_t[]> scratch;    // the other candidate row (adaptive filter)
    std::size_t filtered_capacity = 0;
    ~Deflater() {
      if (ready) deflateEnd(&zs);
    }
  };

  void worker() {
    Deflater d;
    // Raw deflate (negative window bits): no zlib framing per job, and no Adler-32 computed by
    // zlib's byte-at-a-time loop; compress() frames the stream and sums with SSSE3.
    if (deflateInit2(&d.zs, opt.level, Z_DEFLATED, -15, 8, opt.rle ? Z_RLE : Z_DEFAULT_STRATEGY) != Z_OK) {
      std::lock_guard lock(m);
      fail(std::make_exception_ptr(ExportError(ExportError::Kind::library, file.destination(),
                                               file.destination().string() + ": zlib could not start")));
      return;
    }
    d.ready = true;
    const std::size_t rows_per_chunk = std::max<std::size_t>(1, (128u << 10) / out_row);
    d.filtered_capacity = rows_per_chunk * out_row + 1;
    d.filtered = std::make_unique_for_overwrite<std::uint8_t[]>(d.filtered_capacity);
    d.scratch = std::make_unique_for_overwrite<std::uint8_t[]>(out_row + 1);

    std::unique_lock lock(m);
    for (;;) {
      work_cv.wait(lock, [&] { return stopping || !queue.empty(); });
      if (stopping) return;
      Job* j = queue.front();
      queue.pop_front();
      bool skip = static_cast<bool>(error);
      lock.unlock();
      if (!skip) {
        try {
          compress(d, *j, rows_per_chunk);
        } catch (...) {
          lock.lock();
          fail(std::current_exception());
          lock.unlock();
        }
      }
      lock.lock();
      j->done = true;
      if (--j->buffer->pending_jobs == 0) {
        free_buffers.push_back(j->buffer);
        free_cv.notify_all();
      }
      emit_ready(lock);
    }
  }

  void filter_row(Deflater& d, const std::uint8_t* cur, const std::uint8_t* prev, std::uint8_t* out) {
    // A block's first row has no row above within the block: UP and adaptive fall back to SUB.
    PngFilter f = prev == nullptr && opt.filter != PngFilter::none ? PngFilter::sub : opt.filter;
    switch (f) {
      case PngFilter::none:
        out[0] = 0;
        if (bpp == 4) {
          std::memcpy(out + 1, cur, in_row);
        } else {
          for (int x = 0; x < width; ++x) std::memcpy(out + 1 + 3 * x, cur + 4 * x, 4);
        }
        return;
      case PngFilter::sub:
        bpp == 4 ? filter_sub<4>(cur, out, width) : filter_sub<3>(cur, out, width);
        return;
      case PngFilter::up:
        bpp == 4 ? filter_up<4>(cur, prev, out, width) : filter_up<3>(cur, prev, out, width);
        return;
      case PngFilter::adaptive: {
        std::uint8_t* alt = d.scratch.get();
        bpp == 4 ? filter_sub<4>(cur, out, width) : filter_sub<3>(cur, out, width);
        bpp == 4 ? filter_up<4>(cur, prev, alt, width) : filter_up<3>(cur, prev, alt, width);
        if (abs_sum(alt + 1, out_row - 1) < abs_sum(out + 1, out_row - 1)) std::memcpy(out, alt, out_row);
        return;
      }
    }
  }

  void deflate_into(Deflater& d, Job& j, const std::uint8_t* in, std::size_t size, int flush) {
    z_stream& zs = d.zs;
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
        throw ExportError(ExportError::Kind::library, file.destination(),
                          file.destination().string() + ": zlib deflate failed (" + std::to_string(rc) + ")");
      if (flush == Z_FINISH ? rc == Z_STREAM_END : (zs.avail_in == 0 && zs.avail_out > 0)) return;
    }
  }

  // A raw deflate stream per job (so blocks concatenate), framed here: the first job carries the
  // zlib header, the last leaves room for the Adler-32 of the whole stream (filled in write_job).
  void compress(Deflater& d, Job& j, std::size_t rows_per_chunk) {
    j.filtered_size = out_row * static_cast<std::size_t>(j.rows);
    std::size_t need = deflateBound(&d.zs, j.filtered_size) + 64 + 8 + 2 + 4 + 4;
    if (j.out_capacity < need) {
      j.out = std::make_unique_for_overwrite<std::uint8_t[]>(need);
      j.out_capacity = need;
    }
    deflateReset(&d.zs);
    std::uint8_t* data = j.out.get() + 8;
    d.zs.next_out = data;
    if (j.stream_start) {
      const unsigned cmf = 0x78;  // deflate, 32 KiB window
      const unsigned flevel = opt.level < 2 ? 0 : opt.level < 6 ? 1 : opt.level == 6 ? 2 : 3;
      unsigned flg = flevel << 6;
      flg += 31 - (cmf * 256 + flg) % 31;
      data[0] = static_cast<std::uint8_t>(cmf);
      data[1] = static_cast<std::uint8_t>(flg);
      d.zs.next_out += 2;
    }
    std::uint32_t adler = 1;
    const std::uint8_t* base = j.buffer->data.get();
    std::size_t in_chunk = 0;
    for (int r = 0; r < j.rows; ++r) {
      const std::uint8_t* cur = base + in_row * static_cast<std::size_t>(j.first + r);
      const std::uint8_t* prev = r == 0 ? nullptr : cur - in_row;
      filter_row(d, cur, prev, d.filtered.get() + in_chunk * out_row);
      if (++in_chunk == rows_per_chunk || r + 1 == j.rows) {
        int flush = r + 1 < j.rows ? Z_NO_FLUSH : (j.stream_end ? Z_FINISH : Z_SYNC_FLUSH);
        adler = fast_adler32(adler, d.filtered.get(), in_chunk * out_row);
        deflate_into(d, j, d.filtered.get(), in_chunk * out_row, flush);
        in_chunk = 0;
      }
    }
    j.adler = adler;
    data = j.out.get() + 8;  // deflate_into may have moved the buffer
    j.data_size = static_cast<std::size_t>(d.zs.next_out - data) + (j.stream_end ? 4 : 0);
    put_be32(j.out.get(), static_cast<std::uint32_t>(j.data_size));
    std::memcpy(j.out.get() + 4, "IDAT", 4);
    if (!j.stream_end) j.crc = crc32(0, j.out.get() + 4, static_cast<uInt>(4 + j.data_size));
  }

  // Writes finished jobs in image order; one thread at a time (`emitting`), others go back to work.
  void emit_ready(std::unique_lock<std::mutex>& lock) {
    if (emitting) return;
    emitting = true;
    while (!in_order.empty() && in_order.front()->done && !stopping) {
      Job* j = in_order.front();
      in_order.pop_front();
      bool ok = !error;
      lock.unlock();
      if (ok) {
        try {
          write_job(*j);
        } catch (...) {
          lock.lock();
          fail(std::current_exception());
          lock.unlock();
        }
      }
      lock.lock();
      free_jobs.push_back(j);
      free_cv.notify_all();
    }
    emitting = false;
    done_cv.notify_all();
  }

  void write_job(Job& j) {
    adler_total = adler32_combine(adler_total, j.adler, static_cast<z_off_t>(j.filtered_size));
    std::uint8_t* data = j.out.get() + 8;
    if (j.stream_end) {  // the zlib trailer: Adler-32 of the whole stream, big-endian
      put_be32(data + j.data_size - 4, static_cast<std::uint32_t>(adler_total));
      j.crc = crc32(0, j.out.get() + 4, static_cast<uInt>(4 + j.data_size));
    }
    put_be32(data + j.data_size, static_cast<std::uint32_t>(j.crc));
    file.write(j.out.get(), 8 + j.data_size + 4);
  }
};

PngStreamWriter::PngStreamWriter() : PngStreamWriter(PngOptions{}) {}
PngStreamWriter::PngStreamWriter(const PngOptions& options) : impl_(std::make_unique<Impl>()) { impl_->opt = options; }
PngStreamWriter::~PngStreamWriter() { abort(); }

void PngStreamWriter::open(const std::filesystem::path& path, int width, int height, const Metadata& metadata,
                           bool force) {
  Impl& s = *impl_;
  if (s.open) throw ExportError(ExportError::Kind::invalid, path, path.string() + ": PNG writer is already open");
  if (width < 1 || height < 1 || width > kMaxWidth)
    throw ExportError(ExportError::Kind::invalid, path,
                      path.string() + ": invalid PNG size " + std::to_string(width) + " x " + std::to_string(height) +
                          " (width 1.." + std::to_string(kMaxWidth) + ", height >= 1)");
  if (s.opt.level < 1 || s.opt.level > 9)
    throw ExportError(ExportError::Kind::invalid, path, path.string() + ": zlib level must be 1..9");
  for (const auto& [key, value] : metadata) {
    if (!valid_keyword(key))
      throw ExportError(ExportError::Kind::invalid, path,
                        path.string() + ": invalid PNG text keyword '" + key +
                            "' (1-79 printable ASCII characters, no leading, trailing or double spaces)");
    if (!valid_utf8(value))
      throw ExportError(ExportError::Kind::invalid, path, path.string() + ": text for '" + key + "' is not valid UTF-8");
  }
  s.width = width;
  s.height = height;
  s.bpp = s.opt.opaque ? 3 : 4;
  s.in_row = static_cast<std::size_t>(width) * 4;
  s.out_row = 1 + static_cast<std::size_t>(width) * static_cast<std::size_t>(s.bpp);
  s.block_rows = static_cast<int>(std::clamp<std::size_t>(s.opt.block_bytes / s.in_row, 1, static_cast<std::size_t>(height)));
  // A pooled buffer holds several blocks, so that one caller strip spreads over all workers.
  const int threads = std::max(1, s.opt.threads > 0 ? s.opt.threads : static_cast<int>(std::thread::hardware_concurrency()));
  s.buffer_rows = std::min(height, s.block_rows * std::max(2, threads));
  s.rows_in = 0;
  s.adler_total = 1;
  s.error = nullptr;
  s.stopping = false;

  s.file = AtomicFile(path, force);
  try {
    s.write_header(metadata);
  } catch (...) {
    s.file.abort();
    throw;
  }
  s.open = true;
  s.start_workers();
}

void PngStreamWriter::write_rows(const std::uint8_t* rgba, int row_count, std::size_t stride) {
  Impl& s = *impl_;
  if (!s.open) throw ExportError(ExportError::Kind::invalid, {}, "PNG writer: write_rows without open");
  if (row_count < 0 || row_count > s.height - s.rows_in || stride < s.in_row) {
    std::filesystem::path p = s.file.destination();
    abort();
    throw ExportError(ExportError::Kind::invalid, p,
                      p.string() + ": " + std::to_string(row_count) + " rows given after " + std::to_string(s.rows_in) +
                          " of " + std::to_string(s.height) + (stride < s.in_row ? " (row stride too small)" : ""));
  }
  s.rethrow_if_failed();
  s.copy_rows(rgba, row_count, static_cast<std::ptrdiff_t>(stride));
}

void PngStreamWriter::write_rows_bottom_up(const std::uint8_t* rgba, int row_count, std::size_t stride) {
  if (row_count <= 0) return write_rows(rgba, row_count, stride);
  Impl& s = *impl_;
  if (!s.open) throw ExportError(ExportError::Kind::invalid, {}, "PNG writer: write_rows without open");
  if (row_count > s.height - s.rows_in || stride < s.in_row) return write_rows(rgba, row_count, stride);  // throws
  s.rethrow_if_failed();
  const std::uint8_t* top = rgba + stride * static_cast<std::size_t>(row_count - 1);
  s.copy_rows(top, row_count, -static_cast<std::ptrdiff_t>(stride));
}

void PngStreamWriter::finish() {
  Impl& s = *impl_;
  if (!s.open) throw ExportError(ExportError::Kind::invalid, {}, "PNG writer: finish without open");
  if (s.rows_in != s.height) {
    std::filesystem::path p = s.file.destination();
    int got = s.rows_in;
    abort();
    throw ExportError(ExportError::Kind::invalid, p,
                      p.string() + ": only " + std::to_string(got) + " of " + std::to_string(s.height) +
                          " rows were written; no file written");
  }
  {
    std::unique_lock lock(s.m);
    s.done_cv.wait(lock, [&] { return (s.in_order.empty() && !s.emitting) || s.error; });
  }
  s.rethrow_if_failed();
  s.stop();
  try {
    s.write_chunk("IEND", nullptr, 0);
    s.file.commit();
  } catch (...) {
    abort();
    throw;
  }
  s.open = false;
  s.buffers.clear();
  s.jobs.clear();
  s.free_buffers.clear();
  s.free_jobs.clear();
}

void PngStreamWriter::abort() noexcept {
  Impl& s = *impl_;
  s.abort();
  std::lock_guard lock(s.m);
  s.queue.clear();
  s.in_order.clear();
  s.free_buffers.clear();
  s.free_jobs.clear();
  s.buffers.clear();
  s.jobs.clear();
  s.emitting = false;
}

int PngStreamWriter::width() const { return impl_->width; }
int PngStreamWriter::height() const { return impl_->height; }
int PngStreamWriter::rows_written() const { return impl_->rows_in; }
const PngOptions& PngStreamWriter::options() const { return impl_->opt; }

void write_png(const std::filesystem::path& path, const std::uint8_t* rgba, int width, int height, std::size_t stride,
               const Metadata& metadata, bool force, const PngOptions& options) {
  PngStreamWriter w(options);
  w.open(path, width, height, metadata, force);
  w.write_rows(rgba, height, stride);
  w.finish();
}

}  // namespace gatemap::exporter
