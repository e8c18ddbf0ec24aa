#pragma once
// The frame statistics overlay (F2): frame rate, the map's CPU and GPU times, vertices, draw
// calls, whether the still view reused the cached base layers, labels placed and dropped.
#include <glad/gl.h>

#include "app/render/frame.hpp"

namespace gatemap {

// GPU time of the map's draw calls, read a frame late so that the CPU never waits for the GPU.
// Needs a current GL context from construction to destruction.
class GpuTimer {
 public:
  GpuTimer();
  ~GpuTimer();
  GpuTimer(const GpuTimer&) = delete;
  GpuTimer& operator=(const GpuTimer&) = delete;
  void begin();
  void end();
  double last_ms() const { return last_ms_; }  // the latest finished measurement, milliseconds

 private:
  GLuint queries_[2] = {0, 0};
  int current_ = 0;
  bool pending_[2] = {false, false};
  double last_ms_ = 0;
};

// What the last frame cost the map.
struct MapFrameTimes {
  double cpu_ms = 0;         // building the frame and issuing its draw calls
  double gpu_ms = 0;         // the GPU's time for them (GpuTimer, a frame late)
  bool base_reused = false;  // only the overlays were drawn over the cached base layers
};

// Draws the overlay in the top right corner (an ImGui window; call between NewFrame and Render).
void draw_stats_overlay(const MapFrameTimes& t, const render::FrameStats& st);

}  // namespace gatemap
