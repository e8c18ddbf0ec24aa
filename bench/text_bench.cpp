// Text costs that tests check for what they produce but never time (no test asserts a wall-clock
// time; docs/performance.md keeps the targets):
// - label placement at scale: a million candidates, a budget of 500 labels (the case of
//   tests/render/labels_test.cpp's AMillionCandidatesWithABudget); target: median < 100 ms;
// - the map's start-up text: fresh faces and atlas, every gate name of data/ at 16 px (the case
//   of tests/render/text_test.cpp's StartUpCostForTheMapLabels); target: < 150 ms.
#include <benchmark/benchmark.h>

#ifdef GATEMAP_APP_BENCH
#include <string>
#include <vector>

#include "app/render/labels.hpp"
#include "app/render/text.hpp"
#include "geo/csv.hpp"
#include "tests/render/million_labels.hpp"

namespace {

using namespace gatemap::render;

void BM_PlaceMillionLabelCandidates(benchmark::State& state) {
  const gatemap::test_util::MillionLabelCase c;
  LabelPlacer placer;
  PlacementResult r;
  for (auto _ : state) {
    r = placer.place(c.candidates, c.position_sets, c.obstacles, c.settings);
    benchmark::DoNotOptimize(r.placed.data());
  }
  state.counters["placed"] = static_cast<double>(r.placed.size());
  state.counters["tried"] = static_cast<double>(r.tried);
}
BENCHMARK(BM_PlaceMillionLabelCandidates)->Unit(benchmark::kMillisecond)->UseRealTime()->Repetitions(5);

std::vector<std::string> gate_names() {
  std::vector<std::string> names;
  for (const char* file : {"gates.csv", "gate_pairs.csv"}) {
    const geo::CsvTable t = geo::read_csv(std::string(GATEMAP_DATA_DIR) + "/" + file);
    for (const char* column : {"name_vi", "name_zh"})
      for (const geo::CsvRow& row : t.rows)
        if (!t.cell(row, t.column(column)).empty()) names.push_back(t.cell(row, t.column(column)));
  }
  return names;
}

void BM_MapLabelTextStartUp(benchmark::State& state) {
  const std::vector<std::string> names = gate_names();
  std::size_t quads = 0;
  for (auto _ : state) {
    FontAtlas atlas;
    for (const std::string& name : names) quads += atlas.layout(name, FontStyle::regular, 16).quads.size();
    benchmark::DoNotOptimize(quads);
  }
  state.counters["names"] = static_cast<double>(names.size());
}
BENCHMARK(BM_MapLabelTextStartUp)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3)->Repetitions(3);

}  // namespace
#endif
