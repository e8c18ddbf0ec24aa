#pragma once
// Small RAII owners of OpenGL objects and shader compilation with readable errors.
// Include this (glad's <glad/gl.h>) before anything else that touches GL. The functions are
// loaded once a context is current: HeadlessContext does it, and the window with glfwGetProcAddress.
#include <glad/gl.h>

#include <stdexcept>
#include <string>
#include <utility>

namespace gatemap::render {

struct GlError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A GL object name with its deleter; move-only.
template <void (*Delete)(GLuint)>
class GlHandle {
 public:
  GlHandle() = default;
  explicit GlHandle(GLuint id) : id_(id) {}
  ~GlHandle() { reset(); }
  GlHandle(GlHandle&& o) noexcept : id_(std::exchange(o.id_, 0)) {}
  GlHandle& operator=(GlHandle&& o) noexcept {
    if (this != &o) {
      reset();
      id_ = std::exchange(o.id_, 0);
    }
    return *this;
  }
  GlHandle(const GlHandle&) = delete;
  GlHandle& operator=(const GlHandle&) = delete;
  GLuint get() const { return id_; }
  explicit operator bool() const { return id_ != 0; }
  void reset() {
    if (id_) Delete(id_);
    id_ = 0;
  }

 private:
  GLuint id_ = 0;
};

void delete_buffer(GLuint id);
void delete_vertex_array(GLuint id);
void delete_texture(GLuint id);
void delete_program(GLuint id);
void delete_framebuffer(GLuint id);
void delete_renderbuffer(GLuint id);
void delete_query(GLuint id);

using Buffer = GlHandle<delete_buffer>;
using VertexArray = GlHandle<delete_vertex_array>;
using Texture = GlHandle<delete_texture>;
using Program = GlHandle<delete_program>;
using Framebuffer = GlHandle<delete_framebuffer>;
using Renderbuffer = GlHandle<delete_renderbuffer>;
using Query = GlHandle<delete_query>;

Buffer make_buffer();
VertexArray make_vertex_array();
Texture make_texture();

// An offscreen RGBA8 colour target: a renderbuffer attached to a framebuffer.
struct ColorTarget {
  Renderbuffer rb;
  Framebuffer fb;
  int width = 0, height = 0;
};
// Throws GlError when the framebuffer is incomplete (e.g. larger than the GPU allows). Leaves
// framebuffer 0 bound.
ColorTarget make_color_target(int width, int height);

// Compiles and links shaders/<vert_name> and shaders/<frag_name> (embedded at build time).
// Throws GlError with the file name and the driver's log.
Program load_program(const char* vert_name, const char* frag_name);

}  // namespace gatemap::render
