#pragma once
// Gate pairs: a Vietnamese gate and its Chinese counterpart, with the crossing point on the
// frontier. Rows of gates.csv that share a `pair_id` form one pair; gate_pairs.csv gives each
// pair's names, kind and district. A position that no source gives stays empty: never invented.
#include <optional>
#include <string>
#include <vector>

#include "geo/schema.hpp"
#include "geo/types.hpp"

namespace geo {

enum class Confidence { high, medium, low, not_found };
const char* to_string(Confidence c);
std::optional<Confidence> parse_confidence(const std::string& s);

enum class Side { vn, cn, border };

struct GatePoint {
  std::string row_id;  // `id` column
  Side side = Side::border;
  std::string name_vi, name_zh, name_zh_note, kind_text;
  std::optional<LonLat> pos;  // empty when the source gives none (confidence not_found)
  Confidence confidence = Confidence::not_found;
  std::string source;
  int line = 0;  // physical line in the file
  bool operator==(const GatePoint&) const = default;
};

struct GatePair {
  std::string id;  // pair_id
  std::string name_vi, name_zh, name_en;
  std::string name_zh_status;  // confirmed | unconfirmed | unknown
  std::string kind;            // international | main | auxiliary | border_market | crossing_point | rail
  std::string district;
  std::string source;
  std::optional<GatePoint> vn, cn, crossing;  // first row of each side
  std::vector<GatePoint> rows;                // every row of the pair, in file order

  bool located() const { return (vn && vn->pos) || (cn && cn->pos) || (crossing && crossing->pos); }
  // The best point to draw the pair at: the crossing on the line, else the VN side, else CN.
  std::optional<LonLat> anchor() const;
  bool operator==(const GatePair&) const = default;
};

struct GateLoadResult {
  std::vector<GatePair> pairs;        // in the order of gate_pairs.csv, then of first appearance
  std::vector<std::string> problems;  // `file:line: problem` for rows that were skipped (report.lines())
  LoadReport report;                  // rows loaded and skipped, per file
};

// Reads gates.csv (one row per facility or crossing point) and gate_pairs.csv (one row per pair).
// Every row is judged by the rules of `gatemap check` (geo/schema.hpp): a row it rejects (a
// duplicate id, a coordinate outside the map area, …) is skipped and reported; a missing file or a
// missing column throws geo::Error. `ids.builtin_gate_ids`: for a planner's gates loaded on top of
// the built-in data, the built-in gate ids, which a row may not reuse.
GateLoadResult load_gates(const std::string& gates_csv, const std::string& pairs_csv, const KnownIds& ids = {});

}  // namespace geo
