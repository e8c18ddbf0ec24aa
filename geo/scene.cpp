// The scene's own small queries. build_scene (GDAL, PROJ, GEOS) is in scene_builder.cpp.
#include <algorithm>

#include "geo/scene.hpp"

namespace geo {

void LineLayer::Level::append(const std::vector<XY>& pts, const XY& origin, uint16_t style) {
  if (starts.empty()) starts.push_back(0);
  for (const XY& p : pts) {
    xy.push_back(static_cast<float>(p.x - origin.x));
    xy.push_back(static_cast<float>(p.y - origin.y));
  }
  starts.push_back(static_cast<uint32_t>(xy.size() / 2));
  styles.push_back(style);
}

const LineLayer::Level* LineLayer::level_for(double m_per_px) const {
  const Level* best = levels.empty() ? nullptr : &levels.front();
  for (const Level& l : levels)
    if (l.tolerance_m <= 0.5 * m_per_px) best = &l;
  return best;
}

size_t PolygonLayer::level_for(double m_per_px) const {
  size_t best = 0;
  for (size_t i = 0; i < simplified.size(); ++i)
    if (simplified[i].tolerance_m <= 0.5 * m_per_px) best = i + 1;
  return best;
}

size_t Scene::feature_count(LayerId id) const {
  switch (id) {
    case LayerId::land: return land.features;
    case LayerId::frontier: return frontier.features;
    case LayerId::gates:  // located pairs; approximate markers are not located features
      return static_cast<size_t>(
          std::count_if(gate_symbols.begin(), gate_symbols.end(), [](const GateSymbol& g) { return !g.approximate; }));
    case LayerId::provinces: return provinces.features;
    case LayerId::prefectures: return prefectures.features;
    case LayerId::rivers: return rivers.features;
    case LayerId::roads: return roads.features;
    case LayerId::railways: return railways.features;
    case LayerId::towns: return towns.size();
    default: return 0;
  }
}

}  // namespace geo
