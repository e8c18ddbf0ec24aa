// Text costs that tests check for what they produce but never time (no test asserts a wall-clock
// time; docs/performance.md keeps the targets):
// - label placement at scale: a million candidates, a budget of 500 labels (the case of
//   tests/render/labels_test.cpp's AMillionCandidatesWithABudget); target: median < 100 ms;
// - the map's start-up text: fresh faces and atlas, every gate name of data/ at 16 px (the case
//   of tests/render/text_test.cpp's StartUpCostForTheMapLabels); target: < 150 ms.
#include <benchmark/benchmark.h>

#ifdef GATEMAP_APP_BENCH
#include <random>
#include <string>
#include <vector>

#include "app/render/labels.hpp"
#include "app/render/text.hpp"
#include "geo/csv.hpp"

namespace {

using namespace gatemap::render;

void BM_PlaceMillionLabelCandidates(benchmark::State& state) {
  std::mt19937 rng(42);
  std::vector<LabelCandidate> cands(1'000'000);
  for (LabelCandidate& c : cands) {
    c.x = static_cast<float>(rng() % 3840) - 960;  // a quarter of the anchors are on screen
    c.y = static_cast<float>(rng() % 2160) - 540;
    c.width = 60 + static_cast<float>(rng() % 80);
    c.height = 16 + static_cast<float>(rng() % 20);
    c.priority = static_cast<float>(rng() % 1000);
  }
  const std::vector<std::vector<LabelPosition>> sets = {standard_positions(5)};
  const std::vector<LabelRect> obstacles = {{20, 900, 420, 1060}};
  const PlacementSettings s{.viewport = {0, 0, 1920, 1080},
                            .margin_px = 4,
                            .padding_px = 2,
                            .max_labels = 500,
                            .max_consecutive_rejections = 2000};
  LabelPlacer placer;
  PlacementResult r;
  for (auto _ : state) {
    r = placer.place(cands, sets, obstacles, s);
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
