#include "app/window/display_faults.hpp"

#include <glad/gl.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace gatemap {

DisplayFaults::DisplayFaults() {
  const char* hook = std::getenv("GATEMAP_TEST_GL_FAULT");
  if (!hook || !*hook) return;
  const char* colon = std::strchr(hook, ':');
  if (!colon) return;
  const std::string kind(hook, colon);
  if (kind == "error") kind_ = Kind::gl_error;
  if (kind == "draw") kind_ = Kind::draw;
  at_frame_ = std::atol(colon + 1);
}

void DisplayFaults::report(const std::string& what, double now_s) {
  Seen& s = seen_[what];
  if (s.count == 0) s.first_s = now_s;
  ++s.count;
  s.last_s = now_s;
  last_ = what;
  if (s.logged_count == 0) {
    std::fprintf(stderr, "gatemap: %s\n", what.c_str());
  } else if (now_s - s.logged_s >= kRelogSeconds && s.count > s.logged_count) {
    std::fprintf(stderr, "gatemap: %s (%ld times in the last %.0f s)\n", what.c_str(), s.count - s.logged_count,
                 now_s - s.logged_s);
  } else {
    return;
  }
  std::fflush(stderr);
  s.logged_s = now_s;
  s.logged_count = s.count;
}

std::string DisplayFaults::banner(double now_s) const {
  if (last_.empty()) return {};
  const Seen& s = seen_.at(last_);
  if (now_s - s.last_s > kBannerSeconds) return {};
  return last_;
}

std::string gl_error_name(unsigned code) {
  const char* name = "GL error";
  switch (code) {
    case GL_INVALID_ENUM: name = "GL_INVALID_ENUM"; break;
    case GL_INVALID_VALUE: name = "GL_INVALID_VALUE"; break;
    case GL_INVALID_OPERATION: name = "GL_INVALID_OPERATION"; break;
    case GL_INVALID_FRAMEBUFFER_OPERATION: name = "GL_INVALID_FRAMEBUFFER_OPERATION"; break;
    case GL_OUT_OF_MEMORY: name = "GL_OUT_OF_MEMORY"; break;
    default: break;
  }
  char hex[16];
  std::snprintf(hex, sizeof hex, "0x%X", code);
  return std::string(name) + " (" + hex + ")";
}

bool check_gl_errors(DisplayFaults& faults, const char* step, double now_s) {
  std::string codes;
  for (int i = 0; i < 16; ++i) {
    const GLenum e = glGetError();
    if (e == GL_NO_ERROR) break;
    const std::string name = gl_error_name(e);
    if (codes.find(name) == std::string::npos) codes += (codes.empty() ? "" : ", ") + name;
  }
  if (codes.empty()) return false;
  faults.report(std::string("GPU error while ") + step + ": " + codes, now_s);
  return true;
}

}  // namespace gatemap
