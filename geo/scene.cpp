// The scene's own small queries. build_scene (GDAL, PROJ, GEOS) is in scene_builder.cpp.
#include <algorithm>

#include "geo/scene.hpp"

namespace geo {

const LineLayer::Level* LineLayer::level_for(double m_per_px) const {
  const Level* best = levels.empty() ? nullptr : &levels.front();
  for (const Level& l : levels)
    if (l.tolerance_m <= 0.5 * m_per_px) best = &l;
  return best;
}

size_t Scene::feature_count(LayerId id) const {
  switch (id) {
    case LayerId::land: return land.features;
    case LayerId::frontier: return frontier.features;
    case LayerId::gates:  // located pairs; approximate markers are not located features
      return static_cast<size_t>(std::count_if(gate_symbols.begin(), gate_symbols.end(),
                                               [](const GateSymbol& g) { return !g.approximate; }));
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
