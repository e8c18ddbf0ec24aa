#version 330 core
// Thick anti-aliased lines: one instance per segment, a quad expanded in pixel space around it.
// The fragment shader measures the distance to the segment, so joins and caps are round.
layout(location = 0) in vec2 a_corner;  // x: 0 at p0, 1 at p1; y: -1 or +1 across
layout(location = 1) in vec2 a_p0;      // segment start, metres from the scene origin
layout(location = 2) in vec2 a_p1;      // segment end
uniform vec2 u_offset;
uniform vec2 u_scale;
uniform vec2 u_viewport;     // full image size in pixels
uniform float u_half_width;  // half the line width in pixels
uniform vec4 u_tile;       // tiles beyond the GPU's viewport limit: NDC of the full image * xy + zw; (1, 1, 0, 0) otherwise
out vec2 v_pix;              // this fragment, in pixels
flat out vec2 v_a;           // segment ends, in pixels
flat out vec2 v_b;
vec2 to_pixels(vec2 p) { return ((p + u_offset) * u_scale * 0.5 + 0.5) * u_viewport; }
void main() {
  vec2 a = to_pixels(a_p0);
  vec2 b = to_pixels(a_p1);
  vec2 d = b - a;
  float len = length(d);
  vec2 dir = len > 1e-6 ? d / len : vec2(1.0, 0.0);
  vec2 nrm = vec2(-dir.y, dir.x);
  float r = u_half_width + 1.0;  // one pixel more for the anti-aliased edge
  vec2 p = mix(a, b, a_corner.x) + dir * (a_corner.x * 2.0 - 1.0) * r + nrm * a_corner.y * r;
  v_pix = p;
  v_a = a;
  v_b = b;
  gl_Position = vec4((p / u_viewport * 2.0 - 1.0) * u_tile.xy + u_tile.zw, 0.0, 1.0);
}
