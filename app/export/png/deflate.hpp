#pragma once
// A deflate encoder for rows of pixels (the PNG encoder's "pixel" encoder, png_writer.hpp).
//
// zlib spends ~1.5 ns per byte hashing and sliding its window; map images need far less: their
// redundancy is runs of equal pixels (flat fills) and pixels equal to the ones above (vertical
// edges, text columns). This encoder looks only for those two matches, at pixel granularity and
// four pixels per SSE2 compare, and codes each chunk of rows as one dynamic-Huffman deflate block
// (or a stored block when that is smaller, e.g. for noise). The output is ordinary deflate that
// any inflater reads.
//
// Kept over zlib level 1 and libspng by measurement (issue 13; figures in png_writer.hpp and
// docs/performance.md): whole 4K / 8K exports of the default data, 15 interleaved runs each, took
// 0.65 / 1.09 s (median wall) against 0.77 / 1.30 s with zlib level 1 in the same two-thread
// pipeline and 0.80 / 1.35 s with libspng, and 34 / 103 ms less CPU than zlib, paired by run
// (14 and 15 of 15 runs); the price is files 13–17 % larger than zlib level 1's (1.12 vs 0.95 MB
// at 4K, 2.71 vs 2.40 MB at 8K).
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace gatemap::exporter::png::pixel_deflate {

constexpr int kMaxCodeBits = 15;  // literal/length and distance codes
constexpr int kMaxClBits = 7;     // code-length codes
constexpr int kNumLitLen = 286, kNumDist = 30, kNumCl = 19;
constexpr int kMaxMatch = 258;

struct DistCode {
  int symbol = 0, extra_bits = 0, extra_value = 0;
};

class BitWriter {
 public:
  explicit BitWriter(std::uint8_t* out) : out_(out) {}
  void put(std::uint32_t value, int bits) {  // bits ≤ 32
    acc_ |= std::uint64_t(value) << n_;
    n_ += bits;
    if (n_ >= 32) {
      const auto lo = std::uint32_t(acc_);
      std::memcpy(out_, &lo, 4);  // little-endian hosts only (x86-64, aarch64)
      out_ += 4;
      acc_ >>= 32;
      n_ -= 32;
    }
  }
  void align_to_byte() { put(0, (8 - (n_ & 7)) & 7); }
  // Writes out whole bytes; only valid when byte-aligned.
  void flush_bytes() {
    while (n_ > 0) {
      *out_++ = std::uint8_t(acc_);
      acc_ >>= 8;
      n_ -= 8;
    }
    n_ = 0;
    acc_ = 0;
  }
  void copy_bytes(const std::uint8_t* p, std::size_t n) {  // after align_to_byte() + flush_bytes()
    std::memcpy(out_, p, n);
    out_ += n;
  }
  int pending_bits() const { return n_; }
  std::uint8_t* position() const { return out_; }

  // The state, for a hot loop that keeps it in registers (fewer than 8 bits pending on return).
  struct Raw {
    std::uint8_t* out;
    std::uint64_t acc;
    unsigned n;
  };
  Raw raw() {
    while (n_ >= 8) {  // leave fewer than 8 bits pending
      *out_++ = std::uint8_t(acc_);
      acc_ >>= 8;
      n_ -= 8;
    }
    return {out_, acc_, unsigned(n_)};
  }
  void set_raw(const Raw& r) {
    out_ = r.out;
    acc_ = r.acc;
    n_ = int(r.n);
  }

 private:
  std::uint8_t* out_;
  std::uint64_t acc_ = 0;
  int n_ = 0;
};

// One RGBA8 pixel read as a word (little-endian: R in the low byte, alpha in the high byte).
typedef std::uint32_t __attribute__((__may_alias__)) Pixel;

// Tokens: a literal byte (< 256), or 0x8000 | distance kind << 8 | (length − 3).
constexpr std::uint16_t kMatchFlag = 0x8000;

class Encoder {
 public:
  // bpp: output bytes per pixel (3: RGB, alpha dropped; 4: RGBA); width in pixels.
  void reset_image(int width, int bpp);

  // Appends one row (filter type 0 + pixels) to the pending block. `up`: the row above in the same
  // deflate stream, or null.
  void add_row(const Pixel* cur, const Pixel* up);

  // Sizes the pending rows as one block (dynamic Huffman, or stored when smaller): returns bits.
  std::uint64_t plan_block(std::size_t raw_size);

  // Writes the planned block; `raw`: the rows' bytes as they go out (for a stored block).
  void write_block(BitWriter& out, const std::uint8_t* raw, std::size_t raw_size, bool final);

  // Forgets the pending rows (another encoder took them).
  void discard_block() { clear(); }

  // Ends a non-final stream segment on a byte boundary with an empty stored block (what zlib's
  // Z_SYNC_FLUSH emits), so that the next job's blocks can follow byte-aligned.
  static void sync_flush(BitWriter& out) {
    out.put(0, 3);
    out.align_to_byte();
    out.put(0xFFFF0000u, 32);
    out.flush_bytes();
  }

 private:
  struct Header {
    std::uint8_t cl_len[kNumCl] = {};
    std::uint16_t cl_code[kNumCl] = {};
    std::vector<std::uint16_t> symbols;  // code-length symbol | extra value << 5
    int hlit = 257, hdist = 1, hclen = 4;
    std::uint64_t bits = 0;  // header size after the 3 block-type bits
  };

  struct Plan {
    std::uint8_t ll_len[kNumLitLen] = {}, d_len[kNumDist] = {};
    std::uint32_t freq_d[kNumDist] = {};
    Header header;
    bool stored = false;
  };

  // Pixels from x (≥ 1) on that equal neither their left nor their upper neighbour.
  int literal_run(const Pixel* cur, const Pixel* up, int x, int w) const;
  std::uint16_t* literals(std::uint16_t* t, const std::uint8_t* px, int pixels);
  std::uint16_t* match(std::uint16_t* t, int kind, int length);
  Header make_header(const std::uint8_t* ll_len, const std::uint8_t* d_len) const;
  static void write_header(BitWriter& out, const Header& h);
  void write_tokens(BitWriter& out, const std::uint16_t* ll_code, const std::uint8_t* ll_len,
                    const std::uint16_t* d_code, const std::uint8_t* d_len) const;
  static void write_stored(BitWriter& out, const std::uint8_t* raw, std::size_t size, bool final);
  void clear();

  int width_ = 0, bpp_ = 3;
  std::uint32_t mask_ = 0;
  std::size_t row_bytes_ = 0;
  bool up_allowed_ = true;
  DistCode dist_[2];
  std::vector<std::uint16_t> tokens_;
  std::uint32_t pending_ = 0;
  std::array<std::uint32_t, kNumLitLen> freq_ll_{};
  std::uint32_t dist_uses_[2] = {};
  std::uint64_t extra_bits_ = 0;
  Plan plan_;
};

}  // namespace gatemap::exporter::png::pixel_deflate
