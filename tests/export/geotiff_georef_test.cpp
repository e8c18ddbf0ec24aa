// A GeoTIFF made by `gatemap export` is georeferenced: EPSG:32648, and the pixel its
// geotransform gives for a gate's coordinates holds that gate's symbol (within one pixel).
#include <gdal.h>
#include <gtest/gtest.h>
#include <ogr_srs_api.h>

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "geo/projection.hpp"

namespace {

TEST(GeoTiffExport, GatePixelMapsBackToItsCoordinates) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("gatemap-geotiff-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path out = dir / "chi_ma.tif";
  // Only the gates: the Chinese side of Chi Ma (Aidian, 107.02694 E, 21.82000 N, gates.csv) is an
  // orange square on the background.
  const std::string cmd = std::string("env -u DISPLAY ") + GATEMAP_BINARY + " export --out " + out.string() +
                          " --width 800 --height 600 --bbox 106.95,21.77,107.10,21.87 --layers gates --force";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  GDALAllRegister();
  GDALDatasetH ds = GDALOpen(out.c_str(), GA_ReadOnly);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(GDALGetRasterXSize(ds), 800);
  EXPECT_EQ(GDALGetRasterYSize(ds), 600);
  OGRSpatialReferenceH srs = OSRNewSpatialReference(GDALGetProjectionRef(ds));
  ASSERT_NE(srs, nullptr);
  OSRAutoIdentifyEPSG(srs);
  EXPECT_STREQ(OSRGetAuthorityCode(srs, nullptr), "32648");
  OSRDestroySpatialReference(srs);
  double gt[6];
  ASSERT_EQ(GDALGetGeoTransform(ds, gt), CE_None);
  EXPECT_DOUBLE_EQ(gt[2], 0.0);
  EXPECT_DOUBLE_EQ(gt[4], 0.0);
  EXPECT_GT(gt[1], 0);
  EXPECT_LT(gt[5], 0);

  const geo::XY p = geo::map_projector().forward({107.02694, 21.82000});
  const double col = (p.x - gt[0]) / gt[1], row = (p.y - gt[3]) / gt[5];
  ASSERT_GT(col, 1);
  ASSERT_GT(row, 1);
  // The symbol is a few pixels wide: its centre pixel, and those within one pixel, are orange
  // (the Chinese side's colour, style::kGateChina = #e0a100), not the background.
  int orange = 0;
  for (int dy = -1; dy <= 1; ++dy)
    for (int dx = -1; dx <= 1; ++dx) {
      unsigned char rgb[3];
      for (int b = 0; b < 3; ++b)
        ASSERT_EQ(GDALRasterIO(GDALGetRasterBand(ds, b + 1), GF_Read, static_cast<int>(col) + dx,
                               static_cast<int>(row) + dy, 1, 1, &rgb[b], 1, 1, GDT_Byte, 0, 0),
                  CE_None);
      orange += std::abs(rgb[0] - 0xe0) < 12 && std::abs(rgb[1] - 0xa1) < 12 && rgb[2] < 40;
    }
  EXPECT_GE(orange, 5) << "the pixel at the gate's coordinates is not the gate's symbol";
  // Metadata: CRS, bbox and the date are carried.
  char** md = GDALGetMetadata(ds, nullptr);
  bool has_bbox = false;
  for (char** m = md; m && *m; ++m) has_bbox |= std::string(*m).rfind("gatemap_bbox=", 0) == 0;
  EXPECT_TRUE(has_bbox);
  GDALClose(ds);
  fs::remove_all(dir);
}

}  // namespace
