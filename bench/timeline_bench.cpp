// How long the map waits for the status of every gate at a date: the timeline panel asks once per
// frame while scrubbing or playing, so this must stay far below a frame (microseconds).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>
#include <vector>

#include "geo/timeline.hpp"

namespace {

std::string data_file(const char* name, const char* shared_name) {
  const std::string own = std::string(GATEMAP_DATA_DIR) + "/" + name;
  if (std::filesystem::exists(own)) return own;
  const std::string shared = std::string(GATEMAP_SHARED_DATA_DIR) + "/timeline/" + shared_name;
  return std::filesystem::exists(shared) ? shared : std::string();
}

const geo::Timeline& timeline() {
  static const geo::Timeline tl = [] {
    geo::TimelineOptions o;
    o.gate_ids = {"huu_nghi",  "dong_dang_rail", "tan_thanh", "coc_nam",  "chi_ma",
                  "binh_nghi", "na_hinh",        "na_nua",    "po_nhung", "coc_sau"};
    o.context_ids = {"cb_ta_lung"};
    return geo::load_timeline(data_file("events.csv", "events.csv"), data_file("flows.csv", "flows.csv"),
                              data_file("trade.csv", "trade.csv"), data_file("groups.csv", "groups.csv"), o);
  }();
  return tl;
}

// Dates spread over the data's span so the binary searches do not hit one cached answer.
std::vector<geo::Date> sample_dates() {
  const auto span = timeline().span();
  std::vector<geo::Date> out;
  if (!span) return {geo::Date::from_ymd(2023, 1, 1)};
  for (int i = 0; i < 1024; ++i)
    out.push_back(span->first.add_days(static_cast<int>((span->last - span->first) * i / 1024)));
  return out;
}

void BM_StatusesAllGates(benchmark::State& state) {
  const geo::Timeline& tl = timeline();
  const std::vector<geo::Date> dates = sample_dates();
  std::vector<geo::GateStatus> out;
  size_t i = 0;
  for (auto _ : state) {
    tl.statuses_at(dates[i++ & 1023], out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.counters["gates"] = static_cast<double>(tl.gate_ids().size());
}
BENCHMARK(BM_StatusesAllGates);

void BM_TransitionsAllGates(benchmark::State& state) {
  const geo::Timeline& tl = timeline();
  const std::vector<geo::Date> dates = sample_dates();
  size_t i = 0;
  for (auto _ : state) {
    auto t = tl.transitions(dates[i++ & 1023], 14);
    benchmark::DoNotOptimize(t.data());
  }
}
BENCHMARK(BM_TransitionsAllGates);

// Loading the time model with many gate pairs (a planner's file of 100,000 pairs, issue 20): each
// gate's track was built from a pass over every event (gates x events string comparisons, 13 s
// with the app's own linear searches for 100,000 pairs); now one pass over the events.
void BM_LoadManyGatePairs(benchmark::State& state) {
  geo::TimelineOptions o;
  o.gate_ids = {"huu_nghi",  "dong_dang_rail", "tan_thanh", "coc_nam",  "chi_ma",
                "binh_nghi", "na_hinh",        "na_nua",    "po_nhung", "coc_sau"};
  for (int i = 0; i < state.range(0); ++i) o.gate_ids.push_back("user_pair_" + std::to_string(i));
  o.context_ids = {"cb_ta_lung"};
  for (auto _ : state) {
    geo::Timeline tl = geo::load_timeline(data_file("events.csv", "events.csv"), data_file("flows.csv", "flows.csv"),
                                          data_file("trade.csv", "trade.csv"), data_file("groups.csv", "groups.csv"), o);
    benchmark::DoNotOptimize(tl.gate_ids().data());
  }
  state.counters["gates"] = static_cast<double>(o.gate_ids.size());
}
BENCHMARK(BM_LoadManyGatePairs)->Arg(20000)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace
