// `gatemap export --out state.geojson|csv|kml`: each output opened with GDAL (the KML also with
// `ogrinfo -al`) and compared with `gatemap info --json` at the same date; the window's figures
// compared with `info --window --json`.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace {

namespace fs = std::filesystem;

std::string run(const std::string& command) {
  std::string out;
  std::unique_ptr<FILE, int (*)(FILE*)> p(popen(command.c_str(), "r"), &pclose);
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p.get())) > 0) out.append(buf, n);
  return out;
}

struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/gatemap-state-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path); }
};

struct DatasetCloser {
  void operator()(GDALDataset* d) const { GDALClose(GDALDataset::ToHandle(d)); }
};
using Dataset = std::unique_ptr<GDALDataset, DatasetCloser>;

Dataset open_vector(const fs::path& p) {
  GDALAllRegister();
  return Dataset(GDALDataset::Open(p.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
}

nlohmann::json info_json(const std::string& args) {
  return nlohmann::json::parse(run(std::string(GATEMAP_BINARY) + " info --json " + args + " 2>/dev/null"));
}

// info --json's gate at its lon/lat: the crossing, else the VN side, else the CN side.
std::pair<double, double> anchor(const nlohmann::json& g) {
  for (const char* side : {"crossing", "vn", "cn"})
    if (!g[side].is_null()) return {g[side]["lon"].get<double>(), g[side]["lat"].get<double>()};
  return {NAN, NAN};
}

std::string field(OGRFeature& f, const char* name) {
  const int i = f.GetFieldIndex(name);
  if (i < 0 || !f.IsFieldSetAndNotNull(i)) return "";
  return f.GetFieldAsString(i);
}

// Every pair of info --json at `date` has one feature in `layer` with the same status and set_by.
void expect_same_as_info(OGRLayer& layer, const nlohmann::json& info, bool has_geometry) {
  std::map<std::string, const nlohmann::json*> gates;
  for (const auto& g : info["gates"]) gates[g["id"].get<std::string>()] = &g;
  EXPECT_EQ(layer.GetFeatureCount(), static_cast<GIntBig>(gates.size()));
  layer.ResetReading();
  size_t seen = 0;
  while (std::unique_ptr<OGRFeature> f{layer.GetNextFeature()}) {
    const std::string id = field(*f, "pair_id");
    ASSERT_TRUE(gates.count(id)) << id;
    const nlohmann::json& g = *gates[id];
    ++seen;
    EXPECT_EQ(field(*f, "name_vi"), g["name_vi"].get<std::string>()) << id;
    EXPECT_EQ(field(*f, "name_zh"), g["name_zh"].get<std::string>()) << id;
    EXPECT_EQ(field(*f, "status"), g["status"].get<std::string>()) << id;
    EXPECT_EQ(field(*f, "cargo"), g["cargo"].get<std::string>()) << id;
    EXPECT_EQ(field(*f, "passengers"), g["passengers"].get<std::string>()) << id;
    const std::string located = field(*f, "located");
    EXPECT_TRUE(located == (g["located"].get<bool>() ? "1" : "0") ||
                located == (g["located"].get<bool>() ? "true" : "false"))
        << id << " " << located;
    if (g["set_by"].is_null()) {
      EXPECT_EQ(field(*f, "set_by_file"), "") << id;
    } else {
      EXPECT_EQ(field(*f, "set_by_file"), g["set_by"]["file"].get<std::string>()) << id;
      EXPECT_EQ(field(*f, "set_by_line"), std::to_string(g["set_by"]["line"].get<int>())) << id;
      EXPECT_EQ(field(*f, "set_by_date"), g["set_by"]["date"].get<std::string>()) << id;
    }
    const auto [lon, lat] = anchor(g);
    if (std::isnan(lon)) {
      EXPECT_EQ(field(*f, "lon"), "") << id;
      if (has_geometry) {
        EXPECT_EQ(f->GetGeometryRef(), nullptr) << id;
      }
    } else {
      EXPECT_NEAR(std::stod(field(*f, "lon")), lon, 1e-9) << id;
      EXPECT_NEAR(std::stod(field(*f, "lat")), lat, 1e-9) << id;
      if (has_geometry) {
        ASSERT_NE(f->GetGeometryRef(), nullptr) << id;
        const OGRPoint* p = f->GetGeometryRef()->toPoint();
        EXPECT_NEAR(p->getX(), lon, 1e-7) << id;  // lon first
        EXPECT_NEAR(p->getY(), lat, 1e-7) << id;
      }
    }
  }
  EXPECT_EQ(seen, gates.size());
}

int export_state(const std::string& args) {
  return std::system((std::string(GATEMAP_BINARY) + " export " + args + " 2>/dev/null").c_str());
}

// 2020-03-01: Covid closures; every status of the default data differs from "unknown" somewhere.
const char* const kDate = "2020-03-01";

TEST(StateExport, GeoJsonAndItsFiguresFileMatchInfo) {
  TempDir dir;
  ASSERT_EQ(export_state(std::string("--date ") + kDate + " --out " + (dir.path / "state.geojson").string()), 0);
  Dataset ds = open_vector(dir.path / "state.geojson");
  ASSERT_TRUE(ds);
  ASSERT_EQ(ds->GetLayerCount(), 1);
  expect_same_as_info(*ds->GetLayer(0), info_json(std::string("--date ") + kDate), true);
  Dataset figures = open_vector(dir.path / "state.figures.geojson");
  ASSERT_TRUE(figures);
  EXPECT_STREQ(figures->GetLayer(0)->GetName(), "figures");
}

TEST(StateExport, CsvWithHeaderMatchesInfo) {
  TempDir dir;
  ASSERT_EQ(export_state(std::string("--date ") + kDate + " --out " + (dir.path / "state.csv").string()), 0);
  // The header: the columns of the issue, in this order.
  std::string header = run("head -1 " + (dir.path / "state.csv").string());
  EXPECT_EQ(header.rfind("pair_id,name_vi,name_zh,lon,lat,located,status,cargo,passengers,set_by_file,set_by_line,"
                         "set_by_date,set_by_url,",
                         0),
            0u)
      << header;
  Dataset ds = open_vector(dir.path / "state.csv");
  ASSERT_TRUE(ds);
  expect_same_as_info(*ds->GetLayer(0), info_json(std::string("--date ") + kDate), false);
  EXPECT_EQ(run("head -1 " + (dir.path / "state.figures.csv").string())
                .rfind("scope,metric,value,value_high,unit,basis,period,source_url,", 0),
            0u);
}

TEST(StateExport, KmlHasTwoFoldersAndMatchesInfo) {
  TempDir dir;
  const fs::path kml = dir.path / "state.kml";
  ASSERT_EQ(export_state(std::string("--date ") + kDate + " --format kml --out " + kml.string()), 0);
  EXPECT_FALSE(fs::exists(dir.path / "state.figures.kml"));
  Dataset ds = open_vector(kml);
  ASSERT_TRUE(ds);
  ASSERT_EQ(ds->GetLayerCount(), 2);
  EXPECT_STREQ(ds->GetLayer(0)->GetName(), "gate_pairs");
  EXPECT_STREQ(ds->GetLayer(1)->GetName(), "figures");
  expect_same_as_info(*ds->GetLayer(0), info_json(std::string("--date ") + kDate), true);
  // What QGIS sees: ogrinfo reads both layers.
  const std::string all = run("ogrinfo -al -ro " + kml.string() + " 2>&1");
  EXPECT_NE(all.find("Layer name: gate_pairs"), std::string::npos) << all.substr(0, 2000);
  EXPECT_NE(all.find("Layer name: figures"), std::string::npos);
  EXPECT_NE(all.find("pair_id (String) = huu_nghi"), std::string::npos);
  EXPECT_EQ(all.find("ERROR"), std::string::npos) << all.substr(0, 2000);
}

// The figures of the pairs: a figure of Hữu Nghị whose period contains the date is on its row, with
// its source; a figure of all Lạng Sơn gates is in `figures`, never on a pair.
TEST(StateExport, FiguresGoToTheirPairOrToTheFiguresLayer) {
  TempDir dir;
  // 2020-02-05: huu_nghi export_vehicles_per_day 66 (flows.csv), first day after the suspension.
  ASSERT_EQ(export_state("--date 2020-02-05 --out " + (dir.path / "s.geojson").string()), 0);
  Dataset ds = open_vector(dir.path / "s.geojson");
  ASSERT_TRUE(ds);
  OGRLayer* pairs = ds->GetLayer(0);
  bool found = false;
  while (std::unique_ptr<OGRFeature> f{pairs->GetNextFeature()}) {
    if (field(*f, "pair_id") != "huu_nghi") continue;
    found = true;
    EXPECT_EQ(field(*f, "export_vehicles_per_day_value"), "66");
    EXPECT_EQ(field(*f, "export_vehicles_per_day_unit"), "per_day");
    EXPECT_EQ(field(*f, "export_vehicles_per_day_period"), "2020-02-05/2020-02-05");
    EXPECT_NE(field(*f, "export_vehicles_per_day_source_url").find("vietnamplus"), std::string::npos);
  }
  EXPECT_TRUE(found);
  Dataset figures = open_vector(dir.path / "s.figures.geojson");
  ASSERT_TRUE(figures);
  while (std::unique_ptr<OGRFeature> f{figures->GetLayer(0)->GetNextFeature()}) {
    EXPECT_NE(field(*f, "scope"), "huu_nghi");  // a pair's figure is on the pair
    EXPECT_FALSE(field(*f, "period").empty());
  }
}

// Over a window: the status at its end with the window's changes, and the window rule's figures,
// the same as `info --window --json`.
TEST(StateExport, WindowFiguresMatchInfo) {
  TempDir dir;
  const std::string w = "--window 2025-01-01,2025-12-31";
  ASSERT_EQ(export_state(w + " --out " + (dir.path / "w.csv").string()), 0);
  const nlohmann::json info = info_json(w);
  Dataset ds = open_vector(dir.path / "w.csv");
  ASSERT_TRUE(ds);
  expect_same_as_info(*ds->GetLayer(0), info, false);
  std::map<std::string, double> from_info;
  for (const auto& f : info["figures"])
    from_info[f["scope"].get<std::string>() + "/" + f["metric"].get<std::string>() + "/" +
              f["basis"].get<std::string>() + "/" + f["unit"].get<std::string>()] = f["value"].get<double>();
  Dataset figures = open_vector(dir.path / "w.figures.csv");
  ASSERT_TRUE(figures);
  size_t n = 0;
  while (std::unique_ptr<OGRFeature> f{figures->GetLayer(0)->GetNextFeature()}) {
    const std::string key =
        field(*f, "scope") + "/" + field(*f, "metric") + "/" + field(*f, "basis") + "/" + field(*f, "unit");
    ASSERT_TRUE(from_info.count(key)) << key;
    EXPECT_NEAR(std::stod(field(*f, "value")), from_info[key], 1e-6) << key;
    EXPECT_EQ(field(*f, "date"), "2025-01-01/2025-12-31");
    ++n;
  }
  EXPECT_GT(n, 0u);
  // Lạng Sơn through the province, 2025: the longest year-to-date row inside the window, never a sum.
  const std::string key = "lang_son/import_export/through_province/USD_million";
  ASSERT_TRUE(from_info.count(key));
  double longest = 0;
  int longest_days = -1;
  for (const auto& f : info["figures"])
    if (f["scope"] == "lang_son" && f["basis"] == "through_province" && f["metric"] == "import_export") {
      EXPECT_EQ(f["rows"].size(), 1u) << f.dump();
      longest = f["rows"][0]["value"].get<double>();
      longest_days = f["covered_days"].get<int>();
    }
  EXPECT_DOUBLE_EQ(from_info[key], longest);
  EXPECT_GT(longest_days, 200);
}

}  // namespace
