#version 330 core
// Screen-space geometry (text glyphs, boxes of the scale bar, legend, title) in pixels,
// y down from the top-left corner of the full image.
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec2 a_uv;      // atlas texels (normalised); negative = solid colour
layout(location = 2) in vec4 a_color;   // premultiplied
layout(location = 3) in vec4 a_halo;    // premultiplied
uniform vec2 u_viewport;
uniform vec4 u_tile;       // tiles beyond the GPU's viewport limit: NDC of the full image * xy + zw; (1, 1, 0, 0) otherwise
out vec2 v_uv;
out vec4 v_color;
out vec4 v_halo;
void main() {
  v_uv = a_uv;
  v_color = a_color;
  v_halo = a_halo;
  vec2 ndc = vec2(a_pos.x / u_viewport.x * 2.0 - 1.0, 1.0 - a_pos.y / u_viewport.y * 2.0);
  gl_Position = vec4(ndc * u_tile.xy + u_tile.zw, 0.0, 1.0);
}
