#pragma once
// PNG row filters and the checksums of the PNG encoder (png_writer.hpp).
//
// Filters turn one row of RGBA8 pixels into the bytes that go into the zlib stream: the filter
// type byte, then width × bpp bytes (bpp 3: the alpha channel dropped; 4: RGBA). SIMD paths are
// for x86-64 (SSE2 always there, SSSE3 checked at run time); elsewhere plain loops are used.
// Checksums: Adler-32 with SSSE3 (zlib's byte-at-a-time loop cost ~10 % of an encode); CRC-32 is
// zlib's (it is already fast).
#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__x86_64__)
#define GATEMAP_PNG_X86 1
#else
#define GATEMAP_PNG_X86 0
#endif

namespace gatemap::exporter::png {

inline void put_be32(std::uint8_t* p, std::uint32_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 24);
  p[1] = static_cast<std::uint8_t>(v >> 16);
  p[2] = static_cast<std::uint8_t>(v >> 8);
  p[3] = static_cast<std::uint8_t>(v);
}

// `out` receives 1 + width × bpp bytes and needs slack after them: RGB output is stored 4 bytes
// per pixel at a 3-byte pitch (16 bytes per 4 pixels with SSSE3), so give it 16 spare bytes.
// NONE: the bytes as they are (RGBA → RGB for bpp 3).
void filter_none(const std::uint8_t* cur, std::uint8_t* out, int width, int bpp);
// SUB: each byte minus the byte of the pixel to its left.
void filter_sub(const std::uint8_t* cur, std::uint8_t* out, int width, int bpp);
// UP: each byte minus the byte above (`prev`, the row above).
void filter_up(const std::uint8_t* cur, const std::uint8_t* prev, std::uint8_t* out, int width, int bpp);
// Adaptive: SUB or UP per row, whichever has the smaller sum of absolute values (libpng's
// heuristic); SUB when `prev` is null (a block's first row: blocks are independent). Needs
// `scratch` of 1 + width × bpp bytes (+ slack) for the other candidate.
void filter_adaptive(const std::uint8_t* cur, const std::uint8_t* prev, std::uint8_t* out, int width, int bpp,
                     std::uint8_t* scratch);

// RGBA → RGB (writes up to 4 bytes past 3 × width).
void rgba_to_rgb(const std::uint8_t* in, std::uint8_t* out, int width);

// Adler-32 as zlib's adler32(), SSSE3 where the CPU has it.
std::uint32_t fast_adler32(std::uint32_t adler, const std::uint8_t* buf, std::size_t len);

}  // namespace gatemap::exporter::png
