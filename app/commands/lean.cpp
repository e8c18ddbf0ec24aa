// The lean executable's commands (see commands/lean.hpp): cli.cpp calls these; the full program has
// the real ones (app/window/window.cpp, commands/info.cpp, commands/check.cpp, commands/export_full.cpp).
#include "app/commands/lean.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <system_error>
#include <vector>

#include "app/cli/cli.hpp"
#include "app/commands/check.hpp"
#include "app/commands/export.hpp"
#include "app/data/data_folders.hpp"

namespace gatemap {

namespace {

int g_argc = 0;
char** g_argv = nullptr;
bool g_ran_lean_export = false;

constexpr const char* kModuleName = "libgatemap_full.so";

std::vector<std::filesystem::path> module_candidates() {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  const std::filesystem::path dir = exe.parent_path();
  return {dir / kModuleName, dir / ".." / "lib" / "gatemap" / kModuleName};
}

}  // namespace

void remember_command_line(int argc, char** argv) {
  g_argc = argc;
  g_argv = argv;
}

int run_full_program() {
  std::string errors;
  for (const std::filesystem::path& path : module_candidates()) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) continue;
    void* module = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!module) {
      const char* e = ::dlerror();
      errors += std::string("\n  ") + (e ? e : path.string());
      continue;
    }
    using Main = int (*)(int, char**);
    auto full_main = reinterpret_cast<Main>(::dlsym(module, "gatemap_full_main"));
    if (!full_main) {
      errors += "\n  " + path.string() + ": no gatemap_full_main";
      continue;
    }
    return full_main(g_argc, g_argv);  // the module stays loaded until the process exits
  }
  std::cerr << "gatemap: cannot load the full program (" << kModuleName
            << ", beside the gatemap executable or in ../lib/gatemap/), which the window, info, check, GeoTIFF and "
               "--data need; reinstall gatemap"
            << errors << "\n";
  return kExitFailure;
}

int run_window(const WindowOptions&) { return run_full_program(); }

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
