#pragma once
// `gatemap export`, shared by the lean executable and the full program. They differ only in where
// the data comes from and in whether a GeoTIFF can be written (GDAL): an ExportBackend says.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "app/cli.hpp"
#include "app/data_source.hpp"
#include "app/export/geotiff_writer.hpp"
#include "app/export/map_export.hpp"
#include "app/frame_builder.hpp"

namespace gatemap {

struct ExportBackend {
  // The data of `dir` ("" = the embedded default); nullopt when this binary cannot load it.
  // Throws geo::Error for missing or broken data. Runs on a thread of its own while the GL
  // context starts.
  std::function<std::optional<AppData>(const std::string& dir)> load_data;
  // Opens a GeoTIFF at `path`, calls `render` with a sink that takes the strips, finishes.
  // Empty when this binary cannot write GeoTIFF.
  std::function<void(const std::filesystem::path& path, int width, int height, const exporter::GeoTiffOptions& options,
                     bool force, const std::function<void(const exporter::RowSink&)>& render)>
      write_geotiff;
  // The lean executable: once the export is written and in place, leave the process at once
  // (_exit), skipping the teardown of the GL context and of the libraries (~7 ms of a 4K export).
  // Nothing is lost: the file is committed and synced, output is flushed, and Mesa writes its
  // shader cache entries under a temporary name that it renames (an unfinished one is redone).
  bool exit_when_done = false;
};

// What run_export_with returns when `backend` cannot do the export. Nothing was printed or
// written then: the lean executable hands the command line to the full program.
inline constexpr int kExportNotHere = -1;

// The export command: validates the options, loads the data while the GL context starts,
// renders and writes. Returns an exit code of cli.hpp, or kExportNotHere.
int run_export_with(const ExportOptions& opt, const ExportBackend& backend);

// The window's Export dialog (cli.hpp's export_view) with a given backend.
void export_view_with(const ExportOptions& opt, const AppData& data, render::Renderer& renderer,
                      const ViewInputs& view, const geo::BboxLL& bbox, const ExportBackend& backend);

// The full program's backend: load_data() and GeoTiffWriter (GDAL). In export_gdal.cpp.
ExportBackend full_export_backend();

}  // namespace gatemap
