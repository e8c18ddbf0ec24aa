#pragma once
// The one renderer of gatemap: the window and the headless export both call
//   renderer.begin_frame(snapshot);  renderer.draw(target);   (once per strip)
// with the same snapshot, so they produce the same pixels. It owns GL objects only; the scene
// (plain arrays from geo/) is uploaded once.
#include <cstdint>
#include <memory>

#include "app/render/frame.hpp"
#include "app/render/strip_frame.hpp"
#include "geo/scene.hpp"

namespace gatemap::render {

class Decorations;

class Renderer {
 public:
  // Needs a current OpenGL 3.3 core context. Throws GlError when a shader does not compile.
  explicit Renderer(const geo::Scene& scene);
  // The same with the text of a first frame prepared ahead by prepare_text (null: none).
  Renderer(const geo::Scene& scene, std::unique_ptr<Decorations> prepared);
  ~Renderer();
  Renderer(const Renderer&) = delete;
  Renderer& operator=(const Renderer&) = delete;

  // Replaces the scene (e.g. after loading new data): uploads it whole.
  void set_scene(const geo::Scene& scene);

  // Computes what depends on the view but not on the strip: label placement, decorations,
  // symbol instances. Call once per frame.
  void begin_frame(const FrameSnapshot& frame);
  // What a draw call draws: everything, or one of its two halves. Pass::base is what depends on
  // the view alone (background, land, lines, towns: base_layers()); Pass::overlays is the rest
  // (time overlays, gates, text, decorations), drawn over base's pixels. base then overlays into
  // the same framebuffer gives the pixels of Pass::all: the overlays blend over the same bits.
  enum class Pass { all, base, overlays };
  static geo::LayerSet base_layers();

  // Draws the prepared frame into the bound framebuffer, which holds `target`'s strip.
  void draw(const Target& target, Pass pass = Pass::all);

  // Changes whenever set_scene uploads a scene (a cache of base pixels depends on it).
  uint64_t scene_generation() const;

  const FrameStats& stats() const;
  // Index of the gate pair whose symbol is under pixel (x, y) of the last frame, or -1.
  int pick_gate(double x_px, double y_px) const;
  // For a frontier-strip frame: the column (gate pair) and the day under pixel (x, y) of the last frame.
  StripPick pick_strip(double x_px, double y_px) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The scale-bar length for a view: a round number of metres whose bar is at most max_px long.
struct ScaleBar {
  double metres = 0;
  double pixels = 0;
};
ScaleBar choose_scale_bar(const geo::Camera& cam, double max_px);

// The text of a frame ahead of time: opens the fonts, lays out the frame's labels and decorations
// as begin_frame(frame) does and rasterises their glyphs into an atlas, CPU only (no GL context),
// so that an export can do it on another thread while the context starts (~12 ms at 4K). Give
// the result to the Renderer: begin_frame(frame) then finds every glyph ready, and draws the
// pixels of a cold start (the same glyphs enter the atlas in the same order).
std::unique_ptr<Decorations> prepare_text(const geo::Scene& scene, const FrameSnapshot& frame);

}  // namespace gatemap::render
