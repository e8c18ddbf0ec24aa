#pragma once
// A headless OpenGL 3.3 core context through EGL, with no X server: Mesa's surfaceless platform
// (llvmpipe on a CPU machine) or an EGL device (the NVIDIA driver on a GPU machine).
#include <memory>
#include <string>

namespace gatemap::render {

class HeadlessContext {
 public:
  // Throws GlError with one clear line when no EGL display or GL 3.3 context can be had.
  HeadlessContext();
  ~HeadlessContext();
  HeadlessContext(const HeadlessContext&) = delete;
  HeadlessContext& operator=(const HeadlessContext&) = delete;

  std::string renderer() const;  // GL_RENDERER string, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)"
  std::string platform() const { return platform_; }

 private:
  void* display_ = nullptr;
  void* context_ = nullptr;
  std::string platform_;
};

}  // namespace gatemap::render
