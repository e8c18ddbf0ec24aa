// The full program's side of `gatemap export` and of the window's Export dialog: data from any
// folder (GDAL) and GeoTIFF (GDAL's GTiff driver).
#include "app/cli/cli.hpp"
#include "app/commands/export.hpp"
#include "app/export/geotiff_writer.hpp"

namespace gatemap {

ExportBackend full_export_backend() {
  ExportBackend b;
  b.load_data = [](const std::string& dir) { return load_data(dir); };
  b.write_geotiff = [](const std::filesystem::path& path, int width, int height, const exporter::GeoTiffOptions& o,
                       bool force, const std::function<void(const exporter::RowSink&)>& render) {
    exporter::GeoTiffWriter tif;
    tif.open(path, width, height, o, force);
    render([&](const uint8_t* rows, int n, size_t stride) { tif.write_rows_bottom_up(rows, n, stride); });
    tif.finish();
  };
  return b;
}

int run_scenes_export(const ExportOptions& opt);  // export_scenes.cpp

int run_export(const ExportOptions& opt) {
  if (!opt.scenes.empty()) return run_scenes_export(opt);
  return run_export_with(opt, full_export_backend());
}

void export_view(const ExportOptions& opt, const AppData& data, render::Renderer& renderer, const ViewInputs& view) {
  export_view_with(opt, data, renderer, view, full_export_backend());
}

}  // namespace gatemap
