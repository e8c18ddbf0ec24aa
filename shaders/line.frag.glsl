#version 330 core
in vec2 v_pix;
flat in vec2 v_a;
flat in vec2 v_b;
uniform float u_half_width;
uniform vec4 u_color;        // premultiplied
uniform float u_dash;        // dash period in pixels (0 = solid)
out vec4 o_color;
void main() {
  vec2 ab = v_b - v_a;
  float l2 = dot(ab, ab);
  float t = l2 > 0.0 ? clamp(dot(v_pix - v_a, ab) / l2, 0.0, 1.0) : 0.0;
  float dist = length(v_pix - (v_a + t * ab));
  float alpha = clamp(u_half_width + 0.5 - dist, 0.0, 1.0);
  if (u_dash > 0.0) {
    float s = mod(t * sqrt(l2), u_dash);
    alpha *= step(s, u_dash * 0.6);
  }
  if (alpha <= 0.0) discard;
  o_color = u_color * alpha;
}
