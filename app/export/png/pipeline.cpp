// PngStreamWriter (png_writer.hpp): the caller's side (strips in, pooled and lent), the worker
// threads that compress jobs (encode.hpp) and write their IDAT chunks in image order.
#include "app/export/png_writer.hpp"

#include <sys/mman.h>
#include <zlib.h>

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "app/export/atomic_file.hpp"
#include "app/export/png/chunks.hpp"
#include "app/export/png/encode.hpp"
#include "app/export/png/filters.hpp"
#include "app/export/png/pipeline.hpp"

namespace gatemap::exporter {
namespace png {
namespace {
constexpr int kMaxWidth = 1 << 22;  // keeps one row (and so one IDAT of one row) far below 2^31 bytes
}  // namespace

PixelMemory::PixelMemory(std::size_t bytes) {
  constexpr std::size_t kHuge = 2u << 20;
  size_ = (bytes + kHuge - 1) / kHuge * kHuge;
  map_size_ = size_ + kHuge;  // room to align
  void* p = ::mmap(nullptr, map_size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  map_ = static_cast<std::uint8_t*>(p);
  data_ = reinterpret_cast<std::uint8_t*>((reinterpret_cast<std::uintptr_t>(map_) + kHuge - 1) & ~(kHuge - 1));
  (void)::madvise(data_, size_, MADV_HUGEPAGE);  // advice only: fine if THP is off
}

PixelMemory::~PixelMemory() { ::munmap(map_, map_size_); }

}  // namespace png

using png::BlockEncoder;
using png::Buffer;
using png::idat_crc;
using png::idat_end;
using png::Job;
using png::put_be32;

struct PngStreamWriter::Impl {
  PngOptions opt;
  AtomicFile file;
  int width = 0, height = 0;
  int bpp = 4;              // output bytes per pixel
  std::size_t in_row = 0;   // RGBA bytes per row
  std::size_t out_row = 0;  // filtered bytes per row (1 + width × bpp)
  int block_rows = 1;       // rows per job
  int buffer_rows = 1;      // rows per pooled buffer
  int rows_in = 0;          // rows received from the caller
  bool open = false;

  std::vector<std::unique_ptr<Buffer>> buffers;
  std::vector<std::unique_ptr<Job>> jobs;
  Buffer* current = nullptr;  // being filled by write_rows
  Buffer* lent = nullptr;     // handed out by begin_rows, until commit_rows
  int lent_rows = 0;

  std::mutex m;
  std::condition_variable work_cv, free_cv, done_cv;
  std::vector<Buffer*> free_buffers;
  std::vector<Job*> free_jobs;
  std::deque<Job*> queue;     // waiting for a worker
  std::deque<Job*> in_order;  // submitted and not yet written, in image order
  bool emitting = false;
  bool stopping = false;
  std::exception_ptr error;
  uLong adler_total = 1;  // Adler-32 of the jobs written so far
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
    lent = nullptr;
  }

  void start_workers() {
    const int n = thread_count();
    const int jobs_per_buffer = (buffer_rows + block_rows - 1) / block_rows;
    const int nbuf = std::clamp(opt.buffers, 2, 64);
    for (int i = 0; i < nbuf; ++i)
      buffers.push_back(std::make_unique<Buffer>(in_row * static_cast<std::size_t>(buffer_rows), in_row));
    for (int i = 0; i < nbuf * jobs_per_buffer + n; ++i) {
      jobs.push_back(std::make_unique<Job>());
      free_jobs.push_back(jobs.back().get());
    }
    for (int i = 0; i < n; ++i) workers.emplace_back([this, i] { worker(i == 0); });
  }

  int thread_count() const {
    const int n = opt.threads > 0 ? opt.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    return std::clamp(n, 1, 64);
  }

  // First worker, before any job: touches the pool so that the caller finds it mapped, and hands
  // the buffers out one by one as they are ready.
  void prefault_pool() {
    for (auto& b : buffers) {
      {
        std::lock_guard lock(m);
        if (stopping) return;
      }
      b->memory.prefault();
      std::lock_guard lock(m);
      free_buffers.push_back(b.get());
      free_cv.notify_all();
    }
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
    b->bottom_up = false;
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
      std::uint8_t* dst = current->memory.data() + in_row * static_cast<std::size_t>(current->rows);
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

  void worker(bool prefaults) {
    if (prefaults) prefault_pool();
    std::optional<BlockEncoder> encoder;
    try {
      encoder.emplace(opt, width, bpp);
    } catch (...) {
      std::lock_guard lock(m);
      fail(std::current_exception());
      return;
    }

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
          encoder->encode(*j);
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
      j.crc = idat_crc(j.out.get(), j.data_size);
    }
    idat_end(j.out.get(), j.data_size, j.crc);
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
  if (width < 1 || height < 1 || width > png::kMaxWidth)
    throw ExportError(ExportError::Kind::invalid, path,
                      path.string() + ": invalid PNG size " + std::to_string(width) + " x " + std::to_string(height) +
                          " (width 1.." + std::to_string(png::kMaxWidth) + ", height >= 1)");
  png::check_metadata(path, metadata);
  s.width = width;
  s.height = height;
  s.bpp = s.opt.opaque ? 3 : 4;
  s.in_row = static_cast<std::size_t>(width) * 4;
  s.out_row = 1 + static_cast<std::size_t>(width) * static_cast<std::size_t>(s.bpp);
  s.block_rows =
      static_cast<int>(std::clamp<std::size_t>(s.opt.block_bytes / s.in_row, 1, static_cast<std::size_t>(height)));
  // A pooled buffer holds several blocks, so that one strip spreads over all workers; by default
  // about one huge page (2 MiB) of rows.
  const int auto_rows = std::max(s.block_rows * s.thread_count(), static_cast<int>((2u << 20) / s.in_row));
  s.buffer_rows = std::max(1, std::min(height, s.opt.strip_rows > 0 ? s.opt.strip_rows : auto_rows));
  s.rows_in = 0;
  s.adler_total = 1;
  s.error = nullptr;
  s.stopping = false;

  s.file = AtomicFile(path, force);
  try {
    png::write_head(s.file, width, height, s.opt, metadata);
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

RowBuffer PngStreamWriter::begin_rows(int rows) {
  Impl& s = *impl_;
  if (!s.open) throw ExportError(ExportError::Kind::invalid, {}, "PNG writer: begin_rows without open");
  if (s.lent != nullptr || rows < 1 || rows > s.buffer_rows || rows > s.height - s.rows_in) {
    std::filesystem::path p = s.file.destination();
    const std::string why = s.lent != nullptr ? "begin_rows twice without commit_rows"
                                              : std::to_string(rows) + " rows asked after " +
                                                    std::to_string(s.rows_in) + " of " + std::to_string(s.height) +
                                                    " (at most " + std::to_string(s.buffer_rows) + " per strip)";
    abort();
    throw ExportError(ExportError::Kind::invalid, p, p.string() + ": " + why);
  }
  s.rethrow_if_failed();
  if (s.current != nullptr) s.submit(std::exchange(s.current, nullptr));  // rows copied by write_rows so far
  s.lent = s.acquire_buffer();
  s.lent_rows = rows;
  return {s.lent->memory.data(), s.in_row, rows};
}

void PngStreamWriter::commit_rows(bool bottom_up) {
  Impl& s = *impl_;
  if (!s.open || s.lent == nullptr)
    throw ExportError(ExportError::Kind::invalid, {}, "PNG writer: commit_rows without begin_rows");
  Buffer* b = std::exchange(s.lent, nullptr);
  b->rows = s.lent_rows;
  b->bottom_up = bottom_up;
  s.rows_in += b->rows;
  s.submit(b);
}

int PngStreamWriter::max_strip_rows() const { return impl_->buffer_rows; }

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
    png::write_end(s.file);
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

}  // namespace gatemap::exporter
