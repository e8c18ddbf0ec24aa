#pragma once
// Where the data comes from: the embedded default (files of data/ compiled into the binary and
// exposed to GDAL under /vsimem/gatemap/data/) or a folder given with --data.
//
// The default data is also baked by the build (tools/bake_scene.cpp: the scene that build_scene
// makes of the embedded files, as a geo/scene_io blob embedded in the binary), so that loading it
// needs neither GDAL nor GEOS nor PROJ: load_baked_default_data(), in app/data/baked_default.cpp, is all that
// the lean `gatemap` executable has. The rest (GDAL) is in app/data/load_data.cpp.
#include <cstdint>
#include <optional>
#include <string>

#include "geo/scene.hpp"
#include "geo/timeline.hpp"

namespace gatemap {

// The folder name of the embedded default data in messages and in GDAL's /vsimem/.
inline constexpr const char* kEmbeddedDataDir = "/vsimem/gatemap/data";

// The folder GDAL reads the embedded default data from (registers the files on first use).
const std::string& embedded_data_dir();

// Builds the scene from `dir` (empty = the embedded default). Throws geo::Error.
geo::Scene load_scene(const std::string& dir = {});

struct UserPoint {
  geo::LonLat pos;
  std::string pair_id;         // for a planner's gate: its pair id (status from their events)
  std::string label1, label2;  // e.g. name_vi, name_zh
};

struct UserLayer {
  enum class Kind { gates, events, flows, trade, groups, vector };
  std::string path;  // as given
  std::string name;  // file name shown in the Layers panel
  Kind kind = Kind::vector;
  bool visible = true;
  std::vector<UserPoint> points;      // gates and point features
  std::vector<std::string> pair_ids;  // gates: the pair id of every row loaded, located or not
  std::vector<geo::Polyline> lines;   // lines and polygon outlines
  std::vector<geo::GatePair> gates;   // gates: every pair loaded, located or not (as the built-in ones)
  size_t rows = 0;                    // rows or features read
  // Projected for drawing (metres from the scene origin): points x,y; segments x0,y0,x1,y1.
  std::vector<float> point_xy, segments;
  std::vector<std::string> problems;  // the file could not be read (`file: problem`)
  geo::LoadReport report;             // a gates file: its rows loaded and skipped (`file:line: problem`)
};

// Everything the program shows: the scene (geometry) and the time model (events, flows, trade).
struct AppData {
  std::string dir;  // where it was read from ("" = embedded default)
  geo::Scene scene;
  geo::Timeline timeline;
  std::vector<std::string> problems;   // rows skipped while loading, `file:line: problem`
  std::vector<UserLayer> user_layers;  // planners' own files on top (app/data/user_data.hpp)
  // Rows loaded and skipped per file: the time model's files (the default ones and the visible user
  // layers') and the user layers' gates files. The "Your data" panel shows it.
  geo::LoadReport report;
};

// A gate pair shown: one of the built-in data (layer null) or of a planner's visible gates layer.
struct GateRef {
  const geo::GatePair* pair = nullptr;
  const UserLayer* layer = nullptr;  // null: the built-in data
};

// Every gate pair shown, the scene's first (in Scene::gates order), then those of the visible user
// layers in layer order. The window's gate indexes (ViewState::selected_gate, hovered_gate) index
// this list, so the first scene.gates.size() of them are Scene::gates indexes.
std::vector<GateRef> all_gates(const AppData& data);
std::vector<GateRef> all_gates(const geo::Scene& scene, const std::vector<UserLayer>* user_layers);

// How a row's file is named to the user (`set_by.file`, the inspector's `file:line`): the file name
// for the built-in data's rows (`events.csv`), the path as the user gave it for a planner's rows.
std::string file_label(const AppData& data, const std::string& file);

// Builds the scene and the time model from `dir` (empty = the embedded default: the baked scene
// when it is current, else built from the files). An installed gatemap stacks its data folders
// under `dir` (app/data/data_folders.hpp: data_folders_read() says what is read). Throws geo::Error for a missing or
// broken required file; bad rows are skipped and listed in `problems`.
AppData load_data(const std::string& dir = {});

// The embedded default data without GDAL: the baked scene and the time model parsed from the
// embedded CSV files, equal to what the files give (tests/app/baked_data_test.cpp). nullopt when
// the blob is missing or rejected (stale or corrupted; `why` says which): build from the files.
std::optional<AppData> load_baked_default_data(std::string* why = nullptr);

// Features of a layer: the scene's for map layers; for the overlays, the rows of the time model
// that feed them (status: event rows; flows: flow rows; trade: trade rows).
size_t layer_feature_count(const AppData& data, geo::LayerId id);

// A short version string of the embedded data (a hash of its bytes), for export metadata.
std::string data_version();

// The hash behind data_version(): FNV-1a over each embedded file's name and bytes. The baked
// scene is stamped with it, so a blob built from other files is recognised as stale.
std::uint64_t embedded_data_hash();

}  // namespace gatemap
