// The lean executable's commands (see commands/lean.hpp): cli.cpp calls these; the full program has
// the real ones (app/window/window.cpp, commands/info.cpp, commands/check.cpp, commands/export_full.cpp).
#include "app/commands/lean.hpp"

#include <iostream>
#include <string>

#include "app/cli/cli.hpp"
#include "app/commands/check.hpp"
#include "app/commands/export.hpp"
#include "app/commands/modules.hpp"
#include "app/data/data_folders.hpp"

namespace gatemap {

namespace {

int g_argc = 0;
char** g_argv = nullptr;
bool g_ran_lean_export = false;

// Runs the module's entry point with the remembered command line.
int run_module(const char* module, const char* entry) {
  std::string errors;
  using Main = int (*)(int, char**);
  if (auto main = reinterpret_cast<Main>(module_symbol(module, entry, errors))) return main(g_argc, g_argv);
  std::cerr << module_missing_message(module, errors) << "\n";
  return kExitFailure;
}

}  // namespace

void remember_command_line(int argc, char** argv) {
  g_argc = argc;
  g_argv = argv;
}

int run_full_program() { return run_module(kFullModule, "gatemap_full_main"); }

// The window module: no GDAL until the window needs it (app/data/full_bridge.hpp).
int run_window(const WindowOptions&) { return run_module(kWindowModule, "gatemap_window_main"); }

int run_info(const std::string&, bool, const std::optional<geo::Date>&, const std::optional<geo::DateWindow>&) {
  return run_full_program();
}

int run_check(const std::vector<std::string>&, const std::string&) { return run_full_program(); }

int run_export(const ExportOptions& opt) {
  // GDAL reads the folder, or an installed gatemap's data folders (app/data/data_folders.hpp); JSON scenes.
  if (!opt.data_dir.empty() || !opt.scenes.empty() || !installed_data_folders().empty()) return run_full_program();
  ExportBackend lean;
  // Only the embedded default, from its baked scene: another folder, or a stale blob, sends the
  // command to the full program.
  lean.load_data = [](const std::string& dir) {
    std::optional<AppData> baked;
    if (dir.empty()) baked = load_baked_default_data();
    if (!baked) throw ExportElsewhere();
    return std::move(*baked);
  };
  lean.exit_when_done = true;
  try {
    const int rc = run_export_with(opt, lean);
    g_ran_lean_export = true;
    return rc;
  } catch (const ExportElsewhere&) {
    return run_full_program();
  }
}

bool ran_lean_export() { return g_ran_lean_export; }

}  // namespace gatemap
