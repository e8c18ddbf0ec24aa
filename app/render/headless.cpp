#include "app/render/headless.hpp"

#include <glad/egl.h>
#include "app/render/gl.hpp"  // glad's GL first

#include <dlfcn.h>

#include <cstdio>
#include <string>

namespace gatemap::render {

namespace {

// libEGL is opened here, on first use, not linked: the executable starts without it (and
// without libGLdispatch) when it renders nothing, and a machine without libEGL gets a message
// instead of a loader error. The library stays open for the process: glad's function pointers
// point into it.
using EglGetProcAddress = GLADapiproc (*)(const char*);
struct EglLibrary {
  void* handle = nullptr;
  std::string error;  // dlerror() of the first try when none could be opened
};
const EglLibrary& egl_library() {
  static const EglLibrary lib = [] {
    EglLibrary l;
    l.handle = dlopen("libEGL.so.1", RTLD_LAZY | RTLD_LOCAL);
    if (!l.handle) {
      const char* e = dlerror();
      l.error = e ? e : "not found";
      l.handle = dlopen("libEGL.so", RTLD_LAZY | RTLD_LOCAL);
    }
    return l;
  }();
  return lib;
}
EglGetProcAddress egl_get_proc_address() {
  void* lib = egl_library().handle;
  return lib ? reinterpret_cast<EglGetProcAddress>(dlsym(lib, "eglGetProcAddress")) : nullptr;
}
// eglGetProcAddress, then the library's own symbol (EGL before 1.5 need not answer for core
// functions).
GLADapiproc load_egl(const char* name) {
  static const EglGetProcAddress get = egl_get_proc_address();
  if (GLADapiproc p = get ? get(name) : nullptr) return p;
  return reinterpret_cast<GLADapiproc>(dlsym(egl_library().handle, name));
}
// GL functions through eglGetProcAddress: with libglvnd they are the dispatch entry points that
// call the current context's driver, whatever the context.
GLADapiproc load_gl(const char* name) {
  static const EglGetProcAddress get = egl_get_proc_address();
  return get(name);
}

bool has_ext(const char* list, const char* name) {
  if (!list) return false;
  std::string s = std::string(" ") + list + " ";
  return s.find(std::string(" ") + name + " ") != std::string::npos;
}

EGLDisplay try_display(std::string& platform) {
  const char* client = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
  if (!has_ext(client, "EGL_EXT_platform_base")) return EGL_NO_DISPLAY;
  // A GPU first (EGL devices: the NVIDIA driver exposes them), then Mesa's surfaceless platform.
  if (has_ext(client, "EGL_EXT_platform_device") && has_ext(client, "EGL_EXT_device_enumeration")) {
    EGLDeviceEXT devices[16];
    EGLint n = 0;
    if (eglQueryDevicesEXT && eglQueryDevicesEXT(16, devices, &n) && n > 0) {
      for (EGLint i = 0; i < n; ++i) {
        const char* dev_ext = eglQueryDeviceStringEXT ? eglQueryDeviceStringEXT(devices[i], EGL_EXTENSIONS) : nullptr;
        // Skip Mesa's software device here; surfaceless below gives the same llvmpipe.
        if (dev_ext && has_ext(dev_ext, "EGL_MESA_device_software")) continue;
        EGLDisplay d = eglGetPlatformDisplayEXT(EGL_PLATFORM_DEVICE_EXT, devices[i], nullptr);
        EGLint major = 0, minor = 0;
        if (d != EGL_NO_DISPLAY && eglInitialize(d, &major, &minor)) {
          platform = "EGL device";
          return d;
        }
      }
    }
  }
  if (has_ext(client, "EGL_MESA_platform_surfaceless")) {
    EGLDisplay d = eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
    EGLint major = 0, minor = 0;
    if (d != EGL_NO_DISPLAY && eglInitialize(d, &major, &minor)) {
      platform = "EGL surfaceless (Mesa)";
      return d;
    }
  }
  return EGL_NO_DISPLAY;
}

}  // namespace

HeadlessContext::HeadlessContext() {
  if (!egl_get_proc_address()) {
    const std::string& why = egl_library().error;
    throw GlError("libEGL.so.1 cannot be loaded for headless rendering" + (why.empty() ? "" : " (" + why + ")") +
                  "; install libegl1 and libegl-mesa0, or a GPU driver");
  }
  // EGL in two steps: the client functions and extensions now, to find a display; the display's
  // version and extensions once it is initialised.
  if (!gladLoadEGL(EGL_NO_DISPLAY, load_egl)) throw GlError("cannot load the EGL functions from libEGL.so.1");
  EGLDisplay dpy = try_display(platform_);
  if (dpy == EGL_NO_DISPLAY)
    throw GlError("no EGL display for headless rendering (install libegl-mesa0 and libgl1-mesa-dri, or a GPU driver)");
  display_ = dpy;
  if (!gladLoadEGL(dpy, load_egl)) {
    eglTerminate(dpy);
    throw GlError("cannot load the EGL functions of the " + platform_ + " display");
  }
  if (!eglBindAPI(EGL_OPENGL_API)) throw GlError("EGL cannot bind the OpenGL API");
  const EGLint cfg_attr[] = {EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_NONE};
  EGLConfig cfg = nullptr;
  EGLint n = 0;
  bool have_cfg = eglChooseConfig(dpy, cfg_attr, &cfg, 1, &n) && n > 0;
  const EGLint ctx_attr[] = {
      EGL_CONTEXT_MAJOR_VERSION,           3,       EGL_CONTEXT_MINOR_VERSION, 3, EGL_CONTEXT_OPENGL_PROFILE_MASK,
      EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE};
  EGLContext ctx = eglCreateContext(dpy, have_cfg ? cfg : EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT, ctx_attr);
  if (ctx == EGL_NO_CONTEXT) {
    // Read before eglTerminate, which resets it to EGL_SUCCESS.
    const EGLint err = eglGetError();
    eglTerminate(dpy);
    char code[16];
    std::snprintf(code, sizeof code, "0x%04X", static_cast<unsigned>(err));
    throw GlError(std::string("EGL cannot create an OpenGL 3.3 core context (EGL error ") + code +
                  (err == EGL_BAD_MATCH ? ": the driver offers no OpenGL 3.3 core profile" : "") +
                  "); gatemap needs OpenGL 3.3: Mesa (llvmpipe) or a GPU driver that supports it");
  }
  context_ = ctx;
  if (!eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, ctx)) {
    eglDestroyContext(dpy, ctx);
    eglTerminate(dpy);
    throw GlError("EGL cannot make the headless context current (no surfaceless support)");
  }
  const int gl_version = gladLoadGL(load_gl);
  if (gl_version < GLAD_MAKE_VERSION(3, 3)) {
    eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    eglDestroyContext(dpy, ctx);
    eglTerminate(dpy);
    throw GlError(gl_version ? "the EGL context is not OpenGL 3.3 core"
                             : "cannot load the OpenGL 3.3 functions through EGL");
  }
}

HeadlessContext::~HeadlessContext() {
  auto dpy = static_cast<EGLDisplay>(display_);
  eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
  eglDestroyContext(dpy, static_cast<EGLContext>(context_));
  eglTerminate(dpy);
}

std::string HeadlessContext::renderer() const {
  const GLubyte* r = glGetString(GL_RENDERER);
  return r ? reinterpret_cast<const char*>(r) : "unknown";
}

}  // namespace gatemap::render
