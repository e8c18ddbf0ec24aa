#pragma once
// The fixed layer names of gatemap (used by --layers, `gatemap info` and the Layers panel).
// Planners' scripts depend on them: never rename one.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace geo {

enum class LayerId : uint8_t {
  land,
  provinces,
  prefectures,
  rivers,
  roads,
  railways,
  frontier,
  towns,
  gates,
  status,
  flows,
  trade,
  title,
  legend,
  scalebar,
  north_arrow,
  attribution,
  datestamp,
  count
};

inline constexpr std::array<std::string_view, static_cast<size_t>(LayerId::count)> kLayerNames = {
    "land",   "provinces", "prefectures", "rivers", "roads",  "railways", "frontier",    "towns",       "gates",
    "status", "flows",     "trade",       "title",  "legend", "scalebar", "north_arrow", "attribution", "datestamp"};

inline std::string_view layer_name(LayerId id) { return kLayerNames[static_cast<size_t>(id)]; }

inline std::optional<LayerId> parse_layer(std::string_view name) {
  for (size_t i = 0; i < kLayerNames.size(); ++i)
    if (kLayerNames[i] == name) return static_cast<LayerId>(i);
  return std::nullopt;
}

inline bool is_decoration(LayerId id) { return id >= LayerId::title; }

// A set of layers, one bit each.
struct LayerSet {
  uint32_t bits = 0;
  bool has(LayerId id) const { return bits & (1u << static_cast<unsigned>(id)); }
  void set(LayerId id, bool on = true) {
    if (on)
      bits |= 1u << static_cast<unsigned>(id);
    else
      bits &= ~(1u << static_cast<unsigned>(id));
  }
  bool operator==(const LayerSet&) const = default;
  static LayerSet all() { return {(1u << static_cast<unsigned>(LayerId::count)) - 1}; }
};

}  // namespace geo
