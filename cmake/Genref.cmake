# Genref.cmake - build a CMake target with genref.
#
#   include(/path/to/genref/cmake/Genref.cmake)
#   genref_target(myprog MODE resilient)          # plugin, headers, runtime
#   genref_target(other LAYOUT fat)               # 16-byte references
#   set_source_files_properties(src/hot.c PROPERTIES
#       COMPILE_OPTIONS -fplugin-arg-genref-mode=fast)
#   genref_allow_unchecked(myprog "src/hot.c")    # the owner's whitelist
#
# GENREF_BUILD_DIR must point at genref's build directory (lib/genref.so,
# lib/libgenref_rt_compact.a, lib/libgenref_rt.a); GENREF_SOURCE_DIR at its
# source tree. LAYOUT is compact (the default) or fat, for every target of
# one program (docs/layouts.md).
get_filename_component(GENREF_SOURCE_DIR "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
if(NOT GENREF_BUILD_DIR)
  set(GENREF_BUILD_DIR "${GENREF_SOURCE_DIR}/build")
endif()

function(genref_target target)
  cmake_parse_arguments(G "" "MODE;LAYOUT" "" ${ARGN})
  if(NOT G_LAYOUT)
    set(G_LAYOUT compact)
  endif()
  if(G_LAYOUT STREQUAL "compact")
    set(runtime ${GENREF_BUILD_DIR}/lib/libgenref_rt_compact.a)
  elseif(G_LAYOUT STREQUAL "fat")
    set(runtime ${GENREF_BUILD_DIR}/lib/libgenref_rt.a)
  else()
    message(FATAL_ERROR "genref_target: LAYOUT must be compact or fat, not ${G_LAYOUT}")
  endif()
  target_compile_options(${target} PRIVATE -fplugin=${GENREF_BUILD_DIR}/lib/genref.so
                         -fplugin-arg-genref-layout=${G_LAYOUT})
  if(G_MODE)
    target_compile_options(${target} PRIVATE -fplugin-arg-genref-mode=${G_MODE})
  endif()
  target_include_directories(${target} PRIVATE ${GENREF_SOURCE_DIR}/annotations
                                               ${GENREF_SOURCE_DIR}/runtime/include)
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "EXECUTABLE") # start-up before any constructor
    target_link_libraries(${target} PRIVATE -Wl,--whole-archive
                          ${GENREF_BUILD_DIR}/lib/libgenref_preinit.a -Wl,--no-whole-archive)
  endif()
  target_link_libraries(${target} PRIVATE ${runtime} pthread)
endfunction()

# Allow fast-mode or GR_UNCHECKED translation units whose source path
# matches one of the globs (a relative glob matches a path's tail). The
# rules go into a policy object linked into the target: unchecked code is
# opt-in by whoever links the program, not by the code itself.
function(genref_allow_unchecked target)
  set(src "${CMAKE_CURRENT_BINARY_DIR}/${target}_genref_policy.c")
  set(text "/* genref policy object for ${target}, written by genref_allow_unchecked */\n")
  set(i 0)
  foreach(glob ${ARGN})
    string(REPLACE "\\" "\\\\" esc "${glob}")
    string(REPLACE "\"" "\\\"" esc "${esc}")
    string(APPEND text "static const char __gr_policy_${i}[] __attribute__((section(\"genref_policy\"), used, aligned(1))) = \"GRPOL1\\tallow=${esc}\\n\";\n")
    math(EXPR i "${i} + 1")
  endforeach()
  file(WRITE "${src}" "${text}")
  target_sources(${target} PRIVATE "${src}")
  # The policy object itself is plain C: no plugin needed for it.
  set_source_files_properties("${src}" PROPERTIES COMPILE_OPTIONS "")
endfunction()
