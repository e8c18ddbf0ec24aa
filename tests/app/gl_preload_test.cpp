// The GL driver loaded ahead of the window (app/window/gl_preload.hpp): which file, and where not.
#include "app/window/gl_preload.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

namespace {

// Sets an environment variable for the scope, restoring what was there.
struct EnvVar {
  std::string name;
  std::optional<std::string> before;
  EnvVar(const char* n, const char* value) : name(n) {
    if (const char* v = std::getenv(n)) before = v;
    if (value)
      ::setenv(n, value, 1);
    else
      ::unsetenv(n);
  }
  ~EnvVar() {
    if (before)
      ::setenv(name.c_str(), before->c_str(), 1);
    else
      ::unsetenv(name.c_str());
  }
};

TEST(GlDriverPreload, MesasDriverFromItsSearchPathAndNotWhereAnotherDriverRuns) {
  std::string tmpl = (std::filesystem::temp_directory_path() / "gatemap_gl_preload_XXXXXX").string();
  ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
  const std::filesystem::path dir = tmpl;
  struct Remove {
    std::filesystem::path p;
    ~Remove() { std::filesystem::remove_all(p); }
  } remove{dir};
  std::ofstream(dir / "swrast_dri.so") << "not a library";
  const EnvVar no_preload("GATEMAP_NO_GL_PRELOAD", nullptr), vendor("__GLX_VENDOR_LIBRARY_NAME", nullptr);
  {
    const EnvVar path("LIBGL_DRIVERS_PATH", (dir.string() + ":/elsewhere").c_str());
    if (std::filesystem::exists("/proc/driver/nvidia")) GTEST_SKIP() << "NVIDIA's driver is loaded here";
    EXPECT_EQ(gatemap::gl_driver_to_preload(), (dir / "swrast_dri.so").string()) << "LIBGL_DRIVERS_PATH's first folder";
    {
      const EnvVar mesa("__GLX_VENDOR_LIBRARY_NAME", "mesa");
      EXPECT_EQ(gatemap::gl_driver_to_preload(), (dir / "swrast_dri.so").string());
    }
    {
      const EnvVar nvidia("__GLX_VENDOR_LIBRARY_NAME", "nvidia");
      EXPECT_EQ(gatemap::gl_driver_to_preload(), "") << "another GLX vendor: its driver, not Mesa's";
    }
    {
      const EnvVar off("GATEMAP_NO_GL_PRELOAD", "1");
      EXPECT_EQ(gatemap::gl_driver_to_preload(), "");
    }
    // A file that is not a library: the thread's dlopen fails quietly, the window goes on.
    const gatemap::GlDriverPreload preload;
  }
  {
    const EnvVar path("LIBGL_DRIVERS_PATH", (dir / "none").c_str());
    EXPECT_EQ(gatemap::gl_driver_to_preload(), "") << "no driver there";
  }
}

}  // namespace
