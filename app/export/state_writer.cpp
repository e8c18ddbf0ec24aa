#include "app/export/state_writer.hpp"

#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogr_feature.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <variant>

#include "app/export/atomic_file.hpp"
#include "app/export/gdal_errors.hpp"

namespace gatemap::exporter {

namespace {

namespace fs = std::filesystem;

// One table, format-free: columns and rows of cells (empty = null, a gap).
enum class Type { text, real, integer, boolean };
struct Column {
  std::string name;
  Type type;
};
using Cell = std::variant<std::monostate, std::string, double, int, bool>;
struct Table {
  std::string layer;
  bool points = false;  // rows carry a lon/lat position (Row::pos)
  std::vector<Column> columns;
  struct Row {
    std::optional<geo::LonLat> pos;
    std::vector<Cell> cells;
  };
  std::vector<Row> rows;
};

Cell text(const std::string& s) { return s.empty() ? Cell{} : Cell{s}; }
template <class T>
Cell opt(const std::optional<T>& v) {
  return v ? Cell{*v} : Cell{};
}

const char* const kFigureFields[] = {"metric", "value", "value_high", "unit", "basis", "period", "source_url"};

void add_figure_columns(std::vector<Column>& cols, const std::string& prefix) {
  for (const char* f : kFigureFields) {
    const std::string name(f);
    cols.push_back({prefix + name, name == "value" || name == "value_high" ? Type::real : Type::text});
  }
}

void add_figure_cells(std::vector<Cell>& cells, const StateFigure* f) {
  if (!f) {
    cells.insert(cells.end(), std::size(kFigureFields), Cell{});
    return;
  }
  for (Cell c : {text(f->metric), Cell{f->value}, opt(f->value_high), text(f->unit), text(f->basis), text(f->period),
                 text(f->source_url)})
    cells.push_back(std::move(c));
}

Table pairs_table(const StateTable& t) {
  Table out;
  out.layer = "gate_pairs";
  out.points = true;
  out.columns = {{"pair_id", Type::text},
                 {"name_vi", Type::text},
                 {"name_zh", Type::text},
                 {"lon", Type::real},
                 {"lat", Type::real},
                 {"located", Type::boolean},
                 {"status", Type::text},
                 {"cargo", Type::text},
                 {"passengers", Type::text},
                 {"set_by_file", Type::text},
                 {"set_by_line", Type::integer},
                 {"set_by_date", Type::text},
                 {"set_by_url", Type::text},
                 {"set_by_event", Type::text},
                 {"date", Type::text},
                 {"changes", Type::text}};
  for (const std::string& k : t.figure_kinds) add_figure_columns(out.columns, k + "_");
  for (const StatePair& p : t.pairs) {
    Table::Row r;
    r.pos = p.pos;
    r.cells = {p.pair_id,
               text(p.name_vi),
               text(p.name_zh),
               p.pos ? Cell{p.pos->lon} : Cell{},
               p.pos ? Cell{p.pos->lat} : Cell{},
               p.located,
               p.status,
               p.cargo,
               p.passengers,
               text(p.set_by_file),
               opt(p.set_by_line),
               text(p.set_by_date),
               text(p.set_by_url),
               text(p.set_by_event),
               t.date,
               text(p.changes)};
    for (const std::string& k : t.figure_kinds) {
      const StateFigure* f = nullptr;
      for (const StateFigure& x : p.figures)
        if (x.kind == k) f = &x;
      add_figure_cells(r.cells, f);
    }
    out.rows.push_back(std::move(r));
  }
  return out;
}

Table figures_table(const StateTable& t) {
  Table out;
  out.layer = "figures";
  out.columns = {{"scope", Type::text}};
  add_figure_columns(out.columns, "");
  for (Column c : {Column{"rows", Type::integer}, Column{"source_file", Type::text},
                   Column{"source_line", Type::integer}, Column{"date", Type::text}, Column{"description", Type::text}})
    out.columns.push_back(c);
  for (const StateFigure& f : t.figures) {
    Table::Row r;
    r.cells = {f.scope};
    add_figure_cells(r.cells, &f);
    for (Cell c : {Cell{f.rows}, text(f.source_file), Cell{f.source_line}, Cell{t.date}, text(f.description)})
      r.cells.push_back(std::move(c));
    out.rows.push_back(std::move(r));
  }
  return out;
}

// ---- CSV ----------------------------------------------------------------------------------------

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string cell_text(const Cell& c) {
  if (const auto* s = std::get_if<std::string>(&c)) return *s;
  if (const auto* d = std::get_if<double>(&c)) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10g", *d);
    return buf;
  }
  if (const auto* i = std::get_if<int>(&c)) return std::to_string(*i);
  if (const auto* b = std::get_if<bool>(&c)) return *b ? "true" : "false";
  return "";
}

std::string csv_bytes(const Table& t) {
  std::string out;
  for (size_t i = 0; i < t.columns.size(); ++i) {
    if (i) out += ',';
    out += csv_field(t.columns[i].name);
  }
  out += "\r\n";
  for (const Table::Row& r : t.rows) {
    for (size_t i = 0; i < r.cells.size(); ++i) {
      if (i) out += ',';
      out += csv_field(cell_text(r.cells[i]));
    }
    out += "\r\n";
  }
  return out;
}

// ---- OGR ----------------------------------------------------------------------------------------

[[noreturn]] void gdal_failed(const fs::path& out, const std::string& what, const GdalErrorCapture& errors) {
  throw ExportError(ExportError::Kind::library, out,
                    out.string() + ": " + what + (errors.failed() ? " (" + errors.message() + ")" : ""));
}

OGRFieldType ogr_type(Type t) {
  switch (t) {
    case Type::text: return OFTString;
    case Type::real: return OFTReal;
    case Type::integer:
    case Type::boolean: return OFTInteger;
  }
  return OFTString;
}

void add_layer(GDALDataset& ds, const Table& t, const fs::path& out, const GdalErrorCapture& errors) {
  OGRSpatialReference wgs84;
  wgs84.SetWellKnownGeogCS("WGS84");
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);  // lon, lat
  OGRLayer* layer = ds.CreateLayer(t.layer.c_str(), t.points ? &wgs84 : nullptr, t.points ? wkbPoint : wkbNone);
  if (!layer) gdal_failed(out, "cannot create the layer " + t.layer, errors);
  for (const Column& c : t.columns) {
    OGRFieldDefn def(c.name.c_str(), ogr_type(c.type));
    if (c.type == Type::boolean) def.SetSubType(OFSTBoolean);
    if (layer->CreateField(&def) != OGRERR_NONE) gdal_failed(out, "cannot create the field " + c.name, errors);
  }
  for (const Table::Row& r : t.rows) {
    OGRFeature f(layer->GetLayerDefn());
    for (size_t i = 0; i < r.cells.size(); ++i) {
      const int k = static_cast<int>(i);
      const Cell& c = r.cells[i];
      if (const auto* s = std::get_if<std::string>(&c))
        f.SetField(k, s->c_str());
      else if (const auto* d = std::get_if<double>(&c))
        f.SetField(k, *d);
      else if (const auto* n = std::get_if<int>(&c))
        f.SetField(k, *n);
      else if (const auto* b = std::get_if<bool>(&c))
        f.SetField(k, *b ? 1 : 0);
      else
        f.SetFieldNull(k);
    }
    if (r.pos) f.SetGeometry(std::make_unique<OGRPoint>(r.pos->lon, r.pos->lat).get());
    if (layer->CreateFeature(&f) != OGRERR_NONE) gdal_failed(out, "cannot write a feature of " + t.layer, errors);
  }
}

bool has_libkml() {
  GDALAllRegister();
  return GetGDALDriverManager()->GetDriverByName("LIBKML") != nullptr;
}

// The bytes of a GeoJSON or KML dataset holding `tables`, written by GDAL into /vsimem/.
std::string ogr_bytes(const std::vector<const Table*>& tables, StateFormat format, const fs::path& out) {
  GdalErrorCapture errors;
  GDALAllRegister();
  // KML: LIBKML where GDAL has it (a `Name` field becomes the placemark's <name>); the plain KML
  // driver otherwise, which misplaces the other fields' values when a `Name` field is present.
  const char* driver_name = format == StateFormat::kml ? (has_libkml() ? "LIBKML" : "KML") : "GeoJSON";
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name);
  if (!driver) gdal_failed(out, std::string("GDAL has no ") + driver_name + " driver", errors);
  static std::atomic<int> counter{0};
  const std::string mem = "/vsimem/gatemap_state_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) +
                          (format == StateFormat::kml ? ".kml" : ".geojson");
  {
    DatasetPtr ds(driver->Create(mem.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) gdal_failed(out, std::string("cannot create the ") + driver_name + " data", errors);
    for (const Table* t : tables) add_layer(*ds, *t, out, errors);
  }  // closed: GDAL has written everything
  vsi_l_offset size = 0;
  GByte* bytes = VSIGetMemFileBuffer(mem.c_str(), &size, FALSE);
  std::string result = bytes ? std::string(reinterpret_cast<const char*>(bytes), static_cast<size_t>(size)) : "";
  VSIUnlink(mem.c_str());
  if (!bytes || errors.failed()) gdal_failed(out, std::string("cannot write the ") + driver_name + " data", errors);
  return result;
}

}  // namespace

void write_state(const StateTable& table, const fs::path& out, StateFormat format, bool force) {
  const Table pairs = pairs_table(table), figures = figures_table(table);
  std::vector<std::pair<fs::path, std::string>> files;
  if (format == StateFormat::csv) {
    files = {{out, csv_bytes(pairs)}, {*figures_path(out, format), csv_bytes(figures)}};
  } else if (format == StateFormat::geojson) {
    files = {{out, ogr_bytes({&pairs}, format, out)},
             {*figures_path(out, format), ogr_bytes({&figures}, format, *figures_path(out, format))}};
  } else {
    // KML: a placemark's <name> (what Google Earth labels it with) comes from a `Name` field.
    Table named = pairs;
    if (has_libkml()) named.columns.insert(named.columns.begin(), Column{"Name", Type::text});
    for (size_t i = 0; has_libkml() && i < named.rows.size(); ++i) {
      const StatePair& p = table.pairs[i];
      named.rows[i].cells.insert(named.rows[i].cells.begin(),
                                 text(p.name_zh.empty() ? p.name_vi : p.name_vi + " " + p.name_zh));
    }
    files = {{out, ogr_bytes({&named, &figures}, format, out)}};
  }
  // Every file written under its temporary name before any is renamed into place.
  std::vector<AtomicFile> written;
  written.reserve(files.size());
  for (const auto& [path, bytes] : files) {
    written.emplace_back(path, force);
    written.back().write(bytes.data(), bytes.size());
  }
  for (AtomicFile& f : written) f.commit();
}

}  // namespace gatemap::exporter
