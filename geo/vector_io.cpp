#include "geo/vector_io.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <cmath>
#include <memory>
#include <mutex>

#include "geo/error.hpp"
#include "geo/limits.hpp"

namespace geo {

const std::string& Feature::prop(const std::string& key) const {
  static const std::string kEmpty;
  auto it = props.find(key);
  return it == props.end() ? kEmpty : it->second;
}

void ensure_gdal() {
  static std::once_flag once;
  std::call_once(once, [] {
    GDALAllRegister();
    CPLSetConfigOption("OGR_GEOJSON_MAX_OBJ_SIZE", "0");
  });
}

namespace {

// Owners of GDAL/OGR handles (all void* in the C API), each closed by its own function.
template <auto Close>
struct Closer {
  void operator()(void* h) const { Close(h); }
};
using DatasetPtr = std::unique_ptr<void, Closer<GDALClose>>;
using FeaturePtr = std::unique_ptr<void, Closer<OGR_F_Destroy>>;
using SrsPtr = std::unique_ptr<void, Closer<OSRDestroySpatialReference>>;
using TransformPtr = std::unique_ptr<void, Closer<OCTDestroyCoordinateTransformation>>;

std::string last_gdal_error() {
  const char* m = CPLGetLastErrorMsg();
  // GDAL sets no message for a file no driver claims: say that, rather than "unknown GDAL error".
  return m && *m ? std::string(m) : std::string("no GDAL driver recognises it (expected GeoJSON, GeoPackage or CSV)");
}

// Collects GDAL's messages for the scope instead of printing them: ours name the file and say
// what to do, and GDAL's first message (e.g. "At line 1, character 179: Unterminated object")
// is the useful one, not the last ("Failed to read GeoJSON data").
struct QuietGdal {
  std::vector<std::string> messages;
  static void handler(CPLErr, CPLErrorNum, const char* msg) {
    auto* self = static_cast<QuietGdal*>(CPLGetErrorHandlerUserData());
    if (self && msg) self->messages.emplace_back(msg);
  }
  QuietGdal() {
    CPLPushErrorHandlerEx(handler, this);
    CPLErrorReset();
  }
  ~QuietGdal() { CPLPopErrorHandler(); }
  std::string first() const { return messages.empty() ? last_gdal_error() : messages.front(); }
  bool mentions(const char* what) const {
    for (const std::string& m : messages)
      if (m.find(what) != std::string::npos) return true;
    return false;
  }
};

DatasetPtr open_vector(const std::string& path, const QuietGdal& quiet) {
  VSIStatBufL st;
  if (VSIStatL(path.c_str(), &st) != 0) throw Error(path, "", "file not found");
  // OGR's GeoJSON driver parses a whole file and every feature read is kept: refuse a file over
  // the limit before GDAL opens it (geo/limits.hpp). A GeoPackage is bounded the same way.
  const std::uint64_t max_bytes = input_limits().file_bytes;
  if (!VSI_ISDIR(st.st_mode) && static_cast<std::uint64_t>(st.st_size) > max_bytes)
    throw Error(path, "", "file too large: " + std::to_string(st.st_size) + " bytes " + limit_text(max_bytes, "bytes"));
  GDALDatasetH ds = GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  if (!ds) throw Error(path, "", "not a readable vector file: " + quiet.first());
  // GDAL falls back to WGS84 when a GeoJSON names a CRS that PROJ does not know: refuse instead.
  if (quiet.mentions("crs not found") || quiet.mentions("CRS not found")) {
    GDALClose(ds);
    throw Error(path, "", "unknown CRS: " + quiet.first());
  }
  return DatasetPtr(ds);
}

struct Reader {
  const std::string& file;
  int index;
  OGRCoordinateTransformationH ct;

  [[noreturn]] void fail(const std::string& problem) const {
    throw Error(file, "feature " + std::to_string(index), problem);
  }

  std::vector<LonLat> points_of(OGRGeometryH g) const {
    int n = OGR_G_GetPointCount(g);
    std::vector<LonLat> out(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
      double x = OGR_G_GetX(g, i), y = OGR_G_GetY(g, i);
      if (!std::isfinite(x) || !std::isfinite(y))
        fail("coordinate " + std::to_string(i + 1) + " is not a finite number");
      out[static_cast<size_t>(i)] = {x, y};
    }
    if (ct && n > 0) {
      std::vector<double> xs(static_cast<size_t>(n)), ys(static_cast<size_t>(n));
      for (int i = 0; i < n; ++i)
        xs[static_cast<size_t>(i)] = out[static_cast<size_t>(i)].lon,
        ys[static_cast<size_t>(i)] = out[static_cast<size_t>(i)].lat;
      if (!OCTTransform(ct, n, xs.data(), ys.data(), nullptr)) fail("coordinates cannot be transformed to WGS84");
      for (int i = 0; i < n; ++i)
        out[static_cast<size_t>(i)] = {xs[static_cast<size_t>(i)], ys[static_cast<size_t>(i)]};
    }
    for (const LonLat& p : out)
      if (p.lon < -180.0001 || p.lon > 180.0001 || p.lat < -90.0001 || p.lat > 90.0001)
        fail("coordinate out of the lon/lat range (check the CRS and axis order)");
    return out;
  }

  void add(OGRGeometryH g, Feature& f) const {
    if (!g) return;
    switch (wkbFlatten(OGR_G_GetGeometryType(g))) {
      case wkbPoint:
        if (!OGR_G_IsEmpty(g))
          for (auto& p : points_of(g)) f.points.push_back(p);
        break;
      case wkbLineString: f.lines.push_back(points_of(g)); break;
      case wkbPolygon: {
        Polygon poly;
        for (int r = 0; r < OGR_G_GetGeometryCount(g); ++r) poly.push_back(points_of(OGR_G_GetGeometryRef(g, r)));
        for (const Ring& ring : poly)
          if (ring.size() < 4) fail("polygon ring with fewer than 4 points");
        f.polygons.push_back(std::move(poly));
        break;
      }
      case wkbMultiPoint:
      case wkbMultiLineString:
      case wkbMultiPolygon:
      case wkbGeometryCollection:
        for (int i = 0; i < OGR_G_GetGeometryCount(g); ++i) add(OGR_G_GetGeometryRef(g, i), f);
        break;
      default: fail(std::string("unsupported geometry type ") + OGRGeometryTypeToName(OGR_G_GetGeometryType(g)));
    }
  }
};

}  // namespace

std::vector<std::string> vector_layer_names(const std::string& path) {
  ensure_gdal();
  QuietGdal quiet;
  DatasetPtr ds = open_vector(path, quiet);
  std::vector<std::string> names;
  for (int i = 0; i < GDALDatasetGetLayerCount(ds.get()); ++i)
    names.emplace_back(OGR_L_GetName(GDALDatasetGetLayer(ds.get(), i)));
  return names;
}

VectorLayer read_vector(const std::string& path, const std::string& layer_name) {
  ensure_gdal();
  QuietGdal quiet;
  DatasetPtr ds = open_vector(path, quiet);
  OGRLayerH layer =
      layer_name.empty() ? GDALDatasetGetLayer(ds.get(), 0) : GDALDatasetGetLayerByName(ds.get(), layer_name.c_str());
  if (!layer)
    throw Error(path, "", layer_name.empty() ? "the file holds no layer" : "no layer named '" + layer_name + "'");

  TransformPtr ct;
  if (OGRSpatialReferenceH src = OGR_L_GetSpatialRef(layer)) {
    SrsPtr wgs(OSRNewSpatialReference(nullptr));
    OSRImportFromEPSG(wgs.get(), 4326);
    OSRSetAxisMappingStrategy(wgs.get(), OAMS_TRADITIONAL_GIS_ORDER);
    SrsPtr src_copy(OSRClone(src));
    OSRSetAxisMappingStrategy(src_copy.get(), OAMS_TRADITIONAL_GIS_ORDER);
    if (!OSRIsSame(src_copy.get(), wgs.get())) {
      ct.reset(OCTNewCoordinateTransformation(src_copy.get(), wgs.get()));
      if (!ct) throw Error(path, "", "unknown or unsupported CRS: " + last_gdal_error());
    }
  } else if (OGR_L_GetGeomType(layer) != wkbNone) {
    const char* drv = GDALGetDriverShortName(GDALGetDatasetDriver(ds.get()));
    if (std::string(drv) != "GeoJSON" && std::string(drv) != "CSV")
      throw Error(path, "", "the layer has no CRS: cannot tell where its coordinates are");
  }

  VectorLayer out{path, OGR_L_GetName(layer), {}};
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  OGR_L_ResetReading(layer);
  int index = 0;
  CPLErrorReset();
  while (true) {
    FeaturePtr feat(OGR_L_GetNextFeature(layer));
    if (!feat) {
      if (CPLGetLastErrorType() >= CE_Failure)
        throw Error(path, "feature " + std::to_string(index + 1), "cannot be read: " + quiet.first());
      break;
    }
    ++index;
    if (static_cast<std::uint64_t>(index) > input_limits().rows)
      throw Error(path, "feature " + std::to_string(index),
                  "too many features " + limit_text(input_limits().rows, "features"));
    Feature f;
    f.index = index;
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i)
      if (OGR_F_IsFieldSetAndNotNull(feat.get(), i))
        f.props[OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i))] = OGR_F_GetFieldAsString(feat.get(), i);
    Reader r{path, index, static_cast<OGRCoordinateTransformationH>(ct.get())};
    r.add(OGR_F_GetGeometryRef(feat.get()), f);
    out.features.push_back(std::move(f));
  }
  return out;
}

void register_memory_file(const std::string& path, std::span<const std::byte> bytes) {
  ensure_gdal();
  VSILFILE* fp = VSIFileFromMemBuffer(path.c_str(), reinterpret_cast<GByte*>(const_cast<std::byte*>(bytes.data())),
                                      static_cast<vsi_l_offset>(bytes.size()), FALSE);
  if (fp) VSIFCloseL(fp);
}

}  // namespace geo
