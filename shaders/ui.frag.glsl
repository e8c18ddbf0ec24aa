#version 330 core
in vec2 v_uv;
in vec4 v_color;
in vec4 v_halo;
uniform sampler2D u_atlas;  // R: glyph coverage, G: halo coverage
out vec4 o_color;
void main() {
  if (v_uv.x < 0.0) {
    o_color = v_color;
    return;
  }
  vec2 t = texture(u_atlas, v_uv).rg;
  vec4 text = v_color * t.r;
  vec4 halo = v_halo * t.g;
  o_color = text + halo * (1.0 - text.a);
}
