#pragma once
// PNG chunks of the streaming encoder (png_writer.hpp): the signature, IHDR, sRGB, pHYs and
// iTXt before the image data, IDAT framing, IEND; metadata checks.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "app/export/atomic_file.hpp"
#include "app/export/png_writer.hpp"

namespace gatemap::exporter::png {

// PNG text keyword rule (1–79 printable characters, no leading, trailing or double spaces),
// restricted to printable ASCII, the part of Latin-1 that UTF-8 agrees on.
bool valid_keyword(const std::string& keyword);
bool valid_utf8(const std::string& text);
// Throws ExportError (invalid) naming `path` for the first bad keyword or text.
void check_metadata(const std::filesystem::path& path, const Metadata& metadata);

// One chunk: length, type, data, CRC-32 of type and data.
void write_chunk(AtomicFile& file, const char* type, const std::uint8_t* data, std::size_t size);

// Signature, IHDR (8-bit RGB when options.opaque, else RGBA), sRGB and pHYs as the options ask,
// then one uncompressed iTXt chunk per metadata entry, in order.
void write_head(AtomicFile& file, int width, int height, const PngOptions& options, const Metadata& metadata);

// An IDAT chunk built in place: [8: length + "IDAT"][data_size bytes][4: CRC]. idat_begin fills
// the first 8 bytes; idat_crc is the CRC over "IDAT" and the data, stored big-endian by idat_end.
void idat_begin(std::uint8_t* chunk, std::size_t data_size);
std::uint32_t idat_crc(const std::uint8_t* chunk, std::size_t data_size);
void idat_end(std::uint8_t* chunk, std::size_t data_size, std::uint32_t crc);

void write_end(AtomicFile& file);  // IEND

}  // namespace gatemap::exporter::png
