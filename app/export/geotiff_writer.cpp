#include "app/export/geotiff_writer.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal_frmts.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <string>
#include <vector>

#include "app/export/atomic_file.hpp"
#include "app/export/gdal_errors.hpp"

namespace gatemap::exporter {
namespace {

std::string gdal_key(const std::string& key) {
  std::string k = key;
  for (char& c : k) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) c = '_';
  }
  return k;
}

std::string tiff_now_utc() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y:%m:%d %H:%M:%S", &tm);
  return buf;
}

}  // namespace

struct GeoTiffWriter::Impl {
  AtomicFile file;
  DatasetPtr ds;
  int width = 0, height = 0, bands = 4;
  int rows = 0;

  [[noreturn]] void fail(const std::string& what, const std::string& gdal_message) {
    const std::filesystem::path p = file.destination();
    abort();
    // GDAL reports the OS error inside its text; a full disk deserves the plain words.
    const bool full = gdal_message.find("No space left on device") != std::string::npos;
    throw ExportError(full ? ExportError::Kind::io : ExportError::Kind::library, p,
                      p.string() + ": " + what + (gdal_message.empty() ? "" : ": " + gdal_message) +
                          (full ? " (the disk is full)" : ""));
  }

  void abort() noexcept {
    if (ds) {
      GdalErrorCapture quiet;  // a half-written dataset may complain while closing
      ds.reset();
    }
    if (!file.temp_path().empty()) {
      ::unlink((file.temp_path().string() + ".aux.xml").c_str());
    }
    file.abort();
  }

  void write(const std::uint8_t* top_row, int count, std::ptrdiff_t line_space) {
    if (!ds) throw ExportError(ExportError::Kind::invalid, {}, "GeoTIFF writer: write_rows without open");
    if (count < 0 || count > height - rows) {
      const std::filesystem::path p = file.destination();
      const int had = rows;
      abort();
      throw ExportError(ExportError::Kind::invalid, p,
                        p.string() + ": " + std::to_string(count) + " rows given after " + std::to_string(had) +
                            " of " + std::to_string(height));
    }
    if (count == 0) return;
    int band_map[4] = {1, 2, 3, 4};
    GdalErrorCapture errors;
    CPLErr rc = ds->RasterIO(GF_Write, 0, rows, width, count, const_cast<std::uint8_t*>(top_row), width, count,
                             GDT_Byte, bands, band_map, 4, line_space, 1, nullptr);
    if (rc != CE_None || errors.failed()) fail("writing rows failed", errors.message());
    rows += count;
  }
};

GeoTiffWriter::GeoTiffWriter() : impl_(std::make_unique<Impl>()) {}
GeoTiffWriter::~GeoTiffWriter() { impl_->abort(); }

void GeoTiffWriter::open(const std::filesystem::path& path, int width, int height, const GeoTiffOptions& o,
                         bool force) {
  Impl& s = *impl_;
  if (s.ds) throw ExportError(ExportError::Kind::invalid, path, path.string() + ": GeoTIFF writer is already open");
  if (width < 1 || height < 1)
    throw ExportError(ExportError::Kind::invalid, path,
                      path.string() + ": invalid size " + std::to_string(width) + " x " + std::to_string(height));
  if (!(o.pixel_width > 0) || !(o.pixel_height > 0) || !std::isfinite(o.origin_x) || !std::isfinite(o.origin_y))
    throw ExportError(ExportError::Kind::invalid, path,
                      path.string() + ": invalid geotransform (pixel size must be > 0, origin finite)");
  OGRSpatialReference srs;
  if (o.epsg != 0) {
    GdalErrorCapture errors;
    if (srs.importFromEPSG(o.epsg) != OGRERR_NONE)
      throw ExportError(ExportError::Kind::invalid, path,
                        path.string() + ": unknown CRS EPSG:" + std::to_string(o.epsg) +
                            (errors.failed() ? " (" + errors.message() + ")" : ""));
  }

  GdalErrorCapture errors;
  GDALRegister_GTiff();  // only the driver we need (no-op when already registered)
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
  if (driver == nullptr)
    throw ExportError(ExportError::Kind::library, path, path.string() + ": GDAL has no GTiff driver");

  s.file = AtomicFile(path, force);
  s.file.close_descriptor();  // GDAL writes the temporary file by name
  s.width = width;
  s.height = height;
  s.bands = o.opaque ? 3 : 4;
  s.rows = 0;

  CPLStringList create;
  create.SetNameValue("COMPRESS", "DEFLATE");
  create.SetNameValue("PREDICTOR", "2");
  create.SetNameValue("ZLEVEL", std::to_string(std::clamp(o.zlevel, 1, 9)).c_str());
  create.SetNameValue("PHOTOMETRIC", "RGB");
  create.SetNameValue("INTERLEAVE", "PIXEL");
  create.SetNameValue("BIGTIFF", "IF_SAFER");
  if (!o.opaque) create.SetNameValue("ALPHA", "YES");  // unassociated alpha, as PNG's
  if (o.tiled) {
    create.SetNameValue("TILED", "YES");
    create.SetNameValue("BLOCKXSIZE", "256");
    create.SetNameValue("BLOCKYSIZE", "256");
  } else {
    create.SetNameValue("BLOCKYSIZE", std::to_string(std::max(1, o.block_rows)).c_str());
  }
  if (o.threads > 1) create.SetNameValue("NUM_THREADS", std::to_string(o.threads).c_str());

  s.ds.reset(driver->Create(s.file.temp_path().c_str(), width, height, s.bands, GDT_Byte, create.List()));
  if (!s.ds) s.fail("cannot create the GeoTIFF", errors.message());

  const double gt[6] = {o.origin_x, o.pixel_width, 0, o.origin_y, 0, -o.pixel_height};
  s.ds->SetGeoTransform(const_cast<double*>(gt));
  if (o.epsg != 0) s.ds->SetSpatialRef(&srs);
  const GDALColorInterp ci[4] = {GCI_RedBand, GCI_GreenBand, GCI_BlueBand, GCI_AlphaBand};
  for (int b = 0; b < s.bands; ++b) s.ds->GetRasterBand(b + 1)->SetColorInterpretation(ci[b]);
  if (!o.description.empty()) s.ds->SetMetadataItem("TIFFTAG_IMAGEDESCRIPTION", o.description.c_str());
  if (!o.software.empty()) s.ds->SetMetadataItem("TIFFTAG_SOFTWARE", o.software.c_str());
  s.ds->SetMetadataItem("TIFFTAG_DATETIME", (o.datetime.empty() ? tiff_now_utc() : o.datetime).c_str());
  for (const auto& [key, value] : o.metadata) s.ds->SetMetadataItem(gdal_key(key).c_str(), value.c_str());
  if (errors.failed()) s.fail("cannot set up the GeoTIFF", errors.message());
}

void GeoTiffWriter::write_rows(const std::uint8_t* rgba, int row_count, std::size_t stride) {
  impl_->write(rgba, row_count, static_cast<std::ptrdiff_t>(stride));
}

void GeoTiffWriter::write_rows_bottom_up(const std::uint8_t* rgba, int row_count, std::size_t stride) {
  if (row_count <= 0) return impl_->write(rgba, row_count, static_cast<std::ptrdiff_t>(stride));
  // GDAL takes a negative line spacing: start at the top row and step down in memory.
  impl_->write(rgba + stride * static_cast<std::size_t>(row_count - 1), row_count,
               -static_cast<std::ptrdiff_t>(stride));
}

void GeoTiffWriter::finish() {
  Impl& s = *impl_;
  if (!s.ds) throw ExportError(ExportError::Kind::invalid, {}, "GeoTIFF writer: finish without open");
  if (s.rows != s.height) {
    const std::filesystem::path p = s.file.destination();
    const int had = s.rows;
    s.abort();
    throw ExportError(ExportError::Kind::invalid, p,
                      p.string() + ": only " + std::to_string(had) + " of " + std::to_string(s.height) +
                          " rows were written; no file written");
  }
  {
    GdalErrorCapture errors;
    s.ds->FlushCache(true);
    s.ds.reset();  // GDALClose writes the directory and any remaining blocks
    if (errors.failed()) s.fail("writing the GeoTIFF failed", errors.message());
  }
  s.file.commit();
}

void GeoTiffWriter::abort() noexcept { impl_->abort(); }

int GeoTiffWriter::rows_written() const { return impl_->rows; }

}  // namespace gatemap::exporter
