// geo/ costs that the start-up and the scale work depend on: projection (PROJ), triangulation
// (GEOS constrained Delaunay) of the land polygons and simplification (GEOS) of the frontier and
// the context lines. Data: the files of data/ as they are on disk.
#include <benchmark/benchmark.h>

#include <cmath>
#include <string>
#include <vector>

#include "geo/geos_util.hpp"
#include "geo/projection.hpp"
#include "geo/scene.hpp"
#include "geo/synthetic.hpp"
#include "geo/vector_io.hpp"

namespace {

std::string data_path(const char* name) { return std::string(GATEMAP_DATA_DIR) + "/" + name; }

// 1M points over the default view (106.3–107.6 °E, 21.4–22.6 °N), lon/lat → UTM 48N.
void BM_Project1M(benchmark::State& state) {
  const size_t n = 1'000'000;
  std::vector<geo::LonLat> ll(n);
  for (size_t i = 0; i < n; ++i)
    ll[i] = {106.3 + 1.3 * static_cast<double>(i % 1000) / 1000.0, 21.4 + 1.2 * static_cast<double>(i / 1000) / 1000.0};
  std::vector<geo::XY> xy(n);
  const geo::Projector& p = geo::map_projector();
  for (auto _ : state) {
    p.forward(ll, xy);
    benchmark::DoNotOptimize(xy.data());
  }
  state.counters["points"] = static_cast<double>(n);
}
BENCHMARK(BM_Project1M)->Unit(benchmark::kMillisecond)->UseRealTime();

struct ProjectedPolygons {
  std::vector<std::vector<std::vector<geo::XY>>> polygons;
  size_t vertices = 0;
};

// The polygons of `path` in map metres; only the features whose A3 is `a3` when given.
ProjectedPolygons projected(const std::string& path, const std::string& a3 = "") {
  ProjectedPolygons out;
  for (const geo::Feature& f : geo::read_vector(path).features) {
    if (!a3.empty() && f.prop("A3") != a3) continue;
    for (const geo::Polygon& poly : f.polygons) {
      std::vector<std::vector<geo::XY>> rings;
      for (const geo::Ring& r : poly) {
        std::vector<geo::XY> xy(r.size());
        geo::map_projector().forward(r, xy);
        out.vertices += r.size();
        rings.push_back(std::move(xy));
      }
      out.polygons.push_back(std::move(rings));
    }
  }
  return out;
}

// cell_m > 0: in cells, as the scene triangulates its land (geo::triangulate_in_cells); 0: whole.
void triangulate_all(benchmark::State& state, const ProjectedPolygons& land, double cell_m = 0) {
  geo::GeosContext ctx;
  size_t triangles = 0;
  for (auto _ : state) {
    std::vector<float> xy;
    std::vector<uint32_t> idx;
    for (const auto& rings : land.polygons) {
      geo::GeomPtr g = geo::make_polygon(ctx, rings);
      if (cell_m > 0)
        geo::triangulate_in_cells(ctx, g.get(), cell_m, {650000.0, 2430000.0}, xy, idx);
      else
        geo::triangulate(ctx, g.get(), {650000.0, 2430000.0}, xy, idx);
    }
    triangles = idx.size() / 3;
  }
  state.counters["vertices"] = static_cast<double>(land.vertices);
  state.counters["triangles"] = static_cast<double>(triangles);
}

// The default land (data/land.geojson: Vietnam and China clipped to the map's area), at full
// resolution in the scene's cells.
void BM_TriangulateDefaultLand(benchmark::State& state) {
  static const ProjectedPolygons land = projected(data_path("land.geojson"));
  triangulate_all(state, land, geo::land_cell_m(0));
}
BENCHMARK(BM_TriangulateDefaultLand)->Unit(benchmark::kMillisecond)->UseRealTime();

// Vietnam at full resolution (countries-land-10m; the synthetic scene's land): skipped when the
// npm file is not in the cache.
void BM_TriangulateVietnamFull(benchmark::State& state) {
  static const std::string extract = geo::countries_extract();
  if (extract.empty()) {
    state.SkipWithError("countries-land-10m not in the cache (scripts/bench.sh installs it with npm)");
    for (auto _ : state) {
    }
    return;
  }
  static const ProjectedPolygons vnm = projected(extract, "VNM");
  triangulate_all(state, vnm);
}
BENCHMARK(BM_TriangulateVietnamFull)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

std::vector<std::vector<geo::XY>> projected_lines(const std::string& path) {
  std::vector<std::vector<geo::XY>> out;
  for (const geo::Feature& f : geo::read_vector(path).features) {
    for (const geo::Polyline& l : f.lines) {
      std::vector<geo::XY> xy(l.size());
      geo::map_projector().forward(l, xy);
      out.push_back(std::move(xy));
    }
    for (const geo::Polygon& poly : f.polygons)
      for (const geo::Ring& r : poly) {
        std::vector<geo::XY> xy(r.size());
        geo::map_projector().forward(r, xy);
        out.push_back(std::move(xy));
      }
  }
  return out;
}

// The scene's pyramid step (TopologyPreserveSimplify) on the frontier and on every context
// line of the default data, at the tolerance given (metres).
void simplify_all(benchmark::State& state, const std::vector<std::vector<geo::XY>>& lines) {
  geo::GeosContext ctx;
  const double tol = static_cast<double>(state.range(0));
  size_t in = 0, out = 0;
  for (const auto& l : lines) in += l.size();
  for (auto _ : state) {
    out = 0;
    for (const auto& l : lines) out += geo::simplify_line(ctx, l, tol).size();
  }
  state.counters["vertices_in"] = static_cast<double>(in);
  state.counters["vertices_out"] = static_cast<double>(out);
}

void BM_SimplifyFrontier(benchmark::State& state) {
  static const auto lines = projected_lines(data_path("frontier.geojson"));
  simplify_all(state, lines);
}
BENCHMARK(BM_SimplifyFrontier)->Arg(25)->Arg(100)->Arg(400)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SimplifyContextLines(benchmark::State& state) {
  static const auto lines = [] {
    std::vector<std::vector<geo::XY>> all;
    for (const char* f :
         {"rivers.geojson", "roads_rail.geojson", "provinces.geojson", "guangxi.geojson", "prefectures.geojson"}) {
      auto l = projected_lines(data_path(f));
      all.insert(all.end(), l.begin(), l.end());
    }
    return all;
  }();
  simplify_all(state, lines);
}
BENCHMARK(BM_SimplifyContextLines)->Arg(25)->Arg(100)->Arg(400)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
