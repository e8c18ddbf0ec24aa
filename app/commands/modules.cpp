#include "app/commands/modules.hpp"

#include <dlfcn.h>

#include <filesystem>
#include <system_error>
#include <vector>

namespace gatemap {

namespace {

std::vector<std::filesystem::path> module_candidates(const char* module) {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  const std::filesystem::path dir = exe.parent_path();
  return {dir / module, dir / ".." / "lib" / "gatemap" / module};
}

}  // namespace

void* module_symbol(const char* module, const char* symbol, std::string& errors) {
  for (const std::filesystem::path& path : module_candidates(module)) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) continue;
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);  // stays loaded until the process exits
    if (!handle) {
      const char* e = ::dlerror();
      errors += std::string("\n  ") + (e ? e : path.string());
      continue;
    }
    if (void* sym = ::dlsym(handle, symbol)) return sym;
    errors += "\n  " + path.string() + ": no " + symbol;
  }
  return nullptr;
}

std::string module_missing_message(const char* module, const std::string& errors) {
  const std::string what = std::string(module) == kWindowModule
                               ? "the window and `gatemap present` need"
                               : "the window's data folders, info, check, GeoTIFF and --data need";
  return std::string("gatemap: cannot load ") + module +
         " (beside the gatemap executable or in ../lib/gatemap/), which " + what + "; reinstall gatemap" + errors;
}

}  // namespace gatemap
