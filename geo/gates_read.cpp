// load_gates: gates.csv and gate_pairs.csv through read_csv (GDAL's file layer). Kept apart from
// gates.cpp so that the gate types need no GDAL (the lean export has its gates baked).
#include <map>

#include "geo/csv.hpp"
#include "geo/error.hpp"
#include "geo/gates.hpp"

namespace geo {

namespace {

CsvTable read_table(const std::string& path, Schema schema) {
  CsvTable t = read_csv(path);
  if (std::string col = missing_column(schema, t); !col.empty())
    throw Error(t.file, "line 1", "missing column '" + col + "'");
  return t;
}

Side side_of(std::string_view s) { return s == "VN" ? Side::vn : s == "CN" ? Side::cn : Side::border; }

// A row that check_record accepted: every value is of the gates schema.
GatePoint point_of(const Record& r, int line) {
  GatePoint p;
  p.row_id = r.get("id");
  p.line = line;
  p.name_vi = r.get("name_vi");
  p.name_zh = r.get("name_zh");
  p.name_zh_note = r.get("name_zh_note");
  p.kind_text = r.get("kind");
  p.source = r.get("source");
  p.side = side_of(r.get("side"));
  p.confidence = parse_confidence(r.get("confidence")).value_or(Confidence::not_found);
  const auto lon = finite_number(r.get("lon")), lat = finite_number(r.get("lat"));
  if (lon && lat) p.pos = LonLat{*lon, *lat};
  return p;
}

// A CSV file read and judged row by row by the schema; what was loaded and skipped goes to `report`.
struct CheckedTable {
  CsvTable table;
  std::vector<bool> loaded;     // per row: accepted by check_record
  std::vector<Record> records;  // per row
};

CheckedTable read_checked(const std::string& path, Schema schema, const KnownIds& ids, LoadReport& report) {
  CheckedTable c{.table = read_table(path, schema)};
  std::vector<CheckProblem> problems;
  c.loaded = check_table(schema, c.table, ids, problems);
  report.add(c.table.file, schema, c.loaded, problems);
  c.records = records_of(c.table);
  return c;
}

}  // namespace

GateLoadResult load_gates(const std::string& gates_csv, const std::string& pairs_csv, const KnownIds& ids) {
  GateLoadResult out;
  std::map<std::string, size_t> index;
  {
    const CheckedTable pairs = read_checked(pairs_csv, Schema::gate_pairs, ids, out.report);
    for (size_t i = 0; i < pairs.records.size(); ++i) {
      if (!pairs.loaded[i]) continue;
      const Record& r = pairs.records[i];
      GatePair g;
      g.id = r.get("pair_id");
      g.name_vi = r.get("name_vi");
      g.name_zh = r.get("name_zh");
      g.name_zh_status = r.get("name_zh_status");
      g.name_en = r.get("name_en");
      g.kind = r.get("kind");
      g.district = r.get("district");
      g.source = r.get("source");
      index[g.id] = out.pairs.size();
      out.pairs.push_back(std::move(g));
    }
  }

  const CheckedTable gates = read_checked(gates_csv, Schema::gates, ids, out.report);
  for (size_t i = 0; i < gates.records.size(); ++i) {
    if (!gates.loaded[i]) continue;
    GatePoint p = point_of(gates.records[i], gates.table.rows[i].line);
    const std::string& pid = gates.records[i].get("pair_id");
    auto it = index.find(pid);
    if (it == index.end()) {  // a pair that gate_pairs.csv does not list: named after its first row
      GatePair g;
      g.id = pid;
      g.name_vi = p.name_vi;
      g.name_zh = p.name_zh;
      g.name_zh_status = "unknown";
      it = index.emplace(pid, out.pairs.size()).first;
      out.pairs.push_back(std::move(g));
    }
    GatePair& g = out.pairs[it->second];
    std::optional<GatePoint>& slot = p.side == Side::vn ? g.vn : p.side == Side::cn ? g.cn : g.crossing;
    if (!slot) slot = p;
    g.rows.push_back(std::move(p));
  }
  out.problems = out.report.lines();
  return out;
}

}  // namespace geo
