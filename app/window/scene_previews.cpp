#include "app/window/scene_previews.hpp"

namespace gatemap {

ScenePreviews::~ScenePreviews() {
  if (fence_) glDeleteSync(fence_);
}

void ScenePreviews::ensure(Target& t, int w, int h) {
  if (t.fb && t.width == w && t.height == h) return;
  t = Target{};
  t.tex = render::make_texture();
  glBindTexture(GL_TEXTURE_2D, t.tex.get());
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  // Shown 1:1 in the presenter view; linear where ImGui's rounding lands between pixels.
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glBindTexture(GL_TEXTURE_2D, 0);
  GLuint fb = 0;
  glGenFramebuffers(1, &fb);
  t.fb = render::Framebuffer(fb);
  glBindFramebuffer(GL_FRAMEBUFFER, fb);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, t.tex.get(), 0);
  const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  if (status != GL_FRAMEBUFFER_COMPLETE) {
    t = Target{};
    throw render::GlError("the presenter view's preview framebuffer is incomplete");
  }
  t.width = w, t.height = h;
}

void ScenePreviews::render(render::Renderer& renderer, const render::FrameSnapshot& frame, Slot slot) {
  Target& t = slots_[slot];
  ensure(t, frame.camera.width_px, frame.camera.height_px);
  exporter::ScreenOptions so;
  so.framebuffer = t.fb.get();
  so.reuse_base = false;
  strips_.render_strips_to_screen(renderer, frame, so);
  if (fence_) glDeleteSync(fence_);  // the new fence follows every command before it
  fence_ = glFenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
  glFlush();  // the fence reaches the GPU before another context waits on it
  changed_ = true;
}

void ScenePreviews::wait_in_reader_context() {
  if (fence_) {
    glWaitSync(fence_, 0, GL_TIMEOUT_IGNORED);
    glDeleteSync(fence_);
    fence_ = nullptr;
  }
  changed_ = false;
}

}  // namespace gatemap
