#include "app/export/png/chunks.hpp"

#include <zlib.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "app/export/png/filters.hpp"  // put_be32

namespace gatemap::exporter::png {

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

void check_metadata(const std::filesystem::path& path, const Metadata& metadata) {
  for (const auto& [key, value] : metadata) {
    if (!valid_keyword(key))
      throw ExportError(ExportError::Kind::invalid, path,
                        path.string() + ": invalid PNG text keyword '" + key +
                            "' (1-79 printable ASCII characters, no leading, trailing or double spaces)");
    if (!valid_utf8(value))
      throw ExportError(ExportError::Kind::invalid, path,
                        path.string() + ": text for '" + key + "' is not valid UTF-8");
  }
}

void write_chunk(AtomicFile& file, const char* type, const std::uint8_t* data, std::size_t size) {
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

void write_head(AtomicFile& file, int width, int height, const PngOptions& opt, const Metadata& metadata) {
  static const std::uint8_t signature[8] = {137, 80, 78, 71, 13, 10, 26, 10};
  file.write(signature, 8);
  std::uint8_t ihdr[13];
  put_be32(ihdr, static_cast<std::uint32_t>(width));
  put_be32(ihdr + 4, static_cast<std::uint32_t>(height));
  ihdr[8] = 8;                         // bit depth
  ihdr[9] = opt.opaque ? 2 : 6;        // RGB or RGBA
  ihdr[10] = ihdr[11] = ihdr[12] = 0;  // deflate, adaptive filtering, no interlace
  write_chunk(file, "IHDR", ihdr, 13);
  if (opt.srgb) {
    const std::uint8_t intent = 0;  // perceptual
    write_chunk(file, "sRGB", &intent, 1);
  }
  if (opt.dpi > 0) {
    std::uint8_t phys[9];
    auto ppm = static_cast<std::uint32_t>(std::lround(opt.dpi / 0.0254));
    put_be32(phys, ppm);
    put_be32(phys + 4, ppm);
    phys[8] = 1;  // unit: metre
    write_chunk(file, "pHYs", phys, 9);
  }
  std::vector<std::uint8_t> itxt;
  for (const auto& [key, value] : metadata) {
    // keyword \0, compression flag 0, method 0, language "" \0, translated keyword "" \0, text
    itxt.assign(key.begin(), key.end());
    const std::uint8_t fields[5] = {0, 0, 0, 0, 0};
    itxt.insert(itxt.end(), fields, fields + 5);
    itxt.insert(itxt.end(), value.begin(), value.end());
    write_chunk(file, "iTXt", itxt.data(), itxt.size());
  }
}

void idat_begin(std::uint8_t* chunk, std::size_t data_size) {
  put_be32(chunk, static_cast<std::uint32_t>(data_size));
  std::memcpy(chunk + 4, "IDAT", 4);
}

std::uint32_t idat_crc(const std::uint8_t* chunk, std::size_t data_size) {
  return static_cast<std::uint32_t>(crc32(0, chunk + 4, static_cast<uInt>(4 + data_size)));
}

void idat_end(std::uint8_t* chunk, std::size_t data_size, std::uint32_t crc) { put_be32(chunk + 8 + data_size, crc); }

void write_end(AtomicFile& file) { write_chunk(file, "IEND", nullptr, 0); }

}  // namespace gatemap::exporter::png
