#pragma once
// A Scene as plain bytes: the default data preprocessed by the build (tools/bake_scene runs
// build_scene on the embedded files and writes this blob, which is embedded in the binary like
// data/), so that an export of the default data starts neither GDAL nor GEOS nor PROJ.
//
// Layout (native byte order, checked by a marker): a 48-byte header, then the payload.
//   magic "GMSCENE\0" · u32 format version · u32 byte-order marker · u64 source hash ·
//   u64 payload size · u64 payload checksum · u64 reserved (0)
// The payload lists every field of the Scene in declaration order (scene_io.cpp, fields()):
// numbers as they are in memory, strings and vectors as a u64 count and their elements,
// optionals as a bool and the value. Arrays of numbers are stored in one piece.
//
// A blob is rejected (read_scene_blob returns nullopt and says why) when it is not one (magic,
// version, byte order), was built from other source files than the ones given (stale: its source
// hash differs), is truncated or corrupted (size, checksum), or holds indices that point outside
// their arrays. The caller then builds the scene from the files as usual.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "geo/scene.hpp"

namespace geo {

// Bump when the payload's fields change.
inline constexpr std::uint32_t kSceneBlobVersion = 4;

// FNV-1a, 64 bits, over a sequence of byte ranges: the hash of the source files stamped into a
// blob (each file's name then its bytes, in a fixed order), also shown as the data version. Its
// offset basis is the one data_version() has always used (1469598103934665603: the standard
// basis without its last digit), so that the data versions written into earlier exports stay.
class Fnv1a {
 public:
  void add(std::span<const std::byte> bytes);
  void add(std::string_view text);
  std::uint64_t value() const { return h_; }

 private:
  std::uint64_t h_ = 1469598103934665603ull;
};

// Serialises `scene`, stamped with `source_hash`.
std::vector<std::byte> write_scene_blob(const Scene& scene, std::uint64_t source_hash);

// Reads a blob of write_scene_blob that was built from the sources whose hash is
// `expected_source_hash`. On rejection returns nullopt and, when `why` is given, the reason.
std::optional<Scene> read_scene_blob(std::span<const std::byte> blob, std::uint64_t expected_source_hash,
                                     std::string* why = nullptr);

}  // namespace geo
