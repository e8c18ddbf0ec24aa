#version 330 core
// Point symbols (gates): one instance per symbol, a square sprite in pixels around a map point.
layout(location = 0) in vec2 a_corner;     // -1..1
layout(location = 1) in vec2 a_pos;        // metres from the scene origin
layout(location = 2) in vec4 a_fill;       // premultiplied
layout(location = 3) in vec4 a_stroke;     // premultiplied
layout(location = 4) in vec4 a_shape;      // x: shape id, y: radius px, z: stroke px, w: flags (1 = dashed outline)
uniform vec2 u_offset;
uniform vec2 u_scale;
uniform vec2 u_viewport;
uniform vec4 u_tile;       // tiles beyond the GPU's viewport limit: NDC of the full image * xy + zw; (1, 1, 0, 0) otherwise
out vec2 v_local;       // pixels from the symbol centre
flat out vec4 v_fill;
flat out vec4 v_stroke;
flat out vec4 v_shape;
void main() {
  vec2 centre = ((a_pos + u_offset) * u_scale * 0.5 + 0.5) * u_viewport;
  float extent = a_shape.y + a_shape.z + 1.5;
  v_local = a_corner * extent;
  v_fill = a_fill;
  v_stroke = a_stroke;
  v_shape = a_shape;
  gl_Position = vec4(((centre + v_local) / u_viewport * 2.0 - 1.0) * u_tile.xy + u_tile.zw, 0.0, 1.0);
}
