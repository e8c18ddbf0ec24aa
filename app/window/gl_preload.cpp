#include "app/window/gl_preload.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <string_view>
#include <system_error>

namespace gatemap {

std::string gl_driver_to_preload() {
  if (std::getenv("GATEMAP_NO_GL_PRELOAD")) return {};
  if (const char* vendor = std::getenv("__GLX_VENDOR_LIBRARY_NAME"); vendor && std::string_view(vendor) != "mesa")
    return {};
  std::error_code ec;
  if (std::filesystem::exists("/proc/driver/nvidia", ec)) return {};
  // Mesa's own search path when set (LIBGL_DRIVERS_PATH: its first folder), else the system's folder.
  std::string dir = GATEMAP_MESA_DRI_DIR;
  if (const char* p = std::getenv("LIBGL_DRIVERS_PATH"); p && *p) {
    const std::string_view s(p);
    dir = std::string(s.substr(0, s.find(':')));
  }
  const std::filesystem::path driver = std::filesystem::path(dir) / "swrast_dri.so";
  return std::filesystem::is_regular_file(driver, ec) ? driver.string() : std::string();
}

GlDriverPreload::GlDriverPreload() {
  std::string driver = gl_driver_to_preload();
  if (driver.empty()) return;
  // As Mesa's loader opens it (RTLD_NOW | RTLD_GLOBAL): its own dlopen is then a reference more.
  thread_ = std::thread([driver = std::move(driver)] { ::dlopen(driver.c_str(), RTLD_NOW | RTLD_GLOBAL); });
}

GlDriverPreload::~GlDriverPreload() {
  if (thread_.joinable()) thread_.join();
}

}  // namespace gatemap
