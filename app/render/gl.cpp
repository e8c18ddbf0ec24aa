#include "app/render/gl.hpp"

#include <embedded_shaders.hpp>
#include <string_view>

namespace gatemap::render {

void delete_buffer(GLuint id) { glDeleteBuffers(1, &id); }
void delete_vertex_array(GLuint id) { glDeleteVertexArrays(1, &id); }
void delete_texture(GLuint id) { glDeleteTextures(1, &id); }
void delete_program(GLuint id) { glDeleteProgram(id); }
void delete_framebuffer(GLuint id) { glDeleteFramebuffers(1, &id); }
void delete_renderbuffer(GLuint id) { glDeleteRenderbuffers(1, &id); }
void delete_query(GLuint id) { glDeleteQueries(1, &id); }

Buffer make_buffer() {
  GLuint id = 0;
  glGenBuffers(1, &id);
  return Buffer(id);
}
VertexArray make_vertex_array() {
  GLuint id = 0;
  glGenVertexArrays(1, &id);
  return VertexArray(id);
}
Texture make_texture() {
  GLuint id = 0;
  glGenTextures(1, &id);
  return Texture(id);
}

ColorTarget make_color_target(int width, int height) {
  ColorTarget t;
  GLuint id = 0;
  glGenRenderbuffers(1, &id);
  t.rb = Renderbuffer(id);
  glGenFramebuffers(1, &id);
  t.fb = Framebuffer(id);
  glBindRenderbuffer(GL_RENDERBUFFER, t.rb.get());
  glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
  glBindFramebuffer(GL_FRAMEBUFFER, t.fb.get());
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, t.rb.get());
  const bool complete = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  if (!complete)
    throw GlError("cannot create an offscreen framebuffer of " + std::to_string(width) + "x" + std::to_string(height));
  t.width = width, t.height = height;
  return t;
}

namespace {

std::string shader_source(const char* name) {
  auto bytes = gatemap_embedded_shaders(name);
  if (bytes.empty()) throw GlError(std::string("shader ") + name + " is not embedded in the binary");
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

// A shader's compile or a program's link status: on failure, deletes the object and throws
// `what` followed by the driver's log.
template <class GetIv, class GetLog, class Delete>
void throw_unless_ok(GLuint object, GLenum status, GetIv get_iv, GetLog get_log, Delete destroy,
                     const std::string& what) {
  GLint ok = 0;
  get_iv(object, status, &ok);
  if (ok) return;
  char log[4096] = {0};
  get_log(object, sizeof log - 1, nullptr, log);
  destroy(object);
  throw GlError(what + log);
}

GLuint compile(GLenum type, const char* name) {
  std::string src = shader_source(name);
  GLuint s = glCreateShader(type);
  const char* p = src.c_str();
  glShaderSource(s, 1, &p, nullptr);
  glCompileShader(s);
  throw_unless_ok(s, GL_COMPILE_STATUS, glGetShaderiv, glGetShaderInfoLog, glDeleteShader,
                  std::string("shaders/") + name + ": compile failed: ");
  return s;
}

}  // namespace

Program load_program(const char* vert_name, const char* frag_name) {
  GLuint vs = compile(GL_VERTEX_SHADER, vert_name);
  GLuint fs = 0;
  try {
    fs = compile(GL_FRAGMENT_SHADER, frag_name);
  } catch (...) {
    glDeleteShader(vs);
    throw;
  }
  GLuint prog = glCreateProgram();
  glAttachShader(prog, vs);
  glAttachShader(prog, fs);
  glLinkProgram(prog);
  glDeleteShader(vs);
  glDeleteShader(fs);
  throw_unless_ok(prog, GL_LINK_STATUS, glGetProgramiv, glGetProgramInfoLog, glDeleteProgram,
                  std::string("shaders/") + vert_name + " + " + frag_name + ": link failed: ");
  return Program(prog);
}

}  // namespace gatemap::render
