#version 330 core
// Filled polygons in map metres (relative to the scene origin).
layout(location = 0) in vec2 a_pos;
uniform vec2 u_offset;  // scene origin - camera centre, metres
uniform vec2 u_scale;   // 2 / (metres per pixel * viewport size in pixels)
uniform vec4 u_tile;       // tiles beyond the GPU's viewport limit: NDC of the full image * xy + zw; (1, 1, 0, 0) otherwise
void main() {
  gl_Position = vec4((a_pos + u_offset) * u_scale * u_tile.xy + u_tile.zw, 0.0, 1.0);
}
