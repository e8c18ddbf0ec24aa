#pragma once
// Loading the GL driver ahead of the window (issue 14: a restarted wall's first frame sooner).
// Mesa's driver (one file for every Mesa GPU and for llvmpipe, with LLVM: ~125 ms of dynamic
// loading on the CPU machine) is loaded by the window's GL context, after the data and the
// display's set-up. Opened on a thread as the window command starts, it loads while those run;
// the context then finds it loaded (the dynamic loader knows a file it has opened by its device
// and inode, whatever name the driver is asked for). Skipped where it would not be the driver:
// another GLX vendor named (__GLX_VENDOR_LIBRARY_NAME), NVIDIA's kernel driver present, or no
// Mesa driver installed; and with GATEMAP_NO_GL_PRELOAD set (measurements).
#include <string>
#include <thread>

namespace gatemap {

class GlDriverPreload {
 public:
  GlDriverPreload();   // starts the thread, or does nothing
  ~GlDriverPreload();  // waits for the thread (the driver stays loaded)
  GlDriverPreload(const GlDriverPreload&) = delete;
  GlDriverPreload& operator=(const GlDriverPreload&) = delete;

 private:
  std::thread thread_;
};

// The file that would be preloaded, or "" where none would (the rules above).
std::string gl_driver_to_preload();

}  // namespace gatemap
