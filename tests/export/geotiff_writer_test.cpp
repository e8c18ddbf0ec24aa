// GeoTiffWriter: reopened with GDAL, the file has the geotransform, the EPSG code, the exact
// pixels and the metadata it was given; a pixel placed at a gate maps back to the gate.
#include "app/export/geotiff_writer.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <cstring>
#include <random>

#include "app/export/atomic_file.hpp"
#include "tests/export/test_util.hpp"

namespace gatemap::exporter {
namespace {
namespace fs = std::filesystem;
using testing::MountedTmpfs;
using testing::read_bytes;
using testing::TempDir;

struct Closer {
  void operator()(GDALDataset* ds) const { GDALClose(GDALDataset::ToHandle(ds)); }
};
using Dataset = std::unique_ptr<GDALDataset, Closer>;

Dataset open_dataset(const fs::path& p) {
  GDALAllRegister();
  return Dataset(GDALDataset::Open(p.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
}

std::vector<std::uint8_t> pattern(int w, int h, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<std::uint8_t> v(std::size_t(w) * h * 4);
  for (auto& b : v) b = std::uint8_t(rng() % 4 == 0 ? rng() : 90);  // flat with noise
  return v;
}

// Reads bands 1..n back as pixel-interleaved bytes.
std::vector<std::uint8_t> read_pixels(GDALDataset& ds, int bands) {
  const int w = ds.GetRasterXSize(), h = ds.GetRasterYSize();
  std::vector<std::uint8_t> out(std::size_t(w) * h * bands);
  int map[4] = {1, 2, 3, 4};
  EXPECT_EQ(ds.RasterIO(GF_Read, 0, 0, w, h, out.data(), w, h, GDT_Byte, bands, map, bands, std::size_t(w) * bands, 1,
                        nullptr),
            CE_None);
  return out;
}

GeoTiffOptions utm_options() {
  GeoTiffOptions o;
  o.epsg = 32648;
  o.origin_x = 640000.5;
  o.origin_y = 2440000.25;
  o.pixel_width = 25;
  o.pixel_height = 30;
  o.description = "Lạng Sơn – 凭祥 frontier";
  o.software = "gatemap 0.1.0";
  o.datetime = "2026:11:23 11:00:00";
  o.metadata = {{"Title", "Lạng Sơn – 凭祥"},
                {"gatemap:date", "1979-02-17"},
                {"gatemap:bbox", "106.3,21.4,107.6,22.6"},
                {"gatemap:crs", "EPSG:32648"},
                {"Source", "OSM © OpenStreetMap contributors (ODbL)"},
                {"gatemap:data_version", "2026-11-01"}};
  return o;
}

TEST(GeoTiffWriter, RoundTripThroughGdal) {
  for (bool opaque : {false, true})
    for (bool tiled : {true, false}) {
      SCOPED_TRACE(::testing::Message() << "opaque " << opaque << " tiled " << tiled);
      TempDir dir;
      const int w = 301, h = 203;  // not multiples of the 256 tiles
      auto rgba = pattern(w, h, 3);
      GeoTiffOptions o = utm_options();
      o.opaque = opaque;
      o.tiled = tiled;
      GeoTiffWriter writer;
      writer.open(dir / "map.tif", w, h, o, false);
      for (int y = 0; y < h; y += 50)
        writer.write_rows(&rgba[std::size_t(y) * w * 4], std::min(50, h - y), std::size_t(w) * 4);
      writer.finish();
      EXPECT_EQ(dir.entries(), std::vector<std::string>{"map.tif"});

      Dataset ds = open_dataset(dir / "map.tif");
      ASSERT_TRUE(ds);
      EXPECT_STREQ(ds->GetDriver()->GetDescription(), "GTiff");
      ASSERT_EQ(ds->GetRasterXSize(), w);
      ASSERT_EQ(ds->GetRasterYSize(), h);
      const int bands = opaque ? 3 : 4;
      ASSERT_EQ(ds->GetRasterCount(), bands);
      double gt[6];
      ASSERT_EQ(ds->GetGeoTransform(gt), CE_None);
      EXPECT_DOUBLE_EQ(gt[0], 640000.5);
      EXPECT_DOUBLE_EQ(gt[1], 25);
      EXPECT_DOUBLE_EQ(gt[2], 0);
      EXPECT_DOUBLE_EQ(gt[3], 2440000.25);
      EXPECT_DOUBLE_EQ(gt[4], 0);
      EXPECT_DOUBLE_EQ(gt[5], -30);
      const OGRSpatialReference* srs = ds->GetSpatialRef();
      ASSERT_NE(srs, nullptr);
      ASSERT_NE(srs->GetAuthorityCode(nullptr), nullptr);
      EXPECT_STREQ(srs->GetAuthorityCode(nullptr), "32648");
      EXPECT_STREQ(srs->GetAuthorityName(nullptr), "EPSG");

      auto px = read_pixels(*ds, bands);
      for (std::size_t i = 0, n = std::size_t(w) * h; i < n; ++i)
        for (int c = 0; c < bands; ++c) ASSERT_EQ(px[i * bands + c], rgba[i * 4 + c]) << "pixel " << i << " band " << c;
      if (!opaque) {
        EXPECT_EQ(ds->GetRasterBand(4)->GetColorInterpretation(), GCI_AlphaBand);
      }

      EXPECT_STREQ(ds->GetMetadataItem("TIFFTAG_IMAGEDESCRIPTION"), "Lạng Sơn – 凭祥 frontier");
      EXPECT_STREQ(ds->GetMetadataItem("TIFFTAG_SOFTWARE"), "gatemap 0.1.0");
      EXPECT_STREQ(ds->GetMetadataItem("TIFFTAG_DATETIME"), "2026:11:23 11:00:00");
      EXPECT_STREQ(ds->GetMetadataItem("Title"), "Lạng Sơn – 凭祥");
      EXPECT_STREQ(ds->GetMetadataItem("gatemap_date"), "1979-02-17");
      EXPECT_STREQ(ds->GetMetadataItem("gatemap_bbox"), "106.3,21.4,107.6,22.6");
      EXPECT_STREQ(ds->GetMetadataItem("gatemap_crs"), "EPSG:32648");
      EXPECT_STREQ(ds->GetMetadataItem("Source"), "OSM © OpenStreetMap contributors (ODbL)");
      EXPECT_STREQ(ds->GetMetadataItem("gatemap_data_version"), "2026-11-01");
      EXPECT_STREQ(ds->GetMetadataItem("COMPRESSION", "IMAGE_STRUCTURE"), "DEFLATE");
      EXPECT_STREQ(ds->GetMetadataItem("PREDICTOR", "IMAGE_STRUCTURE"), "2");
      int bx = 0, by = 0;
      ds->GetRasterBand(1)->GetBlockSize(&bx, &by);
      EXPECT_EQ(bx, tiled ? 256 : w);
    }
}

TEST(GeoTiffWriter, GatePixelMapsBackToTheGate) {
  // Hữu Nghị / Youyiguan gate, lon/lat (approximate, as in data/gates.csv).
  const double gate_lon = 106.7266, gate_lat = 21.9731;
  OGRSpatialReference wgs84, utm;
  wgs84.importFromEPSG(4326);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  utm.importFromEPSG(32648);
  utm.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> to_utm(OGRCreateCoordinateTransformation(&wgs84, &utm));
  std::unique_ptr<OGRCoordinateTransformation> to_lonlat(OGRCreateCoordinateTransformation(&utm, &wgs84));
  ASSERT_TRUE(to_utm && to_lonlat);
  double gx = gate_lon, gy = gate_lat;
  ASSERT_TRUE(to_utm->Transform(1, &gx, &gy));

  // A 200 × 150 image of 20 m pixels around the gate, the gate's pixel marked.
  GeoTiffOptions o;
  o.epsg = 32648;
  o.pixel_width = o.pixel_height = 20;
  o.origin_x = std::floor(gx / 1000) * 1000 - 1000;
  o.origin_y = std::floor(gy / 1000) * 1000 + 1000;
  const int w = 200, h = 150;
  const int col = int((gx - o.origin_x) / o.pixel_width), row = int((o.origin_y - gy) / o.pixel_height);
  ASSERT_TRUE(col >= 0 && col < w && row >= 0 && row < h);
  std::vector<std::uint8_t> rgba(std::size_t(w) * h * 4, 255);
  std::memcpy(&rgba[(std::size_t(row) * w + col) * 4], "\xff\x00\x00\xff", 4);
  TempDir dir;
  GeoTiffWriter writer;
  o.opaque = true;
  writer.open(dir / "gate.tif", w, h, o, false);
  writer.write_rows(rgba.data(), h, std::size_t(w) * 4);
  writer.finish();

  Dataset ds = open_dataset(dir / "gate.tif");
  ASSERT_TRUE(ds);
  auto px = read_pixels(*ds, 3);
  int found_col = -1, found_row = -1;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      if (px[(std::size_t(y) * w + x) * 3 + 1] == 0) found_col = x, found_row = y;
  ASSERT_GE(found_col, 0);
  double gt[6];
  ds->GetGeoTransform(gt);
  double x = gt[0] + (found_col + 0.5) * gt[1], y = gt[3] + (found_row + 0.5) * gt[5];
  OGRSpatialReference file_srs(*ds->GetSpatialRef());
  file_srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> back(OGRCreateCoordinateTransformation(&file_srs, &wgs84));
  ASSERT_TRUE(back);
  ASSERT_TRUE(back->Transform(1, &x, &y));
  // One pixel (20 m) in degrees at this latitude: ~0.00018° of latitude, ~0.00019° of longitude.
  EXPECT_NEAR(x, gate_lon, 20.0 / (111320 * std::cos(gate_lat * M_PI / 180)));
  EXPECT_NEAR(y, gate_lat, 20.0 / 110574);
}

TEST(GeoTiffWriter, BottomUpStrips) {
  TempDir dir;
  const int w = 40, h = 30;
  auto rgba = pattern(w, h, 5);
  GeoTiffWriter writer;
  writer.open(dir / "b.tif", w, h, utm_options(), false);
  for (int y = 0; y < h; y += 7) {
    int n = std::min(7, h - y);
    std::vector<std::uint8_t> strip(std::size_t(w) * 4 * n);
    for (int r = 0; r < n; ++r)
      std::memcpy(&strip[std::size_t(w) * 4 * (n - 1 - r)], &rgba[std::size_t(w) * 4 * (y + r)], std::size_t(w) * 4);
    writer.write_rows_bottom_up(strip.data(), n, std::size_t(w) * 4);
  }
  writer.finish();
  Dataset ds = open_dataset(dir / "b.tif");
  ASSERT_TRUE(ds);
  EXPECT_EQ(read_pixels(*ds, 4), rgba);
}

TEST(GeoTiffWriter, SafeFailures) {
  TempDir dir;
  const fs::path p = dir / "map.tif";
  { std::ofstream(p, std::ios::binary) << "keep me"; }
  GeoTiffWriter w;
  EXPECT_THROW(w.open(p, 10, 10, utm_options(), false), ExportError);
  EXPECT_EQ(read_bytes(p), "keep me");
  fs::remove(p);
  {  // abandoned half way
    GeoTiffWriter half;
    auto rgba = pattern(10, 10, 1);
    half.open(p, 10, 10, utm_options(), false);
    half.write_rows(rgba.data(), 5, 40);
  }
  EXPECT_TRUE(dir.entries().empty());
  {  // rows missing at finish
    GeoTiffWriter half;
    auto rgba = pattern(10, 10, 1);
    half.open(p, 10, 10, utm_options(), false);
    half.write_rows(rgba.data(), 9, 40);
    EXPECT_THROW(half.finish(), ExportError);
  }
  EXPECT_TRUE(dir.entries().empty());
  GeoTiffOptions bad = utm_options();
  bad.epsg = 999999;
  try {
    w.open(p, 10, 10, bad, false);
    FAIL();
  } catch (const ExportError& e) {
    EXPECT_NE(std::string(e.what()).find("EPSG:999999"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(dir.entries().empty());
}

TEST(GeoTiffWriter, FullDiskLeavesNoFile) {
  MountedTmpfs small("size=64k");
  if (!small.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here: " << std::strerror(small.error());
  const int w = 512, h = 512;
  std::mt19937 rng(1);
  std::vector<std::uint8_t> noise(std::size_t(w) * h * 4);
  for (auto& b : noise) b = std::uint8_t(rng());
  try {
    GeoTiffWriter writer;
    writer.open(small / "full.tif", w, h, utm_options(), false);
    for (int y = 0; y < h; y += 64) writer.write_rows(&noise[std::size_t(y) * w * 4], 64, std::size_t(w) * 4);
    writer.finish();
    FAIL() << "1 MiB of noise fitted in 64 KiB";
  } catch (const ExportError& e) {
    EXPECT_NE(std::string(e.what()).find("full.tif"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("(the disk is full)"), std::string::npos) << e.what();
    EXPECT_EQ(e.kind(), ExportError::Kind::io);
  }
  EXPECT_TRUE(small.entries().empty());
}

}  // namespace
}  // namespace gatemap::exporter
