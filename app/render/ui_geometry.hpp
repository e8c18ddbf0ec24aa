#pragma once
// Screen-space triangles for the ui shader: pixels (y down, full image), atlas UVs (negative =
// solid colour), premultiplied colour and halo colour. Text, labels and decorations append here.
#include <cmath>
#include <vector>

#include "app/render/style.hpp"

namespace gatemap::render {

struct UiVertex {
  float x, y, u, v;
  float r, g, b, a;
  float hr, hg, hb, ha;
};

struct UiGeometry {
  std::vector<UiVertex> verts;

  void clear() { verts.clear(); }
  void rect(float x0, float y0, float x1, float y1, style::Rgba color) {
    quad(x0, y0, x1, y1, -1, -1, -1, -1, color, {0, 0, 0, 0});
  }
  // An outline of `w` pixels inside the rectangle.
  void frame(float x0, float y0, float x1, float y1, float w, style::Rgba color) {
    rect(x0, y0, x1, y0 + w, color);
    rect(x0, y1 - w, x1, y1, color);
    rect(x0, y0 + w, x0 + w, y1 - w, color);
    rect(x1 - w, y0 + w, x1, y1 - w, color);
  }
  // A straight line of width w pixels from (x0, y0) to (x1, y1) (no anti-aliasing: keep it thin
  // and dark, e.g. a label's leader line).
  void line(float x0, float y0, float x1, float y1, float w, style::Rgba color) {
    const float dx = x1 - x0, dy = y1 - y0;
    const float len = std::sqrt(dx * dx + dy * dy);
    if (len <= 0) return;
    const float nx = -dy / len * w / 2, ny = dx / len * w / 2;
    style::Rgba c = color.premul();
    auto vtx = [&](float x, float y) { verts.push_back({x, y, -1, -1, c.r, c.g, c.b, c.a, 0, 0, 0, 0}); };
    vtx(x0 + nx, y0 + ny);
    vtx(x1 + nx, y1 + ny);
    vtx(x0 - nx, y0 - ny);
    vtx(x1 + nx, y1 + ny);
    vtx(x1 - nx, y1 - ny);
    vtx(x0 - nx, y0 - ny);
  }
  void quad(float x0, float y0, float x1, float y1, float u0, float v0, float u1, float v1, style::Rgba color,
            style::Rgba halo) {
    style::Rgba c = color.premul(), h = halo.premul();
    auto vtx = [&](float x, float y, float u, float v) {
      verts.push_back({x, y, u, v, c.r, c.g, c.b, c.a, h.r, h.g, h.b, h.a});
    };
    vtx(x0, y0, u0, v0);
    vtx(x1, y0, u1, v0);
    vtx(x0, y1, u0, v1);
    vtx(x1, y0, u1, v0);
    vtx(x1, y1, u1, v1);
    vtx(x0, y1, u0, v1);
  }
};

}  // namespace gatemap::render
