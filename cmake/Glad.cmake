# gatemap_glad(TARGET name)
# The OpenGL 3.3 core and EGL 1.5 function loader, generated at build time by glad 2 (Debian's
# python3-glad; --reproducible uses the Khronos XML shipped with it, so no network is needed) into
# the build tree, and compiled into a small static library: include <glad/gl.h> and <glad/egl.h>.
#
# Only the extensions the code uses are generated: no GL extension (the renderer and the ImGui
# backend are GL 3.3 core), and for EGL the device and platform extensions of the headless
# context (app/render/headless.cpp). gladLoadGL then resolves only the 348 core functions.
# The library links no libEGL or libGL: the window loads through glfwGetProcAddress, and the
# headless context opens libEGL.so.1 itself, only when an export needs it.
function(gatemap_glad)
  cmake_parse_arguments(G "" "TARGET" "" ${ARGN})
  find_program(GLAD_PROGRAM glad)
  if(NOT GLAD_PROGRAM)
    message(FATAL_ERROR "glad (the OpenGL loader generator) was not found: install the Debian "
                        "package python3-glad (scripts/deps.sh), or set GLAD_PROGRAM to its path")
  endif()
  set(egl_extensions
    EGL_EXT_platform_base EGL_EXT_platform_device EGL_MESA_platform_surfaceless
    EGL_EXT_device_base EGL_EXT_device_enumeration EGL_EXT_device_query EGL_KHR_no_config_context)
  list(JOIN egl_extensions "," extensions)
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/${G_TARGET})
  set(outputs ${dir}/src/gl.c ${dir}/src/egl.c ${dir}/include/glad/gl.h ${dir}/include/glad/egl.h
      ${dir}/include/KHR/khrplatform.h ${dir}/include/EGL/eglplatform.h)
  add_custom_command(
    OUTPUT ${outputs}
    COMMAND ${CMAKE_COMMAND} -E rm -rf ${dir}
    COMMAND ${GLAD_PROGRAM} --quiet --api gl:core=3.3,egl=1.5 --extensions ${extensions}
            --out-path ${dir} --reproducible c
    DEPENDS ${GLAD_PROGRAM} ${CMAKE_CURRENT_FUNCTION_LIST_FILE}
    COMMENT "Generating the glad loader (OpenGL 3.3 core, EGL 1.5)"
    VERBATIM)
  add_library(${G_TARGET} STATIC ${dir}/src/gl.c ${dir}/src/egl.c)
  # SYSTEM: generated code, kept out of our warnings.
  target_include_directories(${G_TARGET} SYSTEM PUBLIC ${dir}/include)
  target_link_libraries(${G_TARGET} PUBLIC ${CMAKE_DL_LIBS})
endfunction()
