#include "app/render/renderer.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "app/render/decorations.hpp"
#include "app/render/gl.hpp"
#include "app/render/scene_points.hpp"
#include "app/render/style.hpp"
#include "app/render/ui_geometry.hpp"
#include "geo/utm.hpp"

namespace gatemap::render {

using geo::LayerId;

namespace {

struct SegmentBuffer {
  Buffer instances;
  VertexArray vao;
  GLsizei count = 0;
};

// A run of consecutive segments of one instance buffer and the box around them (metres from
// the scene origin): the unit of culling.
struct SegmentChunk {
  float x0, y0, x1, y1;
  uint32_t first, count;
};

// A line layer on the GPU: per level of detail, one instance buffer per style, cut into chunks
// of at most kChunkSegments segments so that a view (a strip of it) draws only the chunks it
// touches. Segments keep their order, so the pixels are those of drawing the whole buffer.
struct LineLayerGpu {
  struct Styled {
    uint16_t style;
    SegmentBuffer buf;
    std::vector<SegmentChunk> chunks;
  };
  std::vector<std::vector<Styled>> levels;
};

// Small enough that a chunk's box is tight around a stretch of line, large enough that the
// per-frame box test stays far below the draw (10M segments: 80k boxes, about 0.1 ms).
constexpr uint32_t kChunkSegments = 128;
// Land triangles per chunk (a tile of a part's box) where the land is dense.
constexpr uint32_t kLandChunkTriangles = 256;
// Invisible chunks separated by fewer segments than this are drawn through rather than
// splitting the draw: an instanced draw call costs more than a few hundred culled quads.
constexpr uint32_t kMergeGapSegments = 256;

// The map rectangle (metres from the scene origin) whose lines can touch the rows of a strip.
struct CullRect {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool touches(const SegmentChunk& c, float margin) const {
    return c.x1 >= x0 - margin && c.x0 <= x1 + margin && c.y1 >= y0 - margin && c.y0 <= y1 + margin;
  }
};

struct LineStyle {
  float width = 1;  // CSS pixels
  style::Rgba color;
  float casing_width = 0;  // 0 = no casing
  style::Rgba casing{1, 1, 1, 1};
  float dash = 0;  // dash period, CSS pixels
};

struct SymbolInstance {
  float x, y;
  style::Rgba fill, stroke;
  float shape, radius, stroke_px, flags;
};

void set_map_uniforms(GLuint prog, const geo::Scene& scene, const geo::Camera& cam) {
  const float ox = static_cast<float>(scene.origin.x - cam.centre.x);
  const float oy = static_cast<float>(scene.origin.y - cam.centre.y);
  glUniform2f(glGetUniformLocation(prog, "u_offset"), ox, oy);
  glUniform2f(glGetUniformLocation(prog, "u_scale"), static_cast<float>(2.0 / (cam.m_per_px * cam.width_px)),
              static_cast<float>(2.0 / (cam.m_per_px * cam.height_px)));
  glUniform2f(glGetUniformLocation(prog, "u_viewport"), static_cast<float>(cam.width_px),
              static_cast<float>(cam.height_px));
}

void set_color(GLuint prog, style::Rgba c) {
  style::Rgba p = c.premul();
  glUniform4f(glGetUniformLocation(prog, "u_color"), p.r, p.g, p.b, p.a);
}

// A gate point under the cursor: pick_gate()'s targets.
struct Pick {
  float x, y, r;
  int gate;
};

// The box around each drawn point of a gate symbol (its sides and crossing), pixels: fn(x, y, r).
template <class Fn>
void gate_boxes(const geo::Scene& scene, const FrameSnapshot& frame, const geo::GateSymbol& g, Fn&& fn) {
  const float r = (style::kGateRadius + 3) * frame.pixel_scale;
  for (const float* p : {g.has_vn ? g.vn : nullptr, g.has_cn ? g.cn : nullptr, g.has_crossing ? g.crossing : nullptr})
    if (p) {
      const geo::XY px = frame.camera.map_to_pixel(scene.to_map(p));
      fn(static_cast<float>(px.x), static_cast<float>(px.y), r);
    }
}

// Where the map's symbols lie on screen (towns, then each gate's sides and crossing), pixels:
// the labels keep clear of these boxes. Also the gate points' pick targets. CPU only: the same
// boxes for begin_frame and for prepare_text, so both place the labels alike. thinned: the
// gates are a crowd thinned to fit (visible_gate_symbols); the crowd's boxes (not the real
// gates': kNeverThinFrom) then carry their priorities, so that more important labels may cover them.
void symbol_boxes(const geo::Scene& scene, const FrameSnapshot& frame, const std::vector<uint32_t>& visible_gates,
                  bool thinned, std::vector<PixelRect>& boxes, std::vector<Pick>* picks) {
  const geo::Camera& cam = frame.camera;
  const float ps = frame.pixel_scale;
  if (frame.layers.has(LayerId::towns))
    for (const geo::PointFeature& t : scene.towns) {
      geo::XY px = cam.map_to_pixel(scene.to_map(t.xy));
      const float r = 5 * ps;
      boxes.push_back({static_cast<float>(px.x) - r, static_cast<float>(px.y) - r, static_cast<float>(px.x) + r,
                       static_cast<float>(px.y) + r});
    }
  for (uint32_t gi : visible_gates) {
    const geo::GateSymbol& g = scene.gate_symbols[gi];
    const float priority = thinned && g.priority < kNeverThinFrom ? static_cast<float>(g.priority) : INFINITY;
    gate_boxes(scene, frame, g, [&](float x, float y, float r) {
      boxes.push_back({x - r, y - r, x + r, y + r, priority});
      if (picks) picks->push_back({x, y, r, static_cast<int>(g.pair_index)});
    });
  }
  // Planners' points: their labels and the legend keep clear of them; their gates can be picked.
  for (const UserMark& u : frame.user_marks) {
    const geo::XY px = cam.map_to_pixel(scene.to_map(u.xy));
    const float x = static_cast<float>(px.x), y = static_cast<float>(px.y), r = (style::kGateRadius + 3) * ps;
    boxes.push_back({x - r, y - r, x + r, y + r});
    if (picks && u.gate >= 0) picks->push_back({x, y, r, u.gate});
  }
}

}  // namespace

struct Renderer::Impl {
  const geo::Scene* scene = nullptr;
  Program polygon_prog, line_prog, symbol_prog, ui_prog;
  Buffer line_corners, symbol_corners;

  // Land, per level of detail: [0] full resolution, [i] = Scene::land.simplified[i - 1].
  // Each part's triangles are regrouped by tile of the part's box into chunks with a box of
  // their own, so that a strip draws only the chunks that reach it. A part keeps one colour and
  // the land is opaque, so the order of its triangles changes no pixel.
  struct LandChunk {
    float x0, y0, x1, y1;  // metres from the scene origin
    uint32_t first_index, index_count;
    uint16_t style;
  };
  struct LandGpu {
    VertexArray vao;
    Buffer vbo, ebo;
    std::vector<LandChunk> chunks;  // part after part
  };
  std::vector<LandGpu> land;
  // Frontier per level of detail, and the links between the two sides of each gate.
  LineLayerGpu frontier, provinces, prefectures, rivers, roads, railways;
  SegmentBuffer flow_lanes;  // per frame
  SegmentBuffer user_lines;  // per frame: planners' own layers
  size_t user_last = 0;      // symbols[flow_last, user_last) are planners' points
  std::vector<float> flow_lane_data;
  size_t trade_first = 0, trade_last = 0, flow_first = 0, flow_last = 0;  // ranges of symbols
  SegmentBuffer gate_links;
  // Per-frame
  VertexArray symbol_vao;
  Buffer symbol_vbo;
  std::vector<SymbolInstance> symbols;
  // symbols[0, town_symbol_count) are towns, then gates up to map_symbol_count; the rest overlay the UI
  size_t town_symbol_count = 0;
  size_t map_symbol_count = 0;
  size_t overlay_first = 0;
  std::vector<OverlaySymbol> overlay;
  VertexArray ui_vao;
  Buffer ui_vbo;
  Texture atlas_tex;
  uint64_t atlas_generation = ~0ull;
  UiGeometry ui;
  std::unique_ptr<Decorations> decorations;  // never null
  FrameSnapshot frame;
  FrameStats stats;
  const geo::LineLayer::Level* frontier_level = nullptr;
  size_t frontier_level_index = 0;
  CullRect cull;                  // the current strip, for culling line chunks
  uint64_t scene_generation = 0;  // counts uploads
  std::vector<Pick> picks;
  ScenePoints points;                   // per scene: indexes of the gate symbols and labels
  std::vector<uint32_t> visible_gates;  // per frame: the gate symbols that can touch the image

  Impl() {
    polygon_prog = load_program("polygon.vert.glsl", "polygon.frag.glsl");
    line_prog = load_program("line.vert.glsl", "line.frag.glsl");
    symbol_prog = load_program("symbol.vert.glsl", "symbol.frag.glsl");
    ui_prog = load_program("ui.vert.glsl", "ui.frag.glsl");
    const float lc[] = {0, -1, 1, -1, 0, 1, 1, 1};
    line_corners = make_buffer();
    glBindBuffer(GL_ARRAY_BUFFER, line_corners.get());
    glBufferData(GL_ARRAY_BUFFER, sizeof lc, lc, GL_STATIC_DRAW);
    const float sc[] = {-1, -1, 1, -1, -1, 1, 1, 1};
    symbol_corners = make_buffer();
    glBindBuffer(GL_ARRAY_BUFFER, symbol_corners.get());
    glBufferData(GL_ARRAY_BUFFER, sizeof sc, sc, GL_STATIC_DRAW);

    symbol_vao = make_vertex_array();
    symbol_vbo = make_buffer();
    glBindVertexArray(symbol_vao.get());
    glBindBuffer(GL_ARRAY_BUFFER, symbol_corners.get());
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
    glBindBuffer(GL_ARRAY_BUFFER, symbol_vbo.get());
    const GLsizei stride = sizeof(SymbolInstance);
    auto attr = [&](GLuint loc, GLint n, size_t off) {
      glEnableVertexAttribArray(loc);
      glVertexAttribPointer(loc, n, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<const void*>(off));
      glVertexAttribDivisor(loc, 1);
    };
    attr(1, 2, offsetof(SymbolInstance, x));
    attr(2, 4, offsetof(SymbolInstance, fill));
    attr(3, 4, offsetof(SymbolInstance, stroke));
    attr(4, 4, offsetof(SymbolInstance, shape));

    ui_vao = make_vertex_array();
    ui_vbo = make_buffer();
    glBindVertexArray(ui_vao.get());
    glBindBuffer(GL_ARRAY_BUFFER, ui_vbo.get());
    const GLsizei us = sizeof(UiVertex);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, us, reinterpret_cast<const void*>(offsetof(UiVertex, x)));
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, us, reinterpret_cast<const void*>(offsetof(UiVertex, u)));
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 4, GL_FLOAT, GL_FALSE, us, reinterpret_cast<const void*>(offsetof(UiVertex, r)));
    glEnableVertexAttribArray(3);
    glVertexAttribPointer(3, 4, GL_FLOAT, GL_FALSE, us, reinterpret_cast<const void*>(offsetof(UiVertex, hr)));
    atlas_tex = make_texture();
    glBindVertexArray(0);
  }

  SegmentBuffer make_segments(const std::vector<float>& seg) {
    SegmentBuffer sb;
    sb.instances = make_buffer();
    sb.vao = make_vertex_array();
    sb.count = static_cast<GLsizei>(seg.size() / 4);
    glBindVertexArray(sb.vao.get());
    glBindBuffer(GL_ARRAY_BUFFER, line_corners.get());
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
    glBindBuffer(GL_ARRAY_BUFFER, sb.instances.get());
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(seg.size() * sizeof(float)), seg.data(), GL_STATIC_DRAW);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, 16, nullptr);
    glVertexAttribDivisor(1, 1);
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 2, GL_FLOAT, GL_FALSE, 16, reinterpret_cast<const void*>(8));
    glVertexAttribDivisor(2, 1);
    glBindVertexArray(0);
    return sb;
  }

  static std::vector<float> segments_of(const geo::LineLayer::Level& level) {
    std::vector<float> seg;
    for (size_t k = 0; k + 1 < level.starts.size(); ++k)
      for (uint32_t i = level.starts[k]; i + 1 < level.starts[k + 1]; ++i)
        seg.insert(seg.end(), {level.xy[2 * i], level.xy[2 * i + 1], level.xy[2 * i + 2], level.xy[2 * i + 3]});
    return seg;
  }

  static std::vector<SegmentChunk> chunks_of(const std::vector<float>& seg) {
    std::vector<SegmentChunk> chunks;
    const uint32_t n = static_cast<uint32_t>(seg.size() / 4);
    for (uint32_t first = 0; first < n; first += kChunkSegments) {
      SegmentChunk c{seg[4 * first], seg[4 * first + 1],
                     seg[4 * first], seg[4 * first + 1],
                     first,          std::min(kChunkSegments, n - first)};
      for (size_t i = 4 * size_t(first); i < 4 * size_t(first + c.count); i += 2) {
        c.x0 = std::min(c.x0, seg[i]), c.x1 = std::max(c.x1, seg[i]);
        c.y0 = std::min(c.y0, seg[i + 1]), c.y1 = std::max(c.y1, seg[i + 1]);
      }
      chunks.push_back(c);
    }
    return chunks;
  }

  LineLayerGpu upload_lines(const geo::LineLayer& layer) {
    LineLayerGpu gpu;
    for (const auto& level : layer.levels) {
      std::map<uint16_t, std::vector<float>> by_style;
      for (size_t k = 0; k + 1 < level.starts.size(); ++k) {
        std::vector<float>& seg = by_style[level.styles[k]];
        for (uint32_t i = level.starts[k]; i + 1 < level.starts[k + 1]; ++i)
          seg.insert(seg.end(), {level.xy[2 * i], level.xy[2 * i + 1], level.xy[2 * i + 2], level.xy[2 * i + 3]});
      }
      std::vector<LineLayerGpu::Styled> styled;
      for (auto& [st, seg] : by_style) {
        styled.push_back({st, make_segments(seg), chunks_of(seg)});
        std::vector<float>().swap(seg);  // a 10M-vertex layer: do not hold every style's copy at once
      }
      gpu.levels.push_back(std::move(styled));
    }
    return gpu;
  }

  static size_t level_index(const geo::LineLayer& layer, double m_per_px) {
    size_t li = 0;
    for (size_t i = 0; i < layer.levels.size(); ++i)
      if (layer.levels[i].tolerance_m <= 0.5 * m_per_px) li = i;
    return li;
  }

  // The map rectangle of a strip (the whole image when it is drawn as one strip).
  CullRect cull_rect_of(const Target& t) const {
    const geo::Camera& cam = frame.camera;
    const geo::XY top_left = cam.pixel_to_map(t.strip_x0, t.strip_y0);
    const geo::XY bottom_right = cam.pixel_to_map(t.strip_x0 + t.columns(), t.strip_y0 + t.strip_height);
    return {static_cast<float>(top_left.x - scene->origin.x), static_cast<float>(bottom_right.y - scene->origin.y),
            static_cast<float>(bottom_right.x - scene->origin.x), static_cast<float>(top_left.y - scene->origin.y)};
  }

  // Draws the chunks of `st` that can touch the current strip, merging neighbours into one
  // instanced draw. width_px: the widest line drawn from it (a quad reaches half of it plus one
  // anti-aliasing pixel past the segment).
  void draw_chunks(const LineLayerGpu::Styled& st, float width_px, style::Rgba color, float dash_px) {
    if (st.buf.count == 0) return;
    const float margin = static_cast<float>((0.5 * width_px + 4.0) * frame.camera.m_per_px);
    glUniform1f(glGetUniformLocation(line_prog.get(), "u_half_width"), width_px / 2);
    glUniform1f(glGetUniformLocation(line_prog.get(), "u_dash"), dash_px);
    set_color(line_prog.get(), color);
    glBindVertexArray(st.buf.vao.get());
    glBindBuffer(GL_ARRAY_BUFFER, st.buf.instances.get());
    uint32_t run_first = 0, run_end = 0;
    bool pointed_at_zero = true;  // the VAO's attributes start at segment 0
    auto flush = [&] {
      if (run_end == run_first) return;
      // No base-instance draw in GL 3.3: point the instance attributes at the run's first segment.
      const size_t base = size_t(run_first) * 16;
      glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, 16, reinterpret_cast<const void*>(base));
      glVertexAttribPointer(2, 2, GL_FLOAT, GL_FALSE, 16, reinterpret_cast<const void*>(base + 8));
      pointed_at_zero = run_first == 0;
      glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(run_end - run_first));
      ++stats.draw_calls;
      stats.vertices += 4LL * (run_end - run_first);
    };
    for (const SegmentChunk& c : st.chunks) {
      if (!cull.touches(c, margin)) continue;
      if (run_end != run_first && c.first - run_end <= kMergeGapSegments) {
        run_end = c.first + c.count;
        continue;
      }
      flush();
      run_first = c.first, run_end = c.first + c.count;
    }
    flush();
    if (!pointed_at_zero) {
      glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, 16, nullptr);
      glVertexAttribPointer(2, 2, GL_FLOAT, GL_FALSE, 16, reinterpret_cast<const void*>(8));
    }
  }

  template <class StyleFn>
  void draw_line_layer(const LineLayerGpu& gpu, const geo::LineLayer& layer, StyleFn style_of) {
    if (gpu.levels.empty()) return;
    const auto& level = gpu.levels[std::min(level_index(layer, frame.camera.m_per_px), gpu.levels.size() - 1)];
    const float ps = frame.pixel_scale;
    for (const auto& st : level) {
      LineStyle ls = style_of(st.style);
      if (ls.casing_width > 0) draw_chunks(st, ls.casing_width * ps, ls.casing, 0);
    }
    for (const auto& st : level) {
      LineStyle ls = style_of(st.style);
      draw_chunks(st, ls.width * ps, ls.color, ls.dash * ps);
    }
  }

  static std::vector<LandChunk> land_chunks(const std::vector<float>& xy, std::vector<uint32_t>& indices,
                                            const std::vector<geo::PolygonLayer::Part>& parts) {
    std::vector<LandChunk> chunks;
    std::vector<std::pair<uint32_t, uint32_t>> order;  // (tile, triangle)
    std::vector<uint32_t> regrouped;
    for (const geo::PolygonLayer::Part& part : parts) {
      const uint32_t n = part.index_count / 3;
      if (n == 0) continue;
      auto vx = [&](uint32_t t, int k) { return xy[2 * size_t(indices[part.first_index + 3 * t + k])]; };
      auto vy = [&](uint32_t t, int k) { return xy[2 * size_t(indices[part.first_index + 3 * t + k]) + 1]; };
      float x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
      for (uint32_t t = 0; t < n; ++t)
        for (int k = 0; k < 3; ++k)
          x0 = std::min(x0, vx(t, k)), x1 = std::max(x1, vx(t, k)), y0 = std::min(y0, vy(t, k)),
          y1 = std::max(y1, vy(t, k));
      // About kLandChunkTriangles triangles a tile where the part is dense.
      const int tiles = std::clamp(static_cast<int>(std::sqrt(n / double(kLandChunkTriangles))), 1, 64);
      const float tw = std::max((x1 - x0) / tiles, 1e-3f), th = std::max((y1 - y0) / tiles, 1e-3f);
      order.clear();
      for (uint32_t t = 0; t < n; ++t) {
        const float cx = (vx(t, 0) + vx(t, 1) + vx(t, 2)) / 3, cy = (vy(t, 0) + vy(t, 1) + vy(t, 2)) / 3;
        const int i = std::clamp(static_cast<int>((cx - x0) / tw), 0, tiles - 1),
                  j = std::clamp(static_cast<int>((cy - y0) / th), 0, tiles - 1);
        order.push_back({static_cast<uint32_t>(j * tiles + i), t});
      }
      std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      regrouped.clear();
      for (size_t k = 0; k < order.size(); ++k) {
        const uint32_t t = order[k].second;
        if (k == 0 || order[k].first != order[k - 1].first)
          chunks.push_back({INFINITY, INFINITY, -INFINITY, -INFINITY,
                            part.first_index + static_cast<uint32_t>(regrouped.size()), 0, part.style});
        LandChunk& c = chunks.back();
        for (int v = 0; v < 3; ++v) {
          regrouped.push_back(indices[part.first_index + 3 * t + v]);
          c.x0 = std::min(c.x0, vx(t, v)), c.x1 = std::max(c.x1, vx(t, v)), c.y0 = std::min(c.y0, vy(t, v)),
          c.y1 = std::max(c.y1, vy(t, v));
        }
        c.index_count += 3;
      }
      std::copy(regrouped.begin(), regrouped.end(), indices.begin() + part.first_index);
    }
    return chunks;
  }

  void upload_land(const std::vector<float>& xy, std::vector<uint32_t> indices,
                   const std::vector<geo::PolygonLayer::Part>& parts) {
    std::vector<LandChunk> chunks = land_chunks(xy, indices, parts);
    LandGpu& g = land.emplace_back(LandGpu{make_vertex_array(), make_buffer(), make_buffer(), std::move(chunks)});
    glBindVertexArray(g.vao.get());
    glBindBuffer(GL_ARRAY_BUFFER, g.vbo.get());
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(xy.size() * sizeof(float)), xy.data(), GL_STATIC_DRAW);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, g.ebo.get());
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(indices.size() * sizeof(uint32_t)), indices.data(),
                 GL_STATIC_DRAW);
    glBindVertexArray(0);
  }

  void upload(const geo::Scene& s) {
    scene = &s;
    ++scene_generation;
    points = ScenePoints(s);
    land.clear();
    upload_land(s.land.xy, s.land.indices, s.land.parts);
    for (const auto& level : s.land.simplified) upload_land(level.xy, level.indices, level.parts);

    provinces = upload_lines(s.provinces);
    prefectures = upload_lines(s.prefectures);
    rivers = upload_lines(s.rivers);
    roads = upload_lines(s.roads);
    railways = upload_lines(s.railways);
    frontier = upload_lines(s.frontier);

    std::vector<float> links;
    for (const geo::GateSymbol& g : s.gate_symbols) {
      const float* mid = g.has_crossing ? g.crossing : nullptr;
      auto link = [&](const float* a, const float* b) { links.insert(links.end(), {a[0], a[1], b[0], b[1]}); };
      if (g.has_vn && g.has_cn && mid)
        link(g.vn, mid), link(mid, g.cn);
      else if (g.has_vn && g.has_cn)
        link(g.vn, g.cn);
      else if (g.has_vn && mid)
        link(g.vn, mid);
      else if (g.has_cn && mid)
        link(mid, g.cn);
    }
    gate_links = make_segments(links);
  }

  void add_symbol(const float p[2], int shape, float radius, style::Rgba fill, style::Rgba stroke, float stroke_px,
                  bool dashed) {
    symbols.push_back(
        {p[0], p[1], fill.premul(), stroke.premul(), static_cast<float>(shape), radius, stroke_px, dashed ? 1.f : 0.f});
  }

  style::Rgba status_color(const GateFrameState& st, style::Rgba fallback) const {
    using S = GateFrameState::Status;
    switch (st.status) {
      case S::open: return style::kStatusOpen;
      case S::restricted: return style::kStatusRestricted;
      case S::closed: return style::kStatusClosed;
      case S::unknown: return style::kStatusUnknown;
      case S::none: break;
    }
    return fallback;
  }

  // In a crowded view, the symbols under a placed label of higher priority are not drawn: the
  // label of a real gate wins over the thinned crowd of lesser points around it.
  void hide_under_labels(const std::vector<PixelRect>& labels) {
    if (labels.empty()) return;
    constexpr float kCell = 64;
    const int cols = static_cast<int>(frame.camera.width_px / kCell) + 1,
              rows = static_cast<int>(frame.camera.height_px / kCell) + 1;
    std::vector<std::vector<uint32_t>> grid(static_cast<size_t>(cols) * static_cast<size_t>(rows));
    auto cell_range = [&](const PixelRect& r, auto&& fn) {
      const int c0 = std::clamp(static_cast<int>(std::floor(r.x0 / kCell)), 0, cols - 1),
                c1 = std::clamp(static_cast<int>(std::floor(r.x1 / kCell)), 0, cols - 1);
      const int r0 = std::clamp(static_cast<int>(std::floor(r.y0 / kCell)), 0, rows - 1),
                r1 = std::clamp(static_cast<int>(std::floor(r.y1 / kCell)), 0, rows - 1);
      for (int y = r0; y <= r1; ++y)
        for (int x = c0; x <= c1; ++x)
          fn(grid[static_cast<size_t>(y) * static_cast<size_t>(cols) + static_cast<size_t>(x)]);
    };
    for (uint32_t i = 0; i < labels.size(); ++i)
      cell_range(labels[i], [&](std::vector<uint32_t>& cell) { cell.push_back(i); });
    std::erase_if(visible_gates, [&](uint32_t gi) {
      const geo::GateSymbol& g = scene->gate_symbols[gi];
      if (!(static_cast<float>(g.priority) < kNeverThinFrom)) return false;  // real gates are never hidden
      bool hidden = false;
      gate_boxes(*scene, frame, g, [&](float x, float y, float r) {
        const PixelRect b{x - r, y - r, x + r, y + r};
        cell_range(b, [&](const std::vector<uint32_t>& cell) {
          for (uint32_t li : cell) {
            const PixelRect& l = labels[li];
            hidden |=
                l.priority > static_cast<float>(g.priority) && b.x0 < l.x1 && l.x0 < b.x1 && b.y0 < l.y1 && l.y0 < b.y1;
          }
        });
      });
      return hidden;
    });
  }

  void build_symbols() {
    symbols.clear();
    picks.clear();
    std::vector<PixelRect> boxes;
    symbol_boxes(*scene, frame, visible_gates, false, boxes, &picks);
    const float ps = frame.pixel_scale;
    if (frame.layers.has(LayerId::towns))
      for (const geo::PointFeature& t : scene->towns) {
        const bool city = t.style >= 2;
        add_symbol(t.xy, city ? 1 : 0, (city ? 3.5f : 3.0f) * ps, style::rgb(0xffffff), style::rgb(0x333333), 1.3f * ps,
                   false);
      }
    town_symbol_count = symbols.size();
    for (uint32_t index : visible_gates) {
      const geo::GateSymbol& g = scene->gate_symbols[index];
      const int gi = static_cast<int>(g.pair_index);
      const bool hot = gi == frame.hovered_gate || gi == frame.selected_gate;
      style::Rgba stroke = hot ? style::kHover : style::kGateStroke;
      const float sw = (hot ? 2.5f : 1.5f) * ps;
      GateFrameState st;
      if (frame.layers.has(LayerId::status) && static_cast<size_t>(gi) < frame.gates.size())
        st = frame.gates[static_cast<size_t>(gi)];
      const bool status_on = st.status != GateFrameState::Status::none;
      const float grow = 1.f + 0.2f * st.transition + 0.6f * std::max(st.pulse, st.highlight);
      // The two sides keep their national colours; the status is a badge of its own shape and
      // colour (readable without colour) on the crossing, or on the side that is on the line.
      using S = GateFrameState::Status;
      const int status_shape = st.status == S::open         ? 0
                               : st.status == S::closed     ? 4
                               : st.status == S::restricted ? 3
                                                            : 2;
      // Each layer draws only itself: the gates layer the sides and crossings, the status layer
      // the badges (and an unlocated gate's marker, which is its badge), either without the other.
      const bool gates_on = frame.layers.has(LayerId::gates);
      if (g.has_vn && !g.approximate && gates_on)
        add_symbol(g.vn, 0, style::kGateRadius * ps, style::kGateVietnam, stroke, sw, false);
      if (g.has_cn && !g.approximate && gates_on)
        add_symbol(g.cn, 1, style::kGateRadius * ps, style::kGateChina, stroke, sw, false);
      if (g.approximate && (gates_on || status_on)) {
        // No source gives a position: a hollow, dashed marker, visibly not a located gate.
        add_symbol(g.crossing, status_on ? status_shape : 0, style::kGateRadius * ps * grow,
                   status_on ? status_color(st, style::kApproximate).premul_alpha(0.45f) : style::rgb(0xffffff, 0.55f),
                   hot ? style::kHover : style::kApproximate, 2.0f * ps, true);
      } else if (status_on) {
        const float* at = g.has_crossing ? g.crossing : g.has_vn ? g.vn : g.cn;
        add_symbol(at, status_shape, style::kGateRadius * 1.3f * ps * grow, status_color(st, style::kGateFill), stroke,
                   sw, false);
      } else if (g.has_crossing && gates_on) {
        add_symbol(g.crossing, 2, style::kCrossingRadius * ps, style::kGateFill, stroke, sw, false);
      }
    }
  }

  // Trade: proportional circles; flows: particles moving across the frontier and queues of trucks.
  void build_overlays() {
    const float ps = frame.pixel_scale;
    trade_first = symbols.size();
    if (frame.layers.has(LayerId::trade))
      for (const TradeFrame& t : frame.trade)
        add_symbol(t.xy, 0, t.radius_css * ps, style::kTrade.premul_alpha(0.35f), style::kTrade, 1.5f * ps, false);
    trade_last = symbols.size();
    flow_first = symbols.size();
    flow_lane_data.clear();
    if (frame.layers.has(LayerId::flows)) {
      for (const FlowFrame& fl : frame.flows) {
        const auto& located = points.last_located_symbol;
        if (fl.gate < 0 || static_cast<size_t>(fl.gate) >= located.size() || located[static_cast<size_t>(fl.gate)] < 0)
          continue;
        const geo::GateSymbol* sym = &scene->gate_symbols[static_cast<size_t>(located[static_cast<size_t>(fl.gate)])];
        const float ax = sym->path_a[0], ay = sym->path_a[1], bx = sym->path_b[0], by = sym->path_b[1];
        if (fl.vehicles_per_day > 0) {
          flow_lane_data.insert(flow_lane_data.end(), {ax, ay, bx, by});
          // Rate: more particles and larger ones for more vehicles; direction where known.
          const int n = std::clamp(static_cast<int>(fl.vehicles_per_day / 60.0f), 2, 24);
          const float r = (1.6f + std::sqrt(fl.vehicles_per_day) / 12.0f) * ps;
          const double period_s = 3.0;
          for (int k = 0; k < n; ++k) {
            const bool back = fl.direction == 2 || (fl.direction == 0 && k % 2 == 1);
            double t = std::fmod(frame.time_s / period_s + static_cast<double>(k) / n, 1.0);
            if (back) t = 1.0 - t;
            const float p[2] = {static_cast<float>(ax + (bx - ax) * t), static_cast<float>(ay + (by - ay) * t)};
            add_symbol(p, 0, r, back ? style::kFlowImport : style::kFlowExport, style::rgb(0xffffff), 1.0f * ps, false);
          }
        }
        if (fl.trucks_waiting > 0) {
          // A queue on the Vietnamese approach, one square per 100 trucks (at least one).
          const int n = std::clamp(static_cast<int>(std::ceil(fl.trucks_waiting / 100.0f)), 1, 48);
          const double dx = ax - bx, dy = ay - by, len = std::hypot(dx, dy);
          const double step_m = 9.0 * ps * frame.camera.m_per_px;
          for (int k = 0; k < n; ++k) {
            const double d = k * step_m;
            const float p[2] = {static_cast<float>(ax + dx / len * d), static_cast<float>(ay + dy / len * d)};
            add_symbol(p, 1, 3.2f * ps, style::kQueue, style::rgb(0xffffff), 1.0f * ps, false);
          }
        }
      }
    }
    flow_last = symbols.size();
    for (const UserMark& u : frame.user_marks) {
      using S = GateFrameState::Status;
      const int shape = u.status == S::open ? 0 : u.status == S::closed ? 4 : u.status == S::restricted ? 3 : 2;
      add_symbol(u.xy, shape, style::kGateRadius * ps,
                 u.status == S::none ? style::kUser : status_color({u.status}, style::kUser), style::kUser, 2.0f * ps,
                 false);
    }
    user_last = symbols.size();
    if (!flow_lanes.vao) flow_lanes = make_segments({});
    glBindBuffer(GL_ARRAY_BUFFER, flow_lanes.instances.get());
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(flow_lane_data.size() * sizeof(float)), flow_lane_data.data(),
                 GL_STREAM_DRAW);
    flow_lanes.count = static_cast<GLsizei>(flow_lane_data.size() / 4);
    if (!user_lines.vao) user_lines = make_segments({});
    glBindBuffer(GL_ARRAY_BUFFER, user_lines.instances.get());
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(frame.user_segments.size() * sizeof(float)),
                 frame.user_segments.data(), GL_STREAM_DRAW);
    user_lines.count = static_cast<GLsizei>(frame.user_segments.size() / 4);
  }

  void draw_symbols(size_t first, size_t last) {
    if (last <= first) return;
    glUseProgram(symbol_prog.get());
    set_map_uniforms(symbol_prog.get(), *scene, frame.camera);
    glBindVertexArray(symbol_vao.get());
    glBindBuffer(GL_ARRAY_BUFFER, symbol_vbo.get());
    // Point the instance attributes at `first` (no base-instance draw in GL 3.3).
    const GLsizei stride = sizeof(SymbolInstance);
    const size_t base = first * sizeof(SymbolInstance);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride,
                          reinterpret_cast<const void*>(base + offsetof(SymbolInstance, x)));
    glVertexAttribPointer(2, 4, GL_FLOAT, GL_FALSE, stride,
                          reinterpret_cast<const void*>(base + offsetof(SymbolInstance, fill)));
    glVertexAttribPointer(3, 4, GL_FLOAT, GL_FALSE, stride,
                          reinterpret_cast<const void*>(base + offsetof(SymbolInstance, stroke)));
    glVertexAttribPointer(4, 4, GL_FLOAT, GL_FALSE, stride,
                          reinterpret_cast<const void*>(base + offsetof(SymbolInstance, shape)));
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(last - first));
    ++stats.draw_calls;
    stats.vertices += 4LL * static_cast<long long>(last - first);
  }

  void draw_segments(const SegmentBuffer& sb, float width_px, style::Rgba color, float dash_px = 0) {
    if (sb.count == 0) return;
    glUniform1f(glGetUniformLocation(line_prog.get(), "u_half_width"), width_px / 2);
    glUniform1f(glGetUniformLocation(line_prog.get(), "u_dash"), dash_px);
    set_color(line_prog.get(), color);
    glBindVertexArray(sb.vao.get());
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, sb.count);
    ++stats.draw_calls;
    stats.vertices += 4LL * sb.count;
  }
};

Renderer::Renderer(const geo::Scene& scene) : Renderer(scene, nullptr) {}

Renderer::Renderer(const geo::Scene& scene, std::unique_ptr<Decorations> prepared) : impl_(std::make_unique<Impl>()) {
  impl_->decorations = prepared ? std::move(prepared) : std::make_unique<Decorations>();
  impl_->upload(scene);
}

std::unique_ptr<Decorations> prepare_text(const geo::Scene& scene, const FrameSnapshot& frame) {
  auto d = std::make_unique<Decorations>();
  const ScenePoints points(scene);
  std::vector<uint32_t> gates;
  const bool thinned = visible_gate_symbols(scene, points, frame, gates);
  std::vector<PixelRect> boxes;
  symbol_boxes(scene, frame, gates, thinned, boxes, nullptr);
  UiGeometry ui;
  std::vector<OverlaySymbol> overlay;
  FrameStats stats;
  d->build(scene, points, frame, boxes, ui, overlay, stats);
  return d;
}
Renderer::~Renderer() = default;

void Renderer::set_scene(const geo::Scene& scene) { impl_->upload(scene); }

const FrameStats& Renderer::stats() const { return impl_->stats; }

int Renderer::pick_gate(double x, double y) const {
  int best = -1;
  double best_d = 1e30;
  for (const auto& p : impl_->picks) {
    double d = std::hypot(p.x - x, p.y - y);
    if (d <= p.r && d < best_d) best = p.gate, best_d = d;
  }
  return best;
}

StripPick Renderer::pick_strip(double x, double y) const { return impl_->decorations->strip_picks().at(x, y); }

void Renderer::begin_frame(const FrameSnapshot& frame) {
  Impl& m = *impl_;
  m.frame = frame;
  m.stats = {};
  // Labels first (they avoid the symbols' boxes), then the symbols: in a crowded (thinned) view
  // those under a more important label are dropped.
  const bool thinned = visible_gate_symbols(*m.scene, m.points, frame, m.visible_gates);
  std::vector<PixelRect> boxes;
  symbol_boxes(*m.scene, frame, m.visible_gates, thinned, boxes, nullptr);
  m.frontier_level_index = Impl::level_index(m.scene->frontier, frame.camera.m_per_px);
  m.ui.clear();
  m.overlay.clear();
  m.decorations->build(*m.scene, m.points, frame, boxes, m.ui, m.overlay, m.stats);
  if (thinned) m.hide_under_labels(m.decorations->placed_labels());
  m.build_symbols();
  // A gate under the legend's band lies outside the map frame: the band hides it, a click there
  // picks nothing.
  if (const PixelRect fr = m.decorations->map_frame(); fr.x1 > fr.x0)
    std::erase_if(m.picks, [&](const Pick& p) { return p.x < fr.x0 || p.x > fr.x1 || p.y < fr.y0 || p.y > fr.y1; });
  m.build_overlays();
  m.map_symbol_count = m.trade_first;
  m.overlay_first = m.symbols.size();
  for (const OverlaySymbol& o : m.overlay) {
    geo::XY p = frame.camera.pixel_to_map(o.x, o.y);
    const float xy[2] = {static_cast<float>(p.x - m.scene->origin.x), static_cast<float>(p.y - m.scene->origin.y)};
    m.add_symbol(xy, o.shape, o.radius, o.fill, o.stroke, o.stroke_px, o.dashed);
  }
  glBindBuffer(GL_ARRAY_BUFFER, m.symbol_vbo.get());
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(m.symbols.size() * sizeof(SymbolInstance)), m.symbols.data(),
               GL_STREAM_DRAW);
  glBindBuffer(GL_ARRAY_BUFFER, m.ui_vbo.get());
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(m.ui.verts.size() * sizeof(UiVertex)), m.ui.verts.data(),
               GL_STREAM_DRAW);
  AtlasView a = m.decorations->atlas();
  if (a.generation != m.atlas_generation && a.pixels) {
    glBindTexture(GL_TEXTURE_2D, m.atlas_tex.get());
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RG8, a.width, a.height, 0, GL_RG, GL_UNSIGNED_BYTE, a.pixels);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    m.atlas_generation = a.generation;
  }
}

geo::LayerSet Renderer::base_layers() {
  geo::LayerSet b;
  for (LayerId id : {LayerId::land, LayerId::rivers, LayerId::provinces, LayerId::prefectures, LayerId::roads,
                     LayerId::railways, LayerId::frontier, LayerId::towns})
    b.set(id);
  return b;
}

uint64_t Renderer::scene_generation() const { return impl_->scene_generation; }

void Renderer::draw(const Target& t, Pass pass) {
  Impl& m = *impl_;
  const geo::Scene& s = *m.scene;
  const geo::Camera& cam = m.frame.camera;
  const float ps = m.frame.pixel_scale;
  // A strip is placed by the viewport alone, so every strip rasterises as the full image would
  // and the window and the export (the same strips) agree pixel for pixel. An image larger than
  // the GPU's viewport limit cannot be one viewport: its tiles (strip_width > 0) get a viewport of
  // their own size and every vertex shader maps the full image's NDC onto the tile (u_tile);
  // edges then round within a small fraction of a pixel of the untiled image: no seams.
  float tile[4] = {1, 1, 0, 0};
  const int cols = t.columns();
  const int bottom = t.height - (t.strip_y0 + t.strip_height);  // the strip's lowest row, from the bottom
  if (t.strip_width <= 0) {
    glViewport(0, -bottom, t.width, t.height);
  } else {
    glViewport(0, 0, cols, t.strip_height);
    tile[0] = static_cast<float>(static_cast<double>(t.width) / cols);
    tile[1] = static_cast<float>(static_cast<double>(t.height) / t.strip_height);
    tile[2] = static_cast<float>((t.width - 2.0 * t.strip_x0) / cols - 1.0);
    tile[3] = static_cast<float>((t.height - 2.0 * bottom) / t.strip_height - 1.0);
  }
  for (GLuint prog : {m.polygon_prog.get(), m.line_prog.get(), m.symbol_prog.get(), m.ui_prog.get()}) {
    glUseProgram(prog);
    glUniform4fv(glGetUniformLocation(prog, "u_tile"), 1, tile);
  }
  m.cull = m.cull_rect_of(t);  // line layers draw only the chunks that reach these rows
  // The layers of this pass (base_layers() must name exactly those drawn before the overlays).
  const bool base = pass != Pass::overlays, over = pass != Pass::base;
  geo::LayerSet L = m.frame.layers;
  L.bits &= (base ? ~0u : ~base_layers().bits) & (over ? ~0u : base_layers().bits);
  if (m.frame.strip) L = geo::LayerSet{};  // the frontier strip: screen space only (decorations' geometry)
  const style::Rgba bg = style::kBackground;
  glClearColor(bg.r, bg.g, bg.b, 1);
  if (base) glClear(GL_COLOR_BUFFER_BIT);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glEnable(GL_BLEND);
  glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);

  if (L.has(LayerId::land) && !s.land.indices.empty()) {
    // Opaque land over the cleared background: blending would give the same pixels (src + 0 * dst)
    // at the cost of reading every destination pixel, which llvmpipe then skips (~4% of an export).
    constexpr bool opaque_land = style::kLandVietnam.a >= 1 && style::kLandChina.a >= 1;
    if (opaque_land) glDisable(GL_BLEND);
    glUseProgram(m.polygon_prog.get());
    set_map_uniforms(m.polygon_prog.get(), s, cam);
    // The coarsest level whose simplification stays below half a pixel (PolygonLayer::level_for).
    const Impl::LandGpu& land = m.land[std::min(s.land.level_for(cam.m_per_px), m.land.size() - 1)];
    glBindVertexArray(land.vao.get());
    // The chunks that reach the strip, neighbours of one part merged into one draw.
    const float margin = static_cast<float>(2 * cam.m_per_px);
    int colour = -1;
    for (size_t i = 0; i < land.chunks.size();) {
      const Impl::LandChunk& c = land.chunks[i];
      if (!(c.x1 >= m.cull.x0 - margin && c.x0 <= m.cull.x1 + margin && c.y1 >= m.cull.y0 - margin &&
            c.y0 <= m.cull.y1 + margin)) {
        ++i;
        continue;
      }
      uint32_t count = c.index_count;
      for (++i; i < land.chunks.size(); ++i) {
        const Impl::LandChunk& d = land.chunks[i];
        if (d.style != c.style || d.first_index != c.first_index + count ||
            !(d.x1 >= m.cull.x0 - margin && d.x0 <= m.cull.x1 + margin && d.y1 >= m.cull.y0 - margin &&
              d.y0 <= m.cull.y1 + margin))
          break;
        count += d.index_count;
      }
      if (colour != c.style) set_color(m.polygon_prog.get(), c.style == 1 ? style::kLandChina : style::kLandVietnam);
      colour = c.style;
      glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(count), GL_UNSIGNED_INT,
                     reinterpret_cast<const void*>(static_cast<size_t>(c.first_index) * sizeof(uint32_t)));
      ++m.stats.draw_calls;
      m.stats.vertices += count;
    }
  }

  glEnable(GL_BLEND);
  glUseProgram(m.line_prog.get());
  set_map_uniforms(m.line_prog.get(), s, cam);
  if (L.has(LayerId::rivers))
    m.draw_line_layer(m.rivers, s.rivers, [](uint16_t st) {
      return st == 1 ? LineStyle{1.6f, style::kRiver} : LineStyle{0.8f, style::kRiverMinor};
    });
  if (L.has(LayerId::provinces))
    m.draw_line_layer(m.provinces, s.provinces, [](uint16_t) {
      return LineStyle{1.1f, style::kAdminBoundary, 0, {}, 7};
    });
  if (L.has(LayerId::prefectures))
    m.draw_line_layer(m.prefectures, s.prefectures, [](uint16_t) {
      return LineStyle{0.9f, style::kPrefectureBoundary, 0, {}, 5};
    });
  if (L.has(LayerId::roads))
    m.draw_line_layer(m.roads, s.roads, [](uint16_t st) {
      return st == 0 ? LineStyle{1.8f, style::kRoadMajor, 3.4f, style::rgb(0xffffff, 0.9f)}
                     : LineStyle{1.0f, style::kRoadMinor};
    });
  if (L.has(LayerId::railways)) {
    m.draw_line_layer(m.railways, s.railways, [](uint16_t) { return LineStyle{2.6f, style::kRailway}; });
    m.draw_line_layer(m.railways, s.railways, [](uint16_t) { return LineStyle{1.0f, style::rgb(0xffffff), 0, {}, 8}; });
  }
  if (L.has(LayerId::frontier))
    m.draw_line_layer(m.frontier, s.frontier, [](uint16_t) {
      return LineStyle{style::kFrontierWidth, style::kFrontier, style::kFrontierCasingWidth, style::kFrontierCasing};
    });
  if (L.has(LayerId::towns)) {
    m.draw_symbols(0, m.town_symbol_count);
    glUseProgram(m.line_prog.get());
  }
  if (L.has(LayerId::trade)) {
    m.draw_symbols(m.trade_first, m.trade_last);
    glUseProgram(m.line_prog.get());
  }
  if (L.has(LayerId::flows)) m.draw_segments(m.flow_lanes, 6.0f * ps, style::kFlowLane);
  if (L.has(LayerId::gates)) {
    m.draw_segments(m.gate_links, 5.0f * ps, style::kGateStroke);
    m.draw_segments(m.gate_links, 2.5f * ps, style::kGateLink);
  }
  if (L.has(LayerId::gates) || L.has(LayerId::status)) m.draw_symbols(m.town_symbol_count, m.map_symbol_count);
  if (L.has(LayerId::flows)) m.draw_symbols(m.flow_first, m.flow_last);
  if (over && (m.user_lines.count > 0 || m.user_last > m.flow_last)) {
    glUseProgram(m.line_prog.get());
    m.draw_segments(m.user_lines, 2.0f * ps, style::kUser);
    m.draw_symbols(m.flow_last, m.user_last);
  }
  if (over && !m.ui.verts.empty()) {
    glUseProgram(m.ui_prog.get());
    glUniform2f(glGetUniformLocation(m.ui_prog.get(), "u_viewport"), static_cast<float>(t.width),
                static_cast<float>(t.height));
    glUniform1i(glGetUniformLocation(m.ui_prog.get(), "u_atlas"), 0);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, m.atlas_tex.get());
    glBindVertexArray(m.ui_vao.get());
    glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(m.ui.verts.size()));
    ++m.stats.draw_calls;
    m.stats.vertices += static_cast<long long>(m.ui.verts.size());
  }
  if (over) m.draw_symbols(m.overlay_first, m.symbols.size());
  glBindVertexArray(0);
}

ScaleBar choose_scale_bar(const geo::Camera& cam, double max_px) {
  // Ground metres per pixel at the view centre: map metres divided by the projection's scale.
  // utm:: rather than PROJ's map_projector(): the same figures, without loading PROJ in an export.
  geo::LonLat c = geo::utm::inverse(cam.centre);
  const double k = geo::utm::scale_factor(c);
  const double ground_per_px = cam.m_per_px / k;
  const double max_m = ground_per_px * max_px;
  double step = std::pow(10.0, std::floor(std::log10(max_m)));
  double best = step;
  for (double f : {1.0, 2.0, 5.0})
    if (f * step <= max_m) best = f * step;
  return {best, best / ground_per_px};
}

}  // namespace gatemap::render
