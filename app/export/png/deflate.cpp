#include "app/export/png/deflate.hpp"

#include <algorithm>

#include "app/export/png/filters.hpp"  // GATEMAP_PNG_X86

#if GATEMAP_PNG_X86
#include <immintrin.h>
#endif

namespace gatemap::exporter::png::pixel_deflate {
namespace {

struct LengthCode {
  std::uint16_t symbol;  // 257..285
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
  std::sort(s.begin(), s.begin() + used,
            [](const Sym& a, const Sym& b) { return a.key < b.key || (a.key == b.key && a.sym < b.sym); });
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

// Leading count of i < n with (a[i] ^ b[i]) & mask == 0, four pixels per compare.
int equal_run(const Pixel* a, const Pixel* b, int n, std::uint32_t mask) {
  int i = 0;
#if GATEMAP_PNG_X86
  const __m128i m = _mm_set1_epi32(int(mask)), zero = _mm_setzero_si128();
  for (; i + 4 <= n; i += 4) {
    const __m128i x = _mm_and_si128(_mm_xor_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(a + i)),
                                                  _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + i))),
                                    m);
    const int eq = _mm_movemask_epi8(_mm_cmpeq_epi32(x, zero));
    if (eq != 0xFFFF) return i + (__builtin_ctz(unsigned(~eq)) >> 2);
  }
#endif
  while (i < n && ((a[i] ^ b[i]) & mask) == 0) ++i;
  return i;
}

}  // namespace

// bpp: output bytes per pixel (3: RGB, alpha dropped; 4: RGBA); width in pixels.
void Encoder::reset_image(int width, int bpp) {
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
void Encoder::add_row(const Pixel* cur, const Pixel* up) {
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
std::uint64_t Encoder::plan_block(std::size_t raw_size) {
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
void Encoder::write_block(BitWriter& out, const std::uint8_t* raw, std::size_t raw_size, bool final) {
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

// Pixels from x (≥ 1) on that equal neither their left nor their upper neighbour.
int Encoder::literal_run(const Pixel* cur, const Pixel* up, int x, int w) const {
  int i = x;
#if GATEMAP_PNG_X86
  const __m128i m = _mm_set1_epi32(int(mask_));
  for (; i + 4 <= w; i += 4) {
    const __m128i c = _mm_and_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(cur + i)), m);
    const __m128i l = _mm_and_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(cur + i - 1)), m);
    __m128i eq = _mm_cmpeq_epi32(c, l);
    if (up != nullptr)
      eq = _mm_or_si128(
          eq, _mm_cmpeq_epi32(c, _mm_and_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(up + i)), m)));
    const int bits = _mm_movemask_epi8(eq);
    if (bits != 0) return i - x + (__builtin_ctz(unsigned(bits)) >> 2);
  }
#endif
  for (; i < w; ++i)
    if (((cur[i] ^ cur[i - 1]) & mask_) == 0 || (up != nullptr && ((cur[i] ^ up[i]) & mask_) == 0)) break;
  return i - x;
}

std::uint16_t* Encoder::literals(std::uint16_t* t, const std::uint8_t* px, int pixels) {
  for (int p = 0; p < pixels; ++p, px += 4)
    for (int c = 0; c < bpp_; ++c) {
      *t++ = px[c];
      ++freq_ll_[px[c]];
    }
  return t;
}

std::uint16_t* Encoder::match(std::uint16_t* t, int kind, int length) {
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

Encoder::Header Encoder::make_header(const std::uint8_t* ll_len, const std::uint8_t* d_len) const {
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

void Encoder::write_header(BitWriter& out, const Header& h) {
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

void Encoder::write_tokens(BitWriter& out, const std::uint16_t* ll_code, const std::uint8_t* ll_len,
                           const std::uint16_t* d_code, const std::uint8_t* d_len) const {
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

void Encoder::write_stored(BitWriter& out, const std::uint8_t* raw, std::size_t size, bool final) {
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

void Encoder::clear() {
  pending_ = 0;
  freq_ll_.fill(0);
  dist_uses_[0] = dist_uses_[1] = 0;
  extra_bits_ = 0;
}

}  // namespace gatemap::exporter::png::pixel_deflate
