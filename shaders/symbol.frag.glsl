#version 330 core
// Signed-distance shapes: 0 circle, 1 square, 2 diamond, 3 triangle (up), 4 cross (closed), 5 bar.
in vec2 v_local;
flat in vec4 v_fill;
flat in vec4 v_stroke;
flat in vec4 v_shape;
out vec4 o_color;
float sd_box(vec2 p, vec2 b) {
  vec2 d = abs(p) - b;
  return length(max(d, 0.0)) + min(max(d.x, d.y), 0.0);
}
float sd_shape(vec2 p, int shape, float r) {
  if (shape == 0) return length(p) - r;
  if (shape == 1) return sd_box(p, vec2(r * 0.86));
  if (shape == 2) return (abs(p.x) + abs(p.y) - r * 1.2) * 0.7071;
  if (shape == 3) {
    // equilateral triangle pointing up (y grows downwards in pixels? no: up in GL pixels)
    const float k = 1.7320508;
    vec2 q = vec2(abs(p.x) - r, p.y + r / k);
    if (q.x + k * q.y > 0.0) q = vec2(q.x - k * q.y, -k * q.x - q.y) / 2.0;
    q.x -= clamp(q.x, -2.0 * r, 0.0);
    return -length(q) * sign(q.y);
  }
  if (shape == 4) {
    vec2 q = abs(vec2(p.x + p.y, p.x - p.y) * 0.7071);
    return min(sd_box(q, vec2(r, r * 0.3)), sd_box(q, vec2(r * 0.3, r)));
  }
  return sd_box(p, vec2(r, r * 0.35));
}
void main() {
  int shape = int(v_shape.x + 0.5);
  float r = v_shape.y;
  float stroke = v_shape.z;
  float d = sd_shape(v_local, shape, r);
  float fill_a = clamp(0.5 - d, 0.0, 1.0);
  float outer_a = clamp(0.5 - (d - stroke), 0.0, 1.0);
  float stroke_a = outer_a - fill_a;
  if (v_shape.w > 0.5) {
    // dashed outline (approximate positions): break the stroke by angle
    float ang = atan(v_local.y, v_local.x);
    // Edges smoothed over a pixel: a hard step flipped whole pixels where a dash's end fell on a
    // pixel's centre (the 45° diagonals of a swatch centred on a pixel corner), so that a tiled
    // export and the whole image differed there.
    float s = sin(ang * 8.0);
    stroke_a *= clamp(0.5 + 0.5 * s / max(fwidth(s), 1e-4), 0.0, 1.0);
  }
  vec4 c = v_fill * fill_a + v_stroke * stroke_a;
  if (c.a <= 0.0) discard;
  o_color = c;
}
