#include "geo/scene_io.hpp"

#include <cstring>
#include <stdexcept>
#include <type_traits>

namespace geo {

void Fnv1a::add(std::span<const std::byte> bytes) {
  std::uint64_t h = h_;
  for (std::byte b : bytes) h = (h ^ static_cast<unsigned char>(b)) * 1099511628211ull;
  h_ = h;
}

void Fnv1a::add(std::string_view text) { add(std::as_bytes(std::span<const char>(text.data(), text.size()))); }

namespace {

constexpr char kMagic[8] = {'G', 'M', 'S', 'C', 'E', 'N', 'E', '\0'};
constexpr std::uint32_t kByteOrder = 0x01020304;

struct Header {
  char magic[8];
  std::uint32_t version;
  std::uint32_t byte_order;
  std::uint64_t source_hash;
  std::uint64_t payload_size;
  std::uint64_t payload_checksum;
  std::uint64_t reserved;
};
static_assert(sizeof(Header) == 48 && std::is_trivially_copyable_v<Header>);

// The payload's checksum: 8 bytes per step (FNV-1a's scheme on words), so that checking a blob of
// a few hundred kilobytes costs well under a millisecond.
std::uint64_t checksum(std::span<const std::byte> bytes) {
  std::uint64_t h = 1469598103934665603ull;
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, bytes.data() + i, 8);
    h = (h ^ w) * 1099511628211ull;
    h ^= h >> 29;
  }
  for (; i < bytes.size(); ++i) h = (h ^ static_cast<unsigned char>(bytes[i])) * 1099511628211ull;
  return h;
}

template <class>
inline constexpr bool kNoFields = false;

// Every serialised field of every type, in declaration order: the one list that writing and
// reading share (io is a Writer on const objects or a Reader on mutable ones).
template <class IO, class T>
void fields(IO& io, T& v) {
  using U = std::remove_const_t<T>;
  if constexpr (std::is_same_v<U, LonLat>) {
    io(v.lon), io(v.lat);
  } else if constexpr (std::is_same_v<U, XY>) {
    io(v.x), io(v.y);
  } else if constexpr (std::is_same_v<U, Rect>) {
    io(v.x0), io(v.y0), io(v.x1), io(v.y1);
  } else if constexpr (std::is_same_v<U, BboxLL>) {
    io(v.lon0), io(v.lat0), io(v.lon1), io(v.lat1);
  } else if constexpr (std::is_same_v<U, PolygonLayer::Part>) {
    io(v.style), io(v.first_index), io(v.index_count);
  } else if constexpr (std::is_same_v<U, PolygonLayer::Level>) {
    io(v.tolerance_m), io(v.xy), io(v.indices), io(v.parts);
  } else if constexpr (std::is_same_v<U, PolygonLayer>) {
    io(v.xy), io(v.indices), io(v.parts), io(v.features), io(v.simplified);
  } else if constexpr (std::is_same_v<U, LineLayer::Level>) {
    io(v.tolerance_m), io(v.xy), io(v.starts), io(v.styles);
  } else if constexpr (std::is_same_v<U, LineLayer>) {
    io(v.levels), io(v.features);
  } else if constexpr (std::is_same_v<U, GatePoint>) {
    io(v.row_id), io(v.side), io(v.name_vi), io(v.name_zh), io(v.name_zh_note), io(v.kind_text), io(v.pos),
        io(v.confidence), io(v.source), io(v.line);
  } else if constexpr (std::is_same_v<U, GatePair>) {
    io(v.id), io(v.name_vi), io(v.name_zh), io(v.name_en), io(v.name_zh_status), io(v.kind), io(v.district),
        io(v.source), io(v.vn), io(v.cn), io(v.crossing), io(v.rows);
  } else if constexpr (std::is_same_v<U, GateSymbol>) {
    io(v.pair_index), io(v.approx_km), io(v.approx_note), io(v.has_vn), io(v.has_cn), io(v.has_crossing), io(v.vn),
        io(v.cn), io(v.crossing), io(v.approximate), io(v.path_a), io(v.path_b), io(v.priority);
  } else if constexpr (std::is_same_v<U, LabelSpec>) {
    io(v.anchor), io(v.line1), io(v.line2), io(v.priority), io(v.style), io(v.layer), io(v.gate);
  } else if constexpr (std::is_same_v<U, PointFeature>) {
    io(v.xy), io(v.style);
  } else if constexpr (std::is_same_v<U, Scene>) {
    io(v.origin), io(v.frontier_extent), io(v.frontier_bbox), io(v.frontier_geodesic_km), io(v.frontier_official_km);
    io(v.land), io(v.frontier), io(v.frontier_lonlat);
    io(v.provinces), io(v.prefectures), io(v.rivers), io(v.roads), io(v.railways), io(v.towns);
    io(v.gates), io(v.gate_symbols), io(v.labels), io(v.attributions), io(v.wall_credits), io(v.problems);
  } else {
    static_assert(kNoFields<U>, "scene_io: list the fields of this type in fields()");
  }
}

template <class T>
inline constexpr bool kNumber = std::is_arithmetic_v<T> || std::is_enum_v<T>;

struct Writer {
  std::vector<std::byte> out;

  void raw(const void* p, size_t n) {
    const auto* b = static_cast<const std::byte*>(p);
    out.insert(out.end(), b, b + n);
  }
  template <class T>
  requires kNumber<T>
  void operator()(const T& v) { raw(&v, sizeof v); }
  void operator()(const std::string& s) {
    (*this)(static_cast<std::uint64_t>(s.size()));
    raw(s.data(), s.size());
  }
  template <class T>
  void operator()(const std::vector<T>& v) {
    (*this)(static_cast<std::uint64_t>(v.size()));
    if constexpr (kNumber<T> && !std::is_same_v<T, bool>)
      raw(v.data(), v.size() * sizeof(T));
    else
      for (const T& e : v) (*this)(e);
  }
  template <class T>
  void operator()(const std::optional<T>& o) {
    (*this)(o.has_value());
    if (o) (*this)(*o);
  }
  template <class T, size_t N>
  void operator()(const T (&a)[N]) {
    for (const T& e : a) (*this)(e);
  }
  template <class A, class B>
  void operator()(const std::pair<A, B>& p) {
    (*this)(p.first), (*this)(p.second);
  }
  template <class T>
  requires std::is_class_v<T>
  void operator()(const T& v) { fields(*this, v); }
};

struct Rejected : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Reader {
  std::span<const std::byte> in;
  size_t pos = 0;

  size_t left() const { return in.size() - pos; }
  void raw(void* p, size_t n) {
    if (n > left()) throw Rejected("truncated payload");
    if (n) std::memcpy(p, in.data() + pos, n);
    pos += n;
  }
  std::uint64_t count(size_t element_bytes) {
    std::uint64_t n = 0;
    (*this)(n);
    if (n > left() / std::max<size_t>(element_bytes, 1)) throw Rejected("a count exceeds the payload");
    return n;
  }
  void operator()(bool& b) {
    std::uint8_t v = 0;
    raw(&v, 1);
    if (v > 1) throw Rejected("a flag is neither 0 nor 1");
    b = v != 0;
  }
  template <class T>
  requires kNumber<T>
  void operator()(T& v) { raw(&v, sizeof v); }
  void operator()(std::string& s) {
    s.resize(count(1));
    raw(s.data(), s.size());
  }
  template <class T>
  void operator()(std::vector<T>& v) {
    if constexpr (kNumber<T> && !std::is_same_v<T, bool>) {
      v.resize(count(sizeof(T)));
      raw(v.data(), v.size() * sizeof(T));
    } else {
      v.resize(count(1));
      for (T& e : v) (*this)(e);
    }
  }
  template <class T>
  void operator()(std::optional<T>& o) {
    bool has = false;
    (*this)(has);
    if (!has) return o.reset();
    T value{};
    (*this)(value);
    o = std::move(value);
  }
  template <class T, size_t N>
  void operator()(T (&a)[N]) {
    for (T& e : a) (*this)(e);
  }
  template <class A, class B>
  void operator()(std::pair<A, B>& p) {
    (*this)(p.first), (*this)(p.second);
  }
  template <class T>
  requires std::is_class_v<T>
  void operator()(T& v) { fields(*this, v); }
};

// Indices that the renderer follows without checking must stay inside their arrays.
void check_consistent(const Scene& s) {
  auto check_polygons = [](const std::vector<float>& xy, const std::vector<uint32_t>& indices,
                           const std::vector<PolygonLayer::Part>& parts) {
    const size_t vertices = xy.size() / 2;
    for (uint32_t i : indices)
      if (i >= vertices) throw Rejected("a land index points past the vertices");
    for (const PolygonLayer::Part& p : parts)
      if (p.first_index > indices.size() || p.index_count > indices.size() - p.first_index)
        throw Rejected("a land part points past the indices");
  };
  check_polygons(s.land.xy, s.land.indices, s.land.parts);
  for (const PolygonLayer::Level& l : s.land.simplified) check_polygons(l.xy, l.indices, l.parts);
  for (const LineLayer* layer : {&s.frontier, &s.provinces, &s.prefectures, &s.rivers, &s.roads, &s.railways})
    for (const LineLayer::Level& l : layer->levels) {
      if (l.starts.empty() ? !l.styles.empty() : l.styles.size() != l.starts.size() - 1)
        throw Rejected("a line level has as many styles as lines");
      for (size_t k = 0; k < l.starts.size(); ++k)
        if ((k > 0 && l.starts[k] < l.starts[k - 1]) || l.starts[k] > l.xy.size() / 2)
          throw Rejected("a line starts past its vertices");
    }
  if (s.frontier.levels.empty() || s.frontier.levels.front().xy.size() < 4) throw Rejected("the frontier has no line");
  auto check_point = [](const GatePoint& p) {
    if (p.side > Side::border || p.confidence > Confidence::not_found)
      throw Rejected("a gate row has no valid side or confidence");
  };
  for (const GatePair& g : s.gates) {
    for (const auto* p : {&g.vn, &g.cn, &g.crossing})
      if (*p) check_point(**p);
    for (const GatePoint& p : g.rows) check_point(p);
  }
  for (const GateSymbol& g : s.gate_symbols)
    if (g.pair_index >= s.gates.size()) throw Rejected("a gate symbol names no gate");
  for (const LabelSpec& l : s.labels)
    if (l.gate >= static_cast<int>(s.gates.size()) || l.layer >= LayerId::count)
      throw Rejected("a label names no gate or layer");
  for (const auto* credits : {&s.attributions, &s.wall_credits})
    for (const auto& [layer, text] : *credits)
      if (layer >= LayerId::count) throw Rejected("an attribution names no layer");
}

}  // namespace

std::vector<std::byte> write_scene_blob(const Scene& scene, std::uint64_t source_hash) {
  Writer w;
  w.out.resize(sizeof(Header));
  w(scene);
  Header h{};
  std::memcpy(h.magic, kMagic, sizeof kMagic);
  h.version = kSceneBlobVersion;
  h.byte_order = kByteOrder;
  h.source_hash = source_hash;
  h.payload_size = w.out.size() - sizeof(Header);
  h.payload_checksum = checksum(std::span(w.out).subspan(sizeof(Header)));
  std::memcpy(w.out.data(), &h, sizeof h);
  return std::move(w.out);
}

std::optional<Scene> read_scene_blob(std::span<const std::byte> blob, std::uint64_t expected_source_hash,
                                     std::string* why) {
  auto reject = [&](const std::string& reason) -> std::optional<Scene> {
    if (why) *why = reason;
    return std::nullopt;
  };
  Header h{};
  if (blob.size() < sizeof h) return reject("shorter than its header");
  std::memcpy(&h, blob.data(), sizeof h);
  if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0) return reject("not a scene blob");
  if (h.byte_order != kByteOrder) return reject("written with another byte order");
  if (h.version != kSceneBlobVersion)
    return reject("format version " + std::to_string(h.version) + ", expected " + std::to_string(kSceneBlobVersion));
  if (h.source_hash != expected_source_hash) return reject("stale: built from other source files");
  const std::span<const std::byte> payload = blob.subspan(sizeof h);
  if (h.payload_size != payload.size()) return reject("truncated or padded payload");
  if (h.payload_checksum != checksum(payload)) return reject("corrupted payload (checksum)");
  try {
    Reader r{payload};
    Scene s;
    r(s);
    if (r.left() != 0) throw Rejected("bytes left after the scene");
    check_consistent(s);
    return s;
  } catch (const Rejected& e) {
    return reject(e.what());
  } catch (const std::length_error&) {
    return reject("a count exceeds the payload");
  }
}

}  // namespace geo
