#include "app/export/png_writer.hpp"

#include <sys/mman.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

#include "app/export/atomic_file.hpp"

// SIMD paths are for x86-64 (SSE2 always there, SSSE3 checked at run time); elsewhere the plain
// loops below them are used.
#if defined(__x86_64__)
#define GATEMAP_PNG_X86 1
#include <immintrin.h>
#else
#define GATEMAP_PNG_X86 0
#endif

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

#if GATEMAP_PNG_X86
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

// RGBA → RGB, 4 pixels per shuffle. Stores 16 bytes for 12: `out` needs 4 bytes of slack.
__attribute__((target("ssse3"))) void rgba_to_rgb_ssse3(const std::uint8_t* in, std::uint8_t* out, int width) {
  const __m128i pack = _mm_setr_epi8(0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, -1, -1, -1, -1);
  int x = 0;
  for (; x + 4 <= width; x += 4)
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 3 * x),
                     _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(in + 4 * x)), pack));
  for (; x < width; ++x) std::memcpy(out + 3 * x, in + 4 * x, 4);
}

#endif

void rgba_to_rgb(const std::uint8_t* in, std::uint8_t* out, int width) {
#if GATEMAP_PNG_X86
  static const bool ssse3 = __builtin_cpu_supports("ssse3");
  if (ssse3) return rgba_to_rgb_ssse3(in, out, width);
#endif
  for (int x = 0; x < width; ++x) std::memcpy(out + 3 * x, in + 4 * x, 4);  // 4-byte stores at a 3-byte pitch
}

std::uint32_t fast_adler32(std::uint32_t adler, const std::uint8_t* buf, std::size_t len) {
#if GATEMAP_PNG_X86
  static const bool ssse3 = __builtin_cpu_supports("ssse3");
  if (ssse3) return adler32_ssse3(adler, buf, len);
#endif
  return static_cast<std::uint32_t>(adler32_z(adler, buf, len));
}

// ---- A deflate encoder for rows of pixels ------------------------------------------------------
//
// zlib spends ~1.5 ns per byte hashing and sliding its window; map images need far less: their
// redundancy is runs of equal pixels (flat fills) and pixels equal to the ones above (vertical
// edges, text columns). This encoder looks only for those two matches, at pixel granularity and
// four pixels per SSE2 compare, and codes each chunk of rows as one dynamic-Huffman deflate block
// (or a stored block when that is smaller, e.g. for noise). The output is ordinary deflate that
// any inflater reads; its size on map-like images is close to zlib level 1's (see png_writer.hpp).
namespace pixel_deflate {

constexpr int kMaxCodeBits = 15;    // literal/length and distance codes
constexpr int kMaxClBits = 7;       // code-length codes
constexpr int kNumLitLen = 286, kNumDist = 30, kNumCl = 19;
constexpr int kMaxMatch = 258;

struct LengthCode {
  std::uint16_t symbol;      // 257..285
  std::uint8_t extra_bits;
  std::uint8_t extra_value;
};

const LengthCode* length_codes() {  // indexed by match length 3..258
  static const auto table = [] {
    static const int base[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
    static const int bits[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
    std::array<LengthCode, kMaxMatch + 1> t{};
    for (int len = 3; len <= kMaxMatch; ++len) {
      int i = len == 258 ? 28 : 27;
      while (base[i] > len) --i;
      t[std::size_t(len)] = {std::uint16_t(257 + i), std::uint8_t(bits[i]), std::uint8_t(len - base[i])};
    }
    return t;
  }();
  return table.data();
}

struct DistCode {
  int symbol = 0, extra_bits = 0, extra_value = 0;
};

DistCode dist_code(int distance) {
  static const int base[30] = {1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,   65,    97,    129,
                               193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
  int i = 29;
  while (base[i] > distance) --i;
  return {i, i < 4 ? 0 : (i - 2) / 2, distance - base[i]};
}

// Huffman code lengths limited to max_bits (Moffat–Katajainen in place, then the Kraft-sum
// repair used by miniz). Every symbol with a non-zero frequency gets a code.
void build_lengths(const std::uint32_t* freq, int n, int max_bits, std::uint8_t* lengths) {
  struct Sym {
    std::uint32_t key;
    std::uint16_t sym;
  };
  std::array<Sym, kNumLitLen> s{};
  int used = 0;
  for (int i = 0; i < n; ++i) {
    lengths[i] = 0;
    if (freq[i] != 0) s[std::size_t(used++)] = {freq[i], std::uint16_t(i)};
  }
  if (used == 0) return;
  if (used == 1) {
    lengths[s[0].sym] = 1;
    return;
  }
  std::sort(s.begin(), s.begin() + used, [](const Sym& a, const Sym& b) { return a.key < b.key || (a.key == b.key && a.sym < b.sym); });
  std::array<std::uint32_t, kNumLitLen> a{};
  for (int i = 0; i < used; ++i) a[std::size_t(i)] = s[std::size_t(i)].key;
  // Moffat & Katajainen, "In-place calculation of minimum-redundancy codes" (1995).
  a[0] += a[1];
  int root = 0, leaf = 2;
  for (int next = 1; next < used - 1; ++next) {
    if (leaf >= used || a[std::size_t(root)] < a[std::size_t(leaf)]) {
      a[std::size_t(next)] = a[std::size_t(root)];
      a[std::size_t(root++)] = std::uint32_t(next);
    } else {
      a[std::size_t(next)] = a[std::size_t(leaf++)];
    }
    if (leaf >= used || (root < next && a[std::size_t(root)] < a[std::size_t(leaf)])) {
      a[std::size_t(next)] += a[std::size_t(root)];
      a[std::size_t(root++)] = std::uint32_t(next);
    } else {
      a[std::size_t(next)] += a[std::size_t(leaf++)];
    }
  }
  a[std::size_t(used - 2)] = 0;
  for (int next = used - 3; next >= 0; --next) a[std::size_t(next)] = a[a[std::size_t(next)]] + 1;
  int avail = 1, depth = 0, used_here = 0;
  root = used - 2;
  int next = used - 1;
  while (avail > 0) {
    while (root >= 0 && int(a[std::size_t(root)]) == depth) {
      ++used_here;
      --root;
    }
    while (avail > used_here) {
      a[std::size_t(next--)] = std::uint32_t(depth);
      --avail;
    }
    avail = 2 * used_here;
    ++depth;
    used_here = 0;
  }
  // a[i] is now the code length of s[i] (non-increasing in i). Limit to max_bits.
  std::array<int, 64> count{};
  for (int i = 0; i < used; ++i) ++count[std::min<std::size_t>(a[std::size_t(i)], 63)];
  for (int i = max_bits + 1; i < 64; ++i) count[std::size_t(max_bits)] += count[std::size_t(i)];
  std::uint32_t total = 0;
  for (int i = max_bits; i > 0; --i) total += std::uint32_t(count[std::size_t(i)]) << (max_bits - i);
  while (total != (1u << max_bits)) {
    --count[std::size_t(max_bits)];
    for (int i = max_bits - 1; i > 0; --i) {
      if (count[std::size_t(i)] != 0) {
        --count[std::size_t(i)];
        count[std::size_t(i + 1)] += 2;
        break;
      }
    }
    --total;
  }
  int j = used;
  for (int len = 1; len <= max_bits; ++len)
    for (int c = count[std::size_t(len)]; c > 0; --c) lengths[s[std::size_t(--j)].sym] = std::uint8_t(len);
}

// Canonical codes, bit-reversed for deflate's LSB-first bit order.
void build_codes(const std::uint8_t* lengths, int n, std::uint16_t* codes) {
  int bl_count[kMaxCodeBits + 1] = {};
  for (int i = 0; i < n; ++i) ++bl_count[lengths[i]];
  bl_count[0] = 0;
  int next_code[kMaxCodeBits + 2] = {};
  int code = 0;
  for (int bits = 1; bits <= kMaxCodeBits; ++bits) {
    code = (code + bl_count[bits - 1]) << 1;
    next_code[bits] = code;
  }
  for (int i = 0; i < n; ++i) {
    const int len = lengths[i];
    if (len == 0) continue;
    unsigned c = unsigned(next_code[len]++), r = 0;
    for (int b = 0; b < len; ++b, c >>= 1) r = (r << 1) | (c & 1);
    codes[i] = std::uint16_t(r);
  }
}

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

// Leading count of i < n with (a[i] ^ b[i]) & mask == 0, four pixels per compare.
int equal_run(const Pixel* a, const Pixel* b, int n, std::uint32_t mask) {
  int i = 0;
#if GATEMAP_PNG_X86
  const __m128i m = _mm_set1_epi32(int(mask)), zero = _mm_setzero_si128();
  for (; i + 4 <= n; i += 4) {
    const __m128i x = _mm_and_si128(
        _mm_xor_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(a + i)), _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + i))),
        m);
    const int eq = _mm_movemask_epi8(_mm_cmpeq_epi32(x, zero));
    if (eq != 0xFFFF) return i + (__builtin_ctz(unsigned(~eq)) >> 2);
  }
#endif
  while (i < n && ((a[i] ^ b[i]) & mask) == 0) ++i;
  return i;
}

class Encoder {
 public:
  // bpp: output bytes per pixel (3: RGB, alpha dropped; 4: RGBA); width in pixels.
  void reset_image(int width, int bpp) {
    width_ = width;
    bpp_ = bpp;
    mask_ = bpp == 3 ? 0x00FFFFFFu : 0xFFFFFFFFu;  // little-endian RGBA: alpha is the top byte
    row_bytes_ = 1 + std::size_t(width) * std::size_t(bpp);
    up_allowed_ = row_bytes_ <= 32768;  // deflate's window
    const DistCode d0 = dist_code(bpp), d1 = up_allowed_ ? dist_code(int(row_bytes_)) : DistCode{};
    dist_[0] = d0;
    dist_[1] = d1;
  }

  // Appends one row (filter type 0 + pixels) to the pending block. `up`: the row above in the same
  // deflate stream, or null.
  void add_row(const Pixel* cur, const Pixel* up) {
    if (tokens_.size() < size_t(pending_) + row_bytes_) tokens_.resize(size_t(pending_) + row_bytes_);
    std::uint16_t* t = tokens_.data() + pending_;
    *t++ = 0;  // filter type: none
    ++freq_ll_[0];
    if (!up_allowed_) up = nullptr;
    const int w = width_;
    int x = 0;
    while (x < w) {
      const bool left = x > 0 && ((cur[x] ^ cur[x - 1]) & mask_) == 0;
      const bool above = up != nullptr && ((cur[x] ^ up[x]) & mask_) == 0;
      if (left || above) {
        // A run of 8+ pixels to the left is taken without looking up: it codes in fewer bits
        // (distance 3 or 4 needs no extra bits, the row above 12–14), and flat fills, where both
        // neighbours match, are then scanned once.
        const int kl = left ? equal_run(cur + x, cur + x - 1, w - x, mask_) : 0;
        const int ku = above && kl < 8 ? equal_run(cur + x, up + x, w - x, mask_) : 0;
        if (kl >= ku) {
          t = match(t, 0, kl * bpp_);
          x += kl;
          continue;
        }
        if (ku >= 2) {
          t = match(t, 1, ku * bpp_);
          x += ku;
          continue;
        }
      }
      // Literals up to the next pixel that equals its left or upper neighbour.
      const int n = 1 + (x + 1 < w ? literal_run(cur, up, x + 1, w) : 0);
      t = literals(t, reinterpret_cast<const std::uint8_t*>(cur + x), n);
      x += n;
    }
    pending_ = std::uint32_t(t - tokens_.data());
  }

  // Sizes the pending rows as one block (dynamic Huffman, or stored when smaller): returns bits.
  std::uint64_t plan_block(std::size_t raw_size) {
    Plan& p = plan_;
    ++freq_ll_[256];  // end of block
    std::fill(p.freq_d, p.freq_d + kNumDist, 0u);
    for (int k = 0; k < 2; ++k) p.freq_d[dist_[k].symbol] += dist_uses_[k];
    // Keep both codes complete: at least two used symbols each (a lone code is legal but fragile).
    for (int i = 0; std::count_if(p.freq_d, p.freq_d + kNumDist, [](std::uint32_t f) { return f != 0; }) < 2; ++i)
      if (p.freq_d[i] == 0) p.freq_d[i] = 1;
    build_lengths(freq_ll_.data(), kNumLitLen, kMaxCodeBits, p.ll_len);
    build_lengths(p.freq_d, kNumDist, kMaxCodeBits, p.d_len);
    p.header = make_header(p.ll_len, p.d_len);
    std::uint64_t dyn_bits = 3 + p.header.bits + extra_bits_;
    for (int i = 0; i < kNumLitLen; ++i) dyn_bits += std::uint64_t(freq_ll_[std::size_t(i)]) * p.ll_len[i];
    for (int i = 0; i < kNumDist; ++i) dyn_bits += std::uint64_t(p.freq_d[i]) * p.d_len[i];
    const std::uint64_t stored_bits = (raw_size / 65535 + 1) * (3 + 7 + 32) + 8 * std::uint64_t(raw_size);
    p.stored = stored_bits < dyn_bits;
    return std::min(stored_bits, dyn_bits);
  }

  // Writes the planned block; `raw`: the rows' bytes as they go out (for a stored block).
  void write_block(BitWriter& out, const std::uint8_t* raw, std::size_t raw_size, bool final) {
    const Plan& p = plan_;
    if (p.stored) {
      write_stored(out, raw, raw_size, final);
    } else {
      std::uint16_t ll_code[kNumLitLen] = {}, d_code[kNumDist] = {};
      build_codes(p.ll_len, kNumLitLen, ll_code);
      build_codes(p.d_len, kNumDist, d_code);
      out.put(final ? 1 : 0, 1);
      out.put(2, 2);  // dynamic Huffman
      write_header(out, p.header);
      write_tokens(out, ll_code, p.ll_len, d_code, p.d_len);
      out.put(ll_code[256], p.ll_len[256]);
    }
    clear();
  }

  // Forgets the pending rows (another encoder took them).
  void discard_block() { clear(); }

  void flush_block(BitWriter& out, const std::uint8_t* raw, std::size_t raw_size, bool final) {
    plan_block(raw_size);
    write_block(out, raw, raw_size, final);
  }

  // Ends a non-final stream segment on a byte boundary with an empty stored block (what zlib's
  // Z_SYNC_FLUSH emits), so that the next job's blocks can follow byte-aligned.
  static void sync_flush(BitWriter& out) {
    out.put(0, 3);
    out.align_to_byte();
    out.put(0xFFFF0000u, 32);
    out.flush_bytes();
  }

  std::uint32_t pending_tokens() const { return pending_; }

 private:
  struct Header {
    std::uint8_t cl_len[kNumCl] = {};
    std::uint16_t cl_code[kNumCl] = {};
    std::vector<std::uint16_t> symbols;  // code-length symbol | extra value << 5
    int hlit = 257, hdist = 1, hclen = 4;
    std::uint64_t bits = 0;              // header size after the 3 block-type bits
  };

  // Pixels from x (≥ 1) on that equal neither their left nor their upper neighbour.
  int literal_run(const Pixel* cur, const Pixel* up, int x, int w) const {
    int i = x;
#if GATEMAP_PNG_X86
    const __m128i m = _mm_set1_epi32(int(mask_));
    for (; i + 4 <= w; i += 4) {
      const __m128i c = _mm_and_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(cur + i)), m);
      const __m128i l = _mm_and_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(cur + i - 1)), m);
      __m128i eq = _mm_cmpeq_epi32(c, l);
      if (up != nullptr)
        eq = _mm_or_si128(eq, _mm_cmpeq_epi32(c, _mm_and_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(up + i)), m)));
      const int bits = _mm_movemask_epi8(eq);
      if (bits != 0) return i - x + (__builtin_ctz(unsigned(bits)) >> 2);
    }
#endif
    for (; i < w; ++i)
      if (((cur[i] ^ cur[i - 1]) & mask_) == 0 || (up != nullptr && ((cur[i] ^ up[i]) & mask_) == 0)) break;
    return i - x;
  }

  std::uint16_t* literals(std::uint16_t* t, const std::uint8_t* px, int pixels) {
    for (int p = 0; p < pixels; ++p, px += 4)
      for (int c = 0; c < bpp_; ++c) {
        *t++ = px[c];
        ++freq_ll_[px[c]];
      }
    return t;
  }

  struct Plan {
    std::uint8_t ll_len[kNumLitLen] = {}, d_len[kNumDist] = {};
    std::uint32_t freq_d[kNumDist] = {};
    Header header;
    bool stored = false;
  };

  std::uint16_t* match(std::uint16_t* t, int kind, int length) {
    const LengthCode* lc = length_codes();
    while (length >= 3) {
      int n = std::min(length, kMaxMatch);
      if (length - n > 0 && length - n < 3) n = length - 3;
      *t++ = std::uint16_t(kMatchFlag | kind << 8 | (n - 3));
      ++freq_ll_[lc[n].symbol];
      ++dist_uses_[kind];
      extra_bits_ += std::uint64_t(lc[n].extra_bits) + std::uint64_t(dist_[kind].extra_bits);
      length -= n;
    }
    return t;  // lengths are whole pixels (≥ 3 bytes), so nothing is left over
  }

  Header make_header(const std::uint8_t* ll_len, const std::uint8_t* d_len) const {
    Header h;
    h.hlit = kNumLitLen;
    while (h.hlit > 257 && ll_len[h.hlit - 1] == 0) --h.hlit;
    h.hdist = kNumDist;
    while (h.hdist > 1 && d_len[h.hdist - 1] == 0) --h.hdist;
    std::uint8_t all[kNumLitLen + kNumDist];
    std::memcpy(all, ll_len, std::size_t(h.hlit));
    std::memcpy(all + h.hlit, d_len, std::size_t(h.hdist));
    const int total = h.hlit + h.hdist;
    std::uint32_t cl_freq[kNumCl] = {};
    auto emit = [&](int sym, int extra) {
      h.symbols.push_back(std::uint16_t(sym | extra << 5));
      ++cl_freq[sym];
    };
    for (int i = 0; i < total;) {
      const int v = all[i];
      int run = 1;
      while (i + run < total && all[i + run] == v) ++run;
      i += run;
      if (v == 0) {
        while (run >= 11) {
          const int r = std::min(run, 138);
          emit(18, r - 11);
          run -= r;
        }
        if (run >= 3) {
          emit(17, run - 3);
          run = 0;
        }
      } else {
        emit(v, 0);
        --run;
        while (run >= 3) {
          const int r = std::min(run, 6);
          emit(16, r - 3);
          run -= r;
        }
      }
      while (run-- > 0) emit(v, 0);
    }
    build_lengths(cl_freq, kNumCl, kMaxClBits, h.cl_len);
    build_codes(h.cl_len, kNumCl, h.cl_code);
    static const int order[kNumCl] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    h.hclen = kNumCl;
    while (h.hclen > 4 && h.cl_len[order[h.hclen - 1]] == 0) --h.hclen;
    h.bits = 5 + 5 + 4 + 3 * std::uint64_t(h.hclen);
    static const int extra_bits[kNumCl] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 7};
    for (int s = 0; s < kNumCl; ++s) h.bits += std::uint64_t(cl_freq[s]) * (h.cl_len[s] + extra_bits[s]);
    return h;
  }

  static void write_header(BitWriter& out, const Header& h) {
    static const int order[kNumCl] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    static const int extra_bits[kNumCl] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 7};
    out.put(std::uint32_t(h.hlit - 257), 5);
    out.put(std::uint32_t(h.hdist - 1), 5);
    out.put(std::uint32_t(h.hclen - 4), 4);
    for (int i = 0; i < h.hclen; ++i) out.put(h.cl_len[order[i]], 3);
    for (std::uint16_t s : h.symbols) {
      const int sym = s & 31;
      out.put(h.cl_code[sym], h.cl_len[sym]);
      if (extra_bits[sym] != 0) out.put(std::uint32_t(s >> 5), extra_bits[sym]);
    }
  }

  void write_tokens(BitWriter& out, const std::uint16_t* ll_code, const std::uint8_t* ll_len, const std::uint16_t* d_code,
                    const std::uint8_t* d_len) const {
    const LengthCode* lc = length_codes();
    // Per literal/length symbol: its code with the length's extra bits appended, and the total
    // bit count; per distance kind the same. Then a token is at most two table reads.
    std::uint32_t sym_bits[kMaxMatch + 1], sym_n[kMaxMatch + 1];
    for (int len = 3; len <= kMaxMatch; ++len) {
      const LengthCode& l = lc[len];
      sym_bits[len] = ll_code[l.symbol] | std::uint32_t(l.extra_value) << ll_len[l.symbol];
      sym_n[len] = ll_len[l.symbol] + std::uint32_t(l.extra_bits);
    }
    std::uint32_t dist_bits[2], dist_n[2];
    for (int k = 0; k < 2; ++k) {
      dist_bits[k] = d_code[dist_[k].symbol] | std::uint32_t(dist_[k].extra_value) << d_len[dist_[k].symbol];
      dist_n[k] = d_len[dist_[k].symbol] + std::uint32_t(dist_[k].extra_bits);
    }
    // Branch-free bit output: up to 48 bits per token go into a 64-bit accumulator that is stored
    // whole after each token, the pointer advancing by the complete bytes (the output buffer has
    // slack for the 8-byte store).
    BitWriter::Raw w = out.raw();
    for (std::uint32_t i = 0; i < pending_; ++i) {
      const std::uint16_t t = tokens_[i];
      if (t < 256) {
        w.acc |= std::uint64_t(ll_code[t]) << w.n;
        w.n += ll_len[t];
      } else {
        const int len = (t & 0xFF) + 3, kind = (t >> 8) & 1;
        w.acc |= std::uint64_t(sym_bits[len]) << w.n;
        w.n += sym_n[len];
        w.acc |= std::uint64_t(dist_bits[kind]) << w.n;
        w.n += dist_n[kind];
      }
      std::memcpy(w.out, &w.acc, 8);
      w.out += w.n >> 3;
      w.acc >>= (w.n & ~7u);  // < 64: at most 55 bits were pending
      w.n &= 7;
    }
    out.set_raw(w);
  }

  static void write_stored(BitWriter& out, const std::uint8_t* raw, std::size_t size, bool final) {
    do {
      const std::size_t n = std::min<std::size_t>(size, 65535);
      out.put(final && n == size ? 1 : 0, 1);
      out.put(0, 2);  // stored
      out.align_to_byte();
      out.put(std::uint32_t(n) | std::uint32_t(~n & 0xFFFF) << 16, 32);
      out.flush_bytes();
      out.copy_bytes(raw, n);
      raw += n;
      size -= n;
    } while (size > 0);
  }

  void clear() {
    pending_ = 0;
    freq_ll_.fill(0);
    dist_uses_[0] = dist_uses_[1] = 0;
    extra_bits_ = 0;
  }

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

}  // namespace pixel_deflate

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
// Pooled strip memory, mapped 2 MiB-aligned with transparent huge pages requested: on the
// export VMs first-touching fresh 4 KiB pages costs 3–6 ms per MiB (measured), as much as encoding
// that MiB; huge pages make it several times cheaper, and prefault() lets an idle worker pay it.
class PixelMemory {
 public:
  explicit PixelMemory(std::size_t bytes) {
    constexpr std::size_t kHuge = 2u << 20;
    size_ = (bytes + kHuge - 1) / kHuge * kHuge;
    map_size_ = size_ + kHuge;  // room to align
    void* p = ::mmap(nullptr, map_size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    map_ = static_cast<std::uint8_t*>(p);
    data_ = reinterpret_cast<std::uint8_t*>((reinterpret_cast<std::uintptr_t>(map_) + kHuge - 1) & ~(kHuge - 1));
    (void)::madvise(data_, size_, MADV_HUGEPAGE);  // advice only: fine if THP is off
  }
  ~PixelMemory() { ::munmap(map_, map_size_); }
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
  int rows = 0;             // rows filled
  bool bottom_up = false;   // row 0 of the strip is stored last (glReadPixels order)
  int pending_jobs = 0;     // jobs not yet compressed

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
  Buffer* lent = nullptr;       // handed out by begin_rows, until commit_rows
  int lent_rows = 0;

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
    lent = nullptr;
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

  struct Deflater {
    z_stream zs{};
    bool ready = false;
    pixel_deflate::Encoder pixel;
    std::unique_ptr<std::uint8_t[]> filtered;   // a few rows at a time, so that they stay in cache
    std::unique_ptr<std::uint8_t[]> scratch;    // the other candidate row (adaptive filter)
    std::size_t filtered_capacity = 0;
    std::unique_ptr<std::uint8_t[]> zfiltered, ztmp;  // the pixel encoder's zlib fallback (made when first needed)
    std::size_t ztmp_capacity = 0;
    ~Deflater() {
      if (ready) deflateEnd(&zs);
    }
  };

  void worker(bool prefaults) {
    if (prefaults) prefault_pool();
    Deflater d;
    // Raw deflate (negative window bits): no zlib framing per job, and no Adler-32 computed by
    // zlib's byte-at-a-time loop; compress() frames the stream and sums with SSSE3.
    if (opt.encoder == PngEncoder::zlib) {
      if (deflateInit2(&d.zs, opt.level, Z_DEFLATED, -15, 8, opt.rle ? Z_RLE : Z_DEFAULT_STRATEGY) != Z_OK) {
        std::lock_guard lock(m);
        fail(std::make_exception_ptr(ExportError(ExportError::Kind::library, file.destination(),
                                                 file.destination().string() + ": zlib could not start")));
        return;
      }
      d.ready = true;
    }
    d.pixel.reset_image(width, bpp);
    const std::size_t rows_per_chunk = std::max<std::size_t>(1, (256u << 10) / out_row);
    d.filtered_capacity = rows_per_chunk * out_row + 16;  // slack for the 16-byte stores of rgba_to_rgb
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
          if (opt.encoder == PngEncoder::zlib)
            compress(d, *j, rows_per_chunk);
          else
            compress_pixel(d, *j, rows_per_chunk);
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

  void filter_none(const std::uint8_t* cur, std::uint8_t* out) const {
    out[0] = 0;
    if (bpp == 4) {
      std::memcpy(out + 1, cur, in_row);
    } else {
      rgba_to_rgb(cur, out + 1, width);  // writes up to 4 bytes past the row: see filtered_capacity
    }
  }

  void filter_row(Deflater& d, const std::uint8_t* cur, const std::uint8_t* prev, std::uint8_t* out) {
    filter_with(d, cur, prev, out, opt.filter);
  }

  void filter_with(Deflater& d, const std::uint8_t* cur, const std::uint8_t* prev, std::uint8_t* out, PngFilter wanted) {
    // A block's first row has no row above within the block: UP and adaptive fall back to SUB.
    PngFilter f = prev == nullptr && wanted != PngFilter::none ? PngFilter::sub : wanted;
    switch (f) {
      case PngFilter::none:
        filter_none(cur, out);
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
    std::size_t in_chunk = 0;
    for (int r = 0; r < j.rows; ++r) {
      const std::uint8_t* cur = j.buffer->row(j.first + r);
      const std::uint8_t* prev = r == 0 ? nullptr : j.buffer->row(j.first + r - 1);
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

  // The same framing with the pixel encoder: one deflate block per chunk of rows. A chunk it codes
  // worse than 4:1 (smooth gradients, photos: few equal neighbours) is also tried with zlib on
  // SUB/UP-filtered rows, spliced in byte-aligned, and the smaller kept.
  void compress_pixel(Deflater& d, Job& j, std::size_t rows_per_chunk) {
    j.filtered_size = out_row * static_cast<std::size_t>(j.rows);
    const std::size_t chunks = (static_cast<std::size_t>(j.rows) + rows_per_chunk - 1) / rows_per_chunk;
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
      const std::uint8_t* cur = j.buffer->row(j.first + r);
      const std::uint8_t* prev = r == 0 || (in_chunk == 0 && !prev_raw) ? nullptr : j.buffer->row(j.first + r - 1);
      filter_none(cur, d.filtered.get() + in_chunk * out_row);  // the bytes as they go out (Adler-32, stored blocks)
      d.pixel.add_row(reinterpret_cast<const pixel_deflate::Pixel*>(cur), reinterpret_cast<const pixel_deflate::Pixel*>(prev));
      if (++in_chunk < rows_per_chunk && r + 1 < j.rows) continue;
      const std::size_t n = in_chunk * out_row;
      const bool final = j.stream_end && r + 1 == j.rows;
      const std::uint64_t pixel_bits = d.pixel.plan_block(n);
      std::size_t zsize = 0;
      if (opt.zlib_fallback && pixel_bits > 2 * std::uint64_t(n)) zsize = zlib_chunk(d, j, r + 1 - int(in_chunk), int(in_chunk), final);
      if (zsize != 0 && 8 * std::uint64_t(zsize) + 48 < pixel_bits) {
        d.pixel.discard_block();
        if (!byte_aligned) pixel_deflate::Encoder::sync_flush(bits);  // zlib's output starts on a byte
        bits.copy_bytes(d.ztmp.get(), zsize);                          // and ends on one (sync flush / finish)
        adler = fast_adler32(adler, d.zfiltered.get(), n);
        prev_raw = false;
        byte_aligned = true;
      } else {
        adler = fast_adler32(adler, d.filtered.get(), n);
        d.pixel.write_block(bits, d.filtered.get(), n, final);
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
    put_be32(j.out.get(), static_cast<std::uint32_t>(j.data_size));
    std::memcpy(j.out.get() + 4, "IDAT", 4);
    if (!j.stream_end) j.crc = crc32(0, j.out.get() + 4, static_cast<uInt>(4 + j.data_size));
  }

  // Compresses `rows` rows from `first` (job-relative) with zlib level 1 (Z_RLE) on rows filtered
  // SUB/UP adaptively, into d.ztmp (their filtered bytes in d.zfiltered). Returns the size.
  std::size_t zlib_chunk(Deflater& d, const Job& j, int first, int rows, bool final) {
    if (!d.ready) {
      if (deflateInit2(&d.zs, 1, Z_DEFLATED, -15, 8, Z_RLE) != Z_OK) return 0;  // no fallback, no harm
      d.ready = true;
      d.zfiltered = std::make_unique_for_overwrite<std::uint8_t[]>(d.filtered_capacity);
      d.ztmp_capacity = deflateBound(&d.zs, d.filtered_capacity) + 64;
      d.ztmp = std::make_unique_for_overwrite<std::uint8_t[]>(d.ztmp_capacity);
    }
    for (int k = 0; k < rows; ++k) {
      const std::uint8_t* cur = j.buffer->row(j.first + first + k);
      const std::uint8_t* prev = k == 0 ? nullptr : j.buffer->row(j.first + first + k - 1);
      filter_with(d, cur, prev, d.zfiltered.get() + std::size_t(k) * out_row, PngFilter::adaptive);
    }
    deflateReset(&d.zs);
    d.zs.next_in = d.zfiltered.get();
    d.zs.avail_in = static_cast<uInt>(std::size_t(rows) * out_row);
    d.zs.next_out = d.ztmp.get();
    d.zs.avail_out = static_cast<uInt>(d.ztmp_capacity);
    const int rc = deflate(&d.zs, final ? Z_FINISH : Z_SYNC_FLUSH);
    if (rc != (final ? Z_STREAM_END : Z_OK) || d.zs.avail_in != 0) return 0;
    return static_cast<std::size_t>(d.zs.next_out - d.ztmp.get());
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

RowBuffer PngStreamWriter::begin_rows(int rows) {
  Impl& s = *impl_;
  if (!s.open) throw ExportError(ExportError::Kind::invalid, {}, "PNG writer: begin_rows without open");
  if (s.lent != nullptr || rows < 1 || rows > s.buffer_rows || rows > s.height - s.rows_in) {
    std::filesystem::path p = s.file.destination();
    const std::string why = s.lent != nullptr ? "begin_rows twice without commit_rows"
                                              : std::to_string(rows) + " rows asked after " + std::to_string(s.rows_in) +
                                                    " of " + std::to_string(s.height) + " (at most " +
                                                    std::to_string(s.buffer_rows) + " per strip)";
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
  if (!s.open || s.lent == nullptr) throw ExportError(ExportError::Kind::invalid, {}, "PNG writer: commit_rows without begin_rows");
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
