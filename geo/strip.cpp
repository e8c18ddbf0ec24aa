#include "geo/strip.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>

#include "geo/schema.hpp"
#include "geo/utm.hpp"

namespace geo {

FrontierRef::FrontierRef(std::span<const LonLat> line) : line_(line.begin(), line.end()) {
  if (line_.size() >= 2 && line_.front().lon < line_.back().lon) {
    std::reverse(line_.begin(), line_.end());
    reversed_ = true;
  }
  xy_.reserve(line_.size());
  for (const LonLat& p : line_) xy_.push_back(utm::forward(p));
  km_.assign(line_.size(), 0.0);
  for (size_t i = 1; i < line_.size(); ++i)
    km_[i] = km_[i - 1] + utm::geodesic_distance_m(line_[i - 1], line_[i]) / 1000.0;
}

FrontierRef::Projection FrontierRef::project(LonLat p) const {
  Projection out;
  if (line_.empty()) return out;
  if (line_.size() == 1) {
    out.on_line = line_[0];
    out.offset_m = std::hypot(utm::forward(p).x - xy_[0].x, utm::forward(p).y - xy_[0].y);
    return out;
  }
  const XY q = utm::forward(p);
  double best = std::numeric_limits<double>::infinity(), best_t = 0;
  size_t best_i = 0;
  for (size_t i = 0; i + 1 < xy_.size(); ++i) {
    const double dx = xy_[i + 1].x - xy_[i].x, dy = xy_[i + 1].y - xy_[i].y;
    const double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((q.x - xy_[i].x) * dx + (q.y - xy_[i].y) * dy) / len2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    const double ex = xy_[i].x + t * dx - q.x, ey = xy_[i].y + t * dy - q.y;
    const double d2 = ex * ex + ey * ey;
    if (d2 < best) best = d2, best_i = i, best_t = t;
  }
  const XY& a = xy_[best_i];
  const XY& b = xy_[best_i + 1];
  out.on_line = utm::inverse({a.x + best_t * (b.x - a.x), a.y + best_t * (b.y - a.y)});
  out.offset_m = std::sqrt(best);
  out.km = km_[best_i] + utm::geodesic_distance_m(line_[best_i], out.on_line) / 1000.0;
  return out;
}

LonLat FrontierRef::point_at(double km) const {
  if (line_.empty()) return {};
  for (size_t i = 1; i < line_.size(); ++i)
    if (km_[i] >= km) {
      const double t = km_[i] > km_[i - 1] ? std::max(0.0, km - km_[i - 1]) / (km_[i] - km_[i - 1]) : 0;
      const XY p{xy_[i - 1].x + t * (xy_[i].x - xy_[i - 1].x), xy_[i - 1].y + t * (xy_[i].y - xy_[i - 1].y)};
      return utm::inverse(p);
    }
  return line_.back();
}

std::vector<DistrictStretch> district_stretches(const CsvTable& table) {
  std::vector<DistrictStretch> out;
  for (const Record& r : records_of(table)) {
    if (!r.shape_problem.empty()) continue;
    const std::optional<double> from = finite_number(r.get("from_km")), to = finite_number(r.get("to_km"));
    if (r.get("district").empty() || !from || !to || !(*from < *to)) continue;
    out.push_back({r.get("district"), *from, *to, r.get("source")});
  }
  return out;
}

std::optional<LonLat> crossing_point(const GatePair& pair) {
  const std::string x_id = pair.id + "_x";
  for (const GatePoint& p : pair.rows)
    if (p.row_id == x_id && p.pos) return p.pos;
  for (const GatePoint& p : pair.rows)
    if (p.side == Side::border && p.pos) return p.pos;
  for (Side side : {Side::vn, Side::cn})
    for (const GatePoint& p : pair.rows)
      if (p.side == side && p.pos) return p.pos;
  return std::nullopt;
}

std::vector<GateKmPost> gate_km_posts(std::span<const GatePair> pairs, const FrontierRef& line,
                                      std::span<const DistrictStretch> stretches) {
  std::vector<GateKmPost> out;
  for (size_t i = 0; i < pairs.size(); ++i) {
    const GatePair& g = pairs[i];
    GateKmPost k;
    k.pair = i;
    if (const std::optional<LonLat> p = crossing_point(g)) {
      const FrontierRef::Projection pr = line.project(*p);
      k.km = pr.km;
      k.offset_m = pr.offset_m;
      std::string row;
      for (const GatePoint& r : g.rows)
        if (r.pos && r.pos->lon == p->lon && r.pos->lat == p->lat) {
          row = r.row_id;
          break;
        }
      k.basis = "gates.csv row " + row + " projected onto the line";
      out.push_back(std::move(k));
      continue;
    }
    const auto st = std::find_if(stretches.begin(), stretches.end(),
                                 [&](const DistrictStretch& s) { return s.district == g.district; });
    if (st == stretches.end()) continue;  // neither located nor placed in a district: no km-post
    k.km = (st->from_km + st->to_km) / 2;
    k.approximate = true;
    char buf[160];
    std::snprintf(buf, sizeof buf, "not located: middle of the %s stretch (km %.2f–%.2f)", st->district.c_str(),
                  st->from_km, st->to_km);
    k.basis = buf;
    out.push_back(std::move(k));
  }
  return out;
}

std::vector<StatusBand> status_bands(const Timeline& timeline, std::string_view gate, Date from, Date to) {
  std::vector<StatusBand> out;
  if (to < from) return out;
  auto band_at = [&](Date d) {
    const GateStatus s = timeline.status_at(gate, d);
    return StatusBand{d, to, s.overall, s.approximate, s.set_by};
  };
  out.push_back(band_at(from));
  for (const Transition& t : timeline.changes_of(gate)) {
    if (t.date <= from || t.date > to) continue;
    StatusBand b = band_at(t.date);
    if (b.status == out.back().status) continue;  // another type changed; the overall status did not
    out.back().last = t.date.add_days(-1);
    out.push_back(b);
  }
  return out;
}

std::vector<double> spread_apart(std::span<const double> wanted, double min_gap, double lo, double hi) {
  const size_t n = wanted.size();
  std::vector<double> out(wanted.begin(), wanted.end());
  if (n == 0) return out;
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return wanted[a] < wanted[b]; });
  // Clusters of items that touch, each centred on the mean of its items' wanted positions; merge
  // neighbouring clusters while they overlap (the classic pool-adjacent-violators pass).
  struct Cluster {
    size_t first, count;
    double sum;  // of wanted positions minus their offsets in the cluster
    double start() const { return sum / static_cast<double>(count); }
  };
  std::vector<Cluster> cs;
  for (size_t k = 0; k < n; ++k) {
    cs.push_back({k, 1, wanted[order[k]]});
    while (cs.size() >= 2) {
      Cluster& a = cs[cs.size() - 2];
      const Cluster& b = cs.back();
      if (a.start() + static_cast<double>(a.count) * min_gap <= b.start()) break;
      // b's items sit at a's start + (a.count + j) * gap: add their wanted positions less that offset.
      a.sum += b.sum - static_cast<double>(b.count) * static_cast<double>(a.count) * min_gap;
      a.count += b.count;
      cs.pop_back();
    }
  }
  // Keep within [lo, hi] when the room allows: shift the whole arrangement's ends inwards.
  std::vector<double> pos(n);
  for (const Cluster& c : cs)
    for (size_t j = 0; j < c.count; ++j) pos[c.first + j] = c.start() + static_cast<double>(j) * min_gap;
  if (hi - lo >= static_cast<double>(n - 1) * min_gap) {
    for (size_t k = 0; k < n; ++k) pos[k] = std::max(pos[k], lo + static_cast<double>(k) * min_gap);
    for (size_t k = n; k-- > 0;) pos[k] = std::min(pos[k], hi - static_cast<double>(n - 1 - k) * min_gap);
  }
  for (size_t k = 0; k < n; ++k) out[order[k]] = pos[k];
  return out;
}

}  // namespace geo
