#!/usr/bin/env bash
# The layering rules of docs/architecture.md, checked on the sources:
# - geo/ includes no OpenGL, EGL, GLFW, glad or ImGui header;
# - app/render/ and app/export/ include no ImGui or GLFW header (the renderer takes plain arrays);
# - nothing outside app/window/ includes ImGui.
#   layering.sh SOURCE_DIR
set -uo pipefail
src=${1:?usage: layering.sh SOURCE_DIR}
fail=0
report() {  # pattern, folder, what
  local hits
  hits=$(grep -rnE "^\s*#\s*include\s*[<\"]($1)" "$src/$2" --include='*.cpp' --include='*.hpp' --include='*.h' 2>/dev/null)
  if [ -n "$hits" ]; then
    echo "layering: $2 must not include $3:"; echo "$hits"; fail=1
  fi
}
report 'GL/|GLES|EGL/|epoxy/|glad/|GLFW/|imgui' geo 'GL, EGL, GLFW or ImGui headers'
report 'GLFW/|imgui' app/render 'GLFW or ImGui headers'
report 'GLFW/|imgui' app/export 'GLFW or ImGui headers'
for d in app/cli app/commands app/data app/view; do report 'imgui' "$d" 'ImGui headers'; done
[ $fail -eq 0 ] && echo "layering: geo/ has no GL/UI includes; render/, export/, cli/, commands/, data/, view/ no ImGui"
exit $fail
