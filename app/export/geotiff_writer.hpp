#pragma once
// GeoTIFF export through GDAL's GTiff driver, streamed: rows arrive top to bottom in strips and
// go straight into the dataset (RasterIO), so the image is never held whole (GDAL's block cache
// keeps one row of tiles). The file is written under a temporary name next to the destination
// and renamed into place by finish() (AtomicFile), so a failure leaves nothing behind.
//
// The result opens in place in QGIS and gdalinfo: CRS from the EPSG code, the geotransform from
// the top-left corner and the pixel size, DEFLATE compression with the horizontal predictor,
// TIFF tags (description, software, date) and GDAL metadata items.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "app/export/png_writer.hpp"  // Metadata

namespace gatemap::exporter {

struct GeoTiffOptions {
  int epsg = 0;             // CRS, e.g. 32648 (WGS 84 / UTM zone 48N); 0 = none written
  double origin_x = 0;      // map x of the top-left corner of the top-left pixel (CRS units, metres for UTM)
  double origin_y = 0;      // map y of that corner (north-up: the largest y of the image)
  double pixel_width = 1;   // CRS units per pixel, > 0
  double pixel_height = 1;  // CRS units per pixel, > 0 (the geotransform stores it negated: rows go south)
  bool opaque = false;      // RGB (3 bands) instead of RGBA (alpha as an unassociated extra sample)
  std::string description;  // TIFFTAG_IMAGEDESCRIPTION (UTF-8)
  std::string software;     // TIFFTAG_SOFTWARE, e.g. "gatemap 0.1.0"
  std::string datetime;     // TIFFTAG_DATETIME "YYYY:MM:DD HH:MM:SS" (TIFF's format); empty = now, UTC
  Metadata metadata;        // GDAL metadata items (GDAL_METADATA tag); keys are made GDAL-safe:
                            // characters other than A-Z a-z 0-9 _ become '_' ("gatemap:bbox" → "gatemap_bbox")
  bool tiled = true;        // 256 × 256 tiles (false: strips of `block_rows` rows)
  int block_rows = 16;      // rows per strip when !tiled
  int zlevel = 6;           // DEFLATE level 1..9
  int threads = 2;          // compression threads (GDAL's NUM_THREADS)
};

class GeoTiffWriter {
 public:
  GeoTiffWriter();
  ~GeoTiffWriter();  // without finish(): closes the dataset and leaves no file
  GeoTiffWriter(const GeoTiffWriter&) = delete;
  GeoTiffWriter& operator=(const GeoTiffWriter&) = delete;

  // Throws ExportError: exists and !force, folder missing or unwritable, invalid size or
  // geotransform, unknown EPSG code, GDAL failure (its message included).
  void open(const std::filesystem::path& path, int width, int height, const GeoTiffOptions& options, bool force);

  // As PngStreamWriter: RGBA8 rows, top to bottom, row r at rgba + r × stride.
  void write_rows(const std::uint8_t* rgba, int row_count, std::size_t stride);
  // A strip stored lowest row first (glReadPixels): `rgba` points at the strip's lowest row.
  void write_rows_bottom_up(const std::uint8_t* rgba, int row_count, std::size_t stride);

  // Flushes, closes the dataset (checking GDAL's errors), fsyncs and renames into place.
  void finish();
  void abort() noexcept;

  int rows_written() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace gatemap::exporter
