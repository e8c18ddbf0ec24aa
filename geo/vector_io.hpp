#pragma once
// Reading vector files (GeoJSON, GeoPackage, Shapefile, …) through GDAL/OGR into plain lon/lat
// geometry. Every layer is transformed to WGS84 lon/lat (traditional GIS axis order); a layer in
// a CRS that PROJ does not know, or with no CRS in a format that has no default, is an error.
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "geo/types.hpp"

namespace geo {

struct Feature {
  int index = 0;                             // 1-based position in its layer (for messages)
  std::map<std::string, std::string> props;  // every attribute as text
  std::vector<Polygon> polygons;             // from Polygon / MultiPolygon
  std::vector<Polyline> lines;               // from LineString / MultiLineString
  std::vector<LonLat> points;                // from Point / MultiPoint

  const std::string& prop(const std::string& key) const;
};

struct VectorLayer {
  std::string file;  // path as given, for messages
  std::string name;  // layer name
  std::vector<Feature> features;
};

// Registers GDAL's drivers once (cheap to call again).
void ensure_gdal();

// Reads one layer (the first, or the named one) of a vector file. Throws geo::Error naming the
// file (and feature) for a missing file, an unreadable format, an unknown CRS or a broken geometry
// (non-finite coordinates).
VectorLayer read_vector(const std::string& path, const std::string& layer_name = {});

// Names of the layers of a vector dataset (GeoPackages hold several). Throws geo::Error.
std::vector<std::string> vector_layer_names(const std::string& path);

// Makes `bytes` readable by GDAL under `path` (a /vsimem/ name) without copying.
void register_memory_file(const std::string& path, std::span<const std::byte> bytes);

}  // namespace geo
