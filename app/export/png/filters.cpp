#include "app/export/png/filters.hpp"

#include <zlib.h>

#if GATEMAP_PNG_X86
#include <immintrin.h>
#endif

#include <algorithm>

namespace gatemap::exporter::png {
namespace {

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
void filter_sub_bpp(const std::uint8_t* cur, std::uint8_t* out, int width) {
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
void filter_up_bpp(const std::uint8_t* cur, const std::uint8_t* prev, std::uint8_t* out, int width) {
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

}  // namespace

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

void filter_none(const std::uint8_t* cur, std::uint8_t* out, int width, int bpp) {
  out[0] = 0;
  if (bpp == 4) {
    std::memcpy(out + 1, cur, static_cast<std::size_t>(width) * 4);
  } else {
    rgba_to_rgb(cur, out + 1, width);  // writes up to 4 bytes past the row
  }
}

void filter_sub(const std::uint8_t* cur, std::uint8_t* out, int width, int bpp) {
  bpp == 4 ? filter_sub_bpp<4>(cur, out, width) : filter_sub_bpp<3>(cur, out, width);
}

void filter_up(const std::uint8_t* cur, const std::uint8_t* prev, std::uint8_t* out, int width, int bpp) {
  bpp == 4 ? filter_up_bpp<4>(cur, prev, out, width) : filter_up_bpp<3>(cur, prev, out, width);
}

void filter_adaptive(const std::uint8_t* cur, const std::uint8_t* prev, std::uint8_t* out, int width, int bpp,
                     std::uint8_t* scratch) {
  filter_sub(cur, out, width, bpp);
  if (prev == nullptr) return;
  const std::size_t n = static_cast<std::size_t>(width) * static_cast<std::size_t>(bpp);
  filter_up(cur, prev, scratch, width, bpp);
  if (abs_sum(scratch + 1, n) < abs_sum(out + 1, n)) std::memcpy(out, scratch, n + 1);
}

}  // namespace gatemap::exporter::png
