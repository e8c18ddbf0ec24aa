// The full program's side of `gatemap export` and of the window's Export dialog: data from any
// folder (GDAL) and GeoTIFF (GDAL's GTiff driver).
#include "app/cli/cli.hpp"
#include "app/commands/export.hpp"
#include "app/commands/export_state.hpp"
#include "app/export/atomic_file.hpp"
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
  b.write_state = [](const ExportOptions& opt, const AppData& data, ImageFormat format) {
    const std::optional<geo::Date> date = opt.date ? opt.date : default_date(data.timeline);
    if (!opt.window && !date)
      throw exporter::ExportError(exporter::ExportError::Kind::invalid, opt.out, "the data has no dates: give --date");
    const exporter::StateTable table = opt.window ? state_table(data, *opt.window) : state_table(data, *date);
    exporter::write_state(table, opt.out, state_format(format), opt.force);
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
