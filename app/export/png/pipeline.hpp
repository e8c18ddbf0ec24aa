#pragma once
// The data of PngStreamWriter's thread pipeline (pipeline.cpp): pooled strips of rows, filled by
// the caller, and the jobs, one block of rows each, that the workers compress into IDAT chunks
// (encode.hpp) and write in image order.
#include <cstddef>
#include <cstdint>
#include <memory>

namespace gatemap::exporter::png {

// Pooled strip memory, mapped 2 MiB-aligned with transparent huge pages requested: on the
// export VMs first-touching fresh 4 KiB pages costs 3–6 ms per MiB (measured), as much as encoding
// that MiB; huge pages make it several times cheaper, and prefault() lets an idle worker pay it.
class PixelMemory {
 public:
  explicit PixelMemory(std::size_t bytes);  // throws std::bad_alloc
  ~PixelMemory();
  PixelMemory(const PixelMemory&) = delete;
  PixelMemory& operator=(const PixelMemory&) = delete;

  std::uint8_t* data() const { return data_; }
  void prefault() noexcept {
    for (std::size_t i = 0; i < size_; i += 4096) data_[i] = 0;
  }

 private:
  std::uint8_t* map_ = nullptr;
  std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0, map_size_ = 0;
};

// A pooled RGBA strip: filled by the caller, read by the workers, reused when its jobs are done.
struct Buffer {
  explicit Buffer(std::size_t bytes, std::size_t row_bytes) : memory(bytes), stride(row_bytes) {}
  PixelMemory memory;
  std::size_t stride;
  int rows = 0;            // rows filled
  bool bottom_up = false;  // row 0 of the strip is stored last (glReadPixels order)
  int pending_jobs = 0;    // jobs not yet compressed

  const std::uint8_t* row(int r) const {
    return memory.data() + stride * static_cast<std::size_t>(bottom_up ? rows - 1 - r : r);
  }
};

// One block of rows → one IDAT chunk.
struct Job {
  Buffer* buffer = nullptr;
  int first = 0, rows = 0;  // rows [first, first + rows) of the buffer
  bool stream_start = false, stream_end = false;
  std::unique_ptr<std::uint8_t[]> out;  // [8: chunk length + "IDAT"][zlib data][4: CRC]
  std::size_t out_capacity = 0;
  std::size_t data_size = 0;      // zlib bytes at out + 8
  std::size_t filtered_size = 0;  // uncompressed bytes (filter type + pixel bytes per row)
  std::uint32_t adler = 1;        // Adler-32 of this job's uncompressed bytes
  std::uint32_t crc = 0;          // over "IDAT" + data, except for the stream's end (patched later)
  bool done = false;

  const std::uint8_t* row(int r) const { return buffer->row(first + r); }  // job-relative
};

}  // namespace gatemap::exporter::png
