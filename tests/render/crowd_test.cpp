// Scenes with very many gate-like points (the synthetic scaled scene's case, docs/performance.md):
// points off the image cost nothing and change no pixel; in a crowded view the points are thinned
// to a budget, and the real gates' labels stay exactly where they are without the crowd.
#include <gtest/gtest.h>

#include <random>

#include "app/render/decorations.hpp"
#include "app/render/scene_points.hpp"
#include "app/view/frame_builder.hpp"
#include "render_util.hpp"

using namespace gatemap;

namespace {

constexpr int kW = 1280, kH = 720;

// Adds `n` labelled points of negative priority (below every real one) uniformly in `r`
// (metres from the scene origin), on a gate pair of their own.
void add_crowd(geo::Scene& s, size_t n, geo::Rect r, unsigned seed) {
  geo::GatePair pair;
  pair.id = "crowd";
  pair.name_vi = "Crowd";
  s.gates.push_back(pair);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> ux(r.x0, r.x1), uy(r.y0, r.y1);
  std::uniform_int_distribution<int> pri(-20, -1);
  for (size_t k = 0; k < n; ++k) {
    geo::GateSymbol g;
    g.pair_index = s.gates.size() - 1;
    g.has_crossing = true;
    g.crossing[0] = static_cast<float>(ux(rng)), g.crossing[1] = static_cast<float>(uy(rng));
    g.priority = pri(rng);
    s.gate_symbols.push_back(g);
    geo::LabelSpec l;
    l.anchor[0] = g.crossing[0], l.anchor[1] = g.crossing[1];
    l.line1 = "crowd " + std::to_string(k);
    l.priority = g.priority;
    l.gate = static_cast<int>(g.pair_index);
    s.labels.push_back(l);
  }
}

render::FrameSnapshot frame_of(const geo::Scene& s, const geo::Timeline& t, geo::LayerSet layers) {
  ViewInputs in;
  in.camera = geo::fit_bbox(default_bbox(s), kW, kH);
  in.layers = layers;
  in.timeline = &t;
  return make_frame(s, in);
}

// The image's map rectangle, metres from the scene origin.
geo::Rect view_rect(const geo::Scene& s, const geo::Camera& cam) {
  const geo::XY a = cam.pixel_to_map(0, 0), b = cam.pixel_to_map(cam.width_px, cam.height_px);
  return {std::min(a.x, b.x) - s.origin.x, std::min(a.y, b.y) - s.origin.y, std::max(a.x, b.x) - s.origin.x,
          std::max(a.y, b.y) - s.origin.y};
}

TEST(Crowd, PointsOffTheImageChangeNoPixelAndCostNoVertex) {
  test_util::gl_context();
  const AppData& data = test_util::default_data();
  geo::LayerSet layers;
  for (geo::LayerId id : {geo::LayerId::land, geo::LayerId::frontier, geo::LayerId::gates}) layers.set(id);
  const geo::Rect v = view_rect(data.scene, frame_of(data.scene, data.timeline, layers).camera);
  // 300 points in view; then the same scene with 200,000 more far to the east, off the image.
  geo::Scene near = data.scene;
  add_crowd(near, 300, v, 1);
  geo::Scene far = near;
  std::mt19937 rng(2);
  std::uniform_real_distribution<double> ux(v.x1 + 50'000, v.x1 + 400'000), uy(v.y0 - 200'000, v.y1 + 200'000);
  for (int k = 0; k < 200'000; ++k) {
    geo::GateSymbol g = far.gate_symbols.back();
    g.crossing[0] = static_cast<float>(ux(rng)), g.crossing[1] = static_cast<float>(uy(rng));
    far.gate_symbols.push_back(g);
    geo::LabelSpec l = far.labels.back();
    l.anchor[0] = g.crossing[0], l.anchor[1] = g.crossing[1];
    far.labels.push_back(l);
  }
  render::Renderer r_near(near);
  const test_util::Image a = test_util::render_image(r_near, frame_of(near, data.timeline, layers));
  const long long vertices_near = r_near.stats().vertices;
  render::Renderer r_far(far);
  const test_util::Image b = test_util::render_image(r_far, frame_of(far, data.timeline, layers));
  EXPECT_EQ(r_far.stats().vertices, vertices_near);
  EXPECT_TRUE(a.rgba == b.rgba) << "points off the image changed the picture";
}

TEST(Crowd, ThinnedToABudgetAndTheRealLabelsStayPut) {
  const AppData& data = test_util::default_data();
  const geo::LayerSet all = geo::LayerSet::all();
  const render::FrameSnapshot plain_frame = frame_of(data.scene, data.timeline, all);
  geo::Scene crowded = data.scene;
  add_crowd(crowded, 300'000, view_rect(data.scene, plain_frame.camera), 3);  // ~20 points a 10 × 10 px square
  const render::FrameSnapshot crowded_frame = frame_of(crowded, data.timeline, all);

  // Few of the crowd are offered and drawn.
  const render::ScenePoints points(crowded);
  std::vector<uint32_t> gates, labels;
  EXPECT_TRUE(render::visible_gate_symbols(crowded, points, crowded_frame, gates));
  EXPECT_LE(gates.size(), render::kMaxSymbolsPerFrame);
  EXPECT_GT(gates.size(), 500u);
  render::visible_labels(crowded, points, crowded_frame, labels);
  EXPECT_LE(labels.size(), render::kMaxLabelCandidatesPerFrame);
  EXPECT_GT(labels.size(), 100u);
  // The plain scene is not thinned: every gate symbol in view is drawn.
  const render::ScenePoints plain_points(data.scene);
  EXPECT_FALSE(render::visible_gate_symbols(data.scene, plain_points, plain_frame, gates));

  // Every label of the real data (priority >= 0: gates, towns, areas, the time overlays' figures)
  // is placed exactly where it is without the crowd.
  const auto plain = render::prepare_text(data.scene, plain_frame);
  const auto crowd = render::prepare_text(crowded, crowded_frame);
  std::vector<render::PixelRect> real, crowd_labels;
  for (const render::PixelRect& p : crowd->placed_labels()) (p.priority >= 0 ? real : crowd_labels).push_back(p);
  ASSERT_GT(plain->placed_labels().size(), 10u);
  ASSERT_EQ(real.size(), plain->placed_labels().size());
  for (size_t i = 0; i < real.size(); ++i) {
    const render::PixelRect &p = plain->placed_labels()[i], &q = real[i];
    EXPECT_EQ(p.priority, q.priority) << i;
    EXPECT_EQ(p.x0, q.x0) << i;
    EXPECT_EQ(p.y0, q.y0) << i;
    EXPECT_EQ(p.x1, q.x1) << i;
  }
  // (The crowd's own labels find little room among its symbols: this crowd covers the image.)
  EXPECT_LE(crowd->placed_labels().size(), render::kMaxLabelsPerFrame);
}

}  // namespace
