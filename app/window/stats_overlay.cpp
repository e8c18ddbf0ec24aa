#include "app/window/stats_overlay.hpp"

#include <imgui.h>

namespace gatemap {

GpuTimer::GpuTimer() { glGenQueries(2, queries_); }
GpuTimer::~GpuTimer() { glDeleteQueries(2, queries_); }

void GpuTimer::begin() {
  const int prev = 1 - current_;
  if (pending_[prev]) {
    GLint ready = 0;
    glGetQueryObjectiv(queries_[prev], GL_QUERY_RESULT_AVAILABLE, &ready);
    if (ready) {
      GLuint64 ns = 0;
      glGetQueryObjectui64v(queries_[prev], GL_QUERY_RESULT, &ns);
      last_ms_ = static_cast<double>(ns) / 1e6;
      pending_[prev] = false;
    }
  }
  glBeginQuery(GL_TIME_ELAPSED, queries_[current_]);
}

void GpuTimer::end() {
  glEndQuery(GL_TIME_ELAPSED);
  pending_[current_] = true;
  current_ = 1 - current_;
}

void draw_stats_overlay(const MapFrameTimes& t, const render::FrameStats& st) {
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x - 220, 10), ImGuiCond_Always);
  ImGui::Begin("##stats", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize);
  ImGui::Text("%.2f ms/frame (%.0f fps)", 1000.0f / io.Framerate, io.Framerate);
  ImGui::Text("map: CPU %.2f ms, GPU %.2f ms", t.cpu_ms, t.gpu_ms);
  ImGui::Text("%lld vertices, %d draw calls", st.vertices, st.draw_calls);
  ImGui::TextDisabled(t.base_reused ? "still view: base layers reused" : "base layers drawn");
  ImGui::Text("labels %d placed, %d dropped", st.labels_placed, st.labels_dropped);
  ImGui::End();
}

}  // namespace gatemap
