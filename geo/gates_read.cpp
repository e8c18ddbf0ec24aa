// load_gates: gates.csv and gate_pairs.csv through read_csv (GDAL's file layer). Kept apart from
// gates.cpp so that the gate types need no GDAL (the lean export has its gates baked).
#include <charconv>
#include <cmath>
#include <map>

#include "geo/csv.hpp"
#include "geo/error.hpp"
#include "geo/gates.hpp"

namespace geo {

namespace {

std::optional<double> parse_number(const std::string& s) {
  double v = 0;
  const char* b = s.data();
  const char* e = s.data() + s.size();
  while (b < e && *b == ' ') ++b;
  auto r = std::from_chars(b, e, v);
  if (r.ec != std::errc() || r.ptr != e) return std::nullopt;
  return v;
}

int require(const CsvTable& t, const char* col) {
  int i = t.column(col);
  if (i < 0) throw Error(t.file, "line 1", std::string("missing column '") + col + "'");
  return i;
}

}  // namespace

GateLoadResult load_gates(const std::string& gates_csv, const std::string& pairs_csv) {
  GateLoadResult out;
  CsvTable pairs = read_csv(pairs_csv);
  const int p_id = require(pairs, "pair_id"), p_vi = require(pairs, "name_vi"), p_zh = require(pairs, "name_zh"),
            p_zs = require(pairs, "name_zh_status"), p_en = require(pairs, "name_en"), p_kind = require(pairs, "kind"),
            p_dist = require(pairs, "district"), p_src = require(pairs, "source");
  std::map<std::string, size_t> index;
  for (const CsvRow& r : pairs.rows) {
    auto where = [&] { return pairs.file + ":line " + std::to_string(r.line) + ": "; };
    if (r.cells.size() != pairs.header.size()) {
      out.problems.push_back(where() + "expected " + std::to_string(pairs.header.size()) + " fields, found " +
                             std::to_string(r.cells.size()));
      continue;
    }
    const std::string& id = pairs.cell(r, p_id);
    if (id.empty() || index.count(id)) {
      out.problems.push_back(where() + (id.empty() ? "empty pair_id" : "duplicate pair_id '" + id + "'"));
      continue;
    }
    GatePair g;
    g.id = id;
    g.name_vi = pairs.cell(r, p_vi);
    g.name_zh = pairs.cell(r, p_zh);
    g.name_zh_status = pairs.cell(r, p_zs);
    g.name_en = pairs.cell(r, p_en);
    g.kind = pairs.cell(r, p_kind);
    g.district = pairs.cell(r, p_dist);
    g.source = pairs.cell(r, p_src);
    index[id] = out.pairs.size();
    out.pairs.push_back(std::move(g));
  }

  CsvTable t = read_csv(gates_csv);
  const int c_id = require(t, "id"), c_pair = require(t, "pair_id"), c_vi = require(t, "name_vi"),
            c_zh = require(t, "name_zh"), c_note = require(t, "name_zh_note"), c_side = require(t, "side"),
            c_kind = require(t, "kind"), c_lon = require(t, "lon"), c_lat = require(t, "lat"),
            c_conf = require(t, "confidence"), c_src = require(t, "source");
  for (const CsvRow& r : t.rows) {
    auto bad = [&](const std::string& what) {
      out.problems.push_back(t.file + ":line " + std::to_string(r.line) + ": " + what);
    };
    if (r.cells.size() != t.header.size()) {
      bad("expected " + std::to_string(t.header.size()) + " fields, found " + std::to_string(r.cells.size()));
      continue;
    }
    GatePoint p;
    p.row_id = t.cell(r, c_id);
    p.line = r.line;
    p.name_vi = t.cell(r, c_vi);
    p.name_zh = t.cell(r, c_zh);
    p.name_zh_note = t.cell(r, c_note);
    p.kind_text = t.cell(r, c_kind);
    p.source = t.cell(r, c_src);
    const std::string& side = t.cell(r, c_side);
    if (side == "VN") p.side = Side::vn;
    else if (side == "CN") p.side = Side::cn;
    else if (side == "border") p.side = Side::border;
    else { bad("side '" + side + "' is not VN, CN or border"); continue; }
    auto conf = parse_confidence(t.cell(r, c_conf));
    if (!conf) { bad("confidence '" + t.cell(r, c_conf) + "' is not high, medium, low or not_found"); continue; }
    p.confidence = *conf;
    const std::string &slon = t.cell(r, c_lon), &slat = t.cell(r, c_lat);
    if (slon.empty() != slat.empty()) { bad("lon and lat must both be given or both be empty"); continue; }
    if (!slon.empty()) {
      auto lon = parse_number(slon), lat = parse_number(slat);
      if (!lon) { bad("lon '" + slon + "' is not a number"); continue; }
      if (!lat) { bad("lat '" + slat + "' is not a number"); continue; }
      if (!std::isfinite(*lon) || !std::isfinite(*lat)) { bad("lon/lat must be finite numbers"); continue; }
      if (*lon < -180 || *lon > 180 || *lat < -90 || *lat > 90) { bad("lon/lat out of range (lon first, then lat, in degrees)"); continue; }
      if (p.confidence == Confidence::not_found) { bad("a coordinate is given but confidence is not_found"); continue; }
      p.pos = LonLat{*lon, *lat};
    } else if (p.confidence != Confidence::not_found) {
      bad("no coordinate but confidence is '" + std::string(to_string(p.confidence)) + "' (use not_found)");
      continue;
    }
    const std::string& pid = t.cell(r, c_pair);
    auto it = index.find(pid);
    if (it == index.end()) {
      if (pid.empty()) { bad("empty pair_id"); continue; }
      GatePair g;
      g.id = pid;
      g.name_vi = p.name_vi;
      g.name_zh = p.name_zh;
      g.name_zh_status = "unknown";
      index[pid] = out.pairs.size();
      out.pairs.push_back(std::move(g));
      it = index.find(pid);
    }
    GatePair& g = out.pairs[it->second];
    std::optional<GatePoint>& slot = p.side == Side::vn ? g.vn : p.side == Side::cn ? g.cn : g.crossing;
    if (!slot) slot = p;
    g.rows.push_back(std::move(p));
  }
  return out;
}

}  // namespace geo
