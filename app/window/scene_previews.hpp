#pragma once
// The presenter view's previews of the scene playing and the next one (issue 14), drawn by the
// wall's one renderer: each is a frame of the wall at a small size, rendered in the wall's GL
// context into a texture of its own. Textures are shared between the wall's context and the
// presenter view's (GLFW share lists share textures and sync objects, never framebuffers or
// vertex arrays), so the framebuffers that fill them stay here, in the wall's context, and the
// presenter view samples only the textures, after waiting on the fence of the last render
// (glWaitSync: the GPU waits, the wall's thread does not).
#include <glad/gl.h>

#include <array>

#include "app/export/map_export.hpp"
#include "app/render/gl.hpp"
#include "app/render/renderer.hpp"

namespace gatemap {

class ScenePreviews {
 public:
  enum Slot { now = 0, next = 1 };

  ScenePreviews() = default;
  // Deletes its GL objects: the wall's context must be current.
  ~ScenePreviews();
  ScenePreviews(const ScenePreviews&) = delete;
  ScenePreviews& operator=(const ScenePreviews&) = delete;

  // Renders `frame` (its camera gives the size) through the wall's renderer into the slot's
  // texture, in the wall's context (current). Throws render::GlError on a GL failure.
  void render(render::Renderer& renderer, const render::FrameSnapshot& frame, Slot slot);

  // The texture of a slot (0 before its first render) and its size in pixels.
  GLuint texture(Slot slot) const { return slots_[slot].tex.get(); }
  int width(Slot slot) const { return slots_[slot].width; }
  int height(Slot slot) const { return slots_[slot].height; }
  // Renders since the presenter view last took them: it redraws, waiting on the fence first
  // (call in the presenter view's context; the fence is then deleted).
  bool changed() const { return changed_; }
  void wait_in_reader_context();

 private:
  struct Target {
    render::Texture tex;
    render::Framebuffer fb;
    int width = 0, height = 0;
  };
  void ensure(Target& t, int w, int h);

  std::array<Target, 2> slots_;
  exporter::StripRenderer strips_;  // its own strip target; no base cache (reuse_base off)
  GLsync fence_ = nullptr;
  bool changed_ = false;
};

}  // namespace gatemap
