# Genref.cmake - build a CMake target with genref.
#
#   find_package(genref 0.1 REQUIRED)             # installed (docs/install.md)
#   include(/path/to/genref/cmake/Genref.cmake)   # or a source + build tree
#   genref_target(myprog MODE resilient)          # plugin, headers, runtime
#   genref_target(other LAYOUT fat)               # 16-byte references
#   set_source_files_properties(src/hot.c PROPERTIES
#       COMPILE_OPTIONS -fplugin-arg-genref-mode=fast)
#   genref_allow_unchecked(myprog "src/hot.c")    # the owner's whitelist
#   target_link_libraries(prog PRIVATE genref::genref)  # genref_target's defaults
#
# Installed, genrefConfig.cmake sets GENREF_PREFIX and includes this file.
# Included from the source tree, GENREF_BUILD_DIR (set before the include;
# default <source>/build) must point at genref's build directory and
# GENREF_SOURCE_DIR is the source tree. LAYOUT is compact (the default) or
# fat, for every target of one program (docs/layouts.md). The C compiler
# must be clang-19. Defined here:
#   GENREF_PLUGIN        the plugin, genref.so
#   GENREF_INCLUDE_DIRS  genref.h and genref/*.h
#   GENREF_LIBRARY_DIR   the runtime libraries
#   genref::genref       imported: the plugin (compact), headers, runtime (not
#                        for shared libraries) and, for executables, the hook
#   genref::runtime, genref::runtime_fat  imported: a layout's runtime and
#                        headers alone (code that calls genref/rt.h itself)
if(GENREF_PREFIX)
  set(GENREF_LIBRARY_DIR "${GENREF_PREFIX}/lib/genref")
  set(GENREF_INCLUDE_DIRS "${GENREF_PREFIX}/include")
else()
  get_filename_component(GENREF_SOURCE_DIR "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
  if(NOT GENREF_BUILD_DIR)
    set(GENREF_BUILD_DIR "${GENREF_SOURCE_DIR}/build")
  endif()
  set(GENREF_LIBRARY_DIR "${GENREF_BUILD_DIR}/lib")
  set(GENREF_INCLUDE_DIRS "${GENREF_SOURCE_DIR}/annotations"
                          "${GENREF_SOURCE_DIR}/runtime/include")
endif()
set(GENREF_PLUGIN "${GENREF_LIBRARY_DIR}/genref.so")

if(NOT TARGET genref::genref)
  add_library(genref::runtime STATIC IMPORTED)
  set_target_properties(genref::runtime PROPERTIES
    IMPORTED_LOCATION "${GENREF_LIBRARY_DIR}/libgenref_rt_compact.a"
    INTERFACE_INCLUDE_DIRECTORIES "${GENREF_INCLUDE_DIRS}"
    INTERFACE_COMPILE_DEFINITIONS GENREF_LAYOUT_COMPACT
    INTERFACE_LINK_LIBRARIES pthread)
  add_library(genref::runtime_fat STATIC IMPORTED)
  set_target_properties(genref::runtime_fat PROPERTIES
    IMPORTED_LOCATION "${GENREF_LIBRARY_DIR}/libgenref_rt.a"
    INTERFACE_INCLUDE_DIRECTORIES "${GENREF_INCLUDE_DIRS}"
    INTERFACE_LINK_LIBRARIES pthread)
  add_library(genref::genref INTERFACE IMPORTED)
  # Linked as genref_target links: the hook into executables (one -Wl item:
  # a list inside the generator expression would be split), the runtime
  # into all but shared libraries. TYPE is the linking target's, so a
  # static library passes both on to its executable.
  set(_genref_type "$<TARGET_PROPERTY:TYPE>")
  set(_genref_shared "$<OR:$<STREQUAL:${_genref_type},SHARED_LIBRARY>,$<STREQUAL:${_genref_type},MODULE_LIBRARY>>")
  set_target_properties(genref::genref PROPERTIES
    INTERFACE_COMPILE_OPTIONS "-fplugin=${GENREF_PLUGIN};-fplugin-arg-genref-layout=compact"
    INTERFACE_INCLUDE_DIRECTORIES "${GENREF_INCLUDE_DIRS}"
    INTERFACE_LINK_LIBRARIES "$<$<STREQUAL:${_genref_type},EXECUTABLE>:-Wl,--whole-archive,${GENREF_LIBRARY_DIR}/libgenref_preinit.a,--no-whole-archive>;$<$<NOT:${_genref_shared}>:genref::runtime>")
endif()

function(genref_target target)
  cmake_parse_arguments(G "" "MODE;LAYOUT" "" ${ARGN})
  if(NOT G_LAYOUT)
    set(G_LAYOUT compact)
  endif()
  if(G_LAYOUT STREQUAL "compact")
    set(runtime ${GENREF_LIBRARY_DIR}/libgenref_rt_compact.a)
  elseif(G_LAYOUT STREQUAL "fat")
    set(runtime ${GENREF_LIBRARY_DIR}/libgenref_rt.a)
  else()
    message(FATAL_ERROR "genref_target: LAYOUT must be compact or fat, not ${G_LAYOUT}")
  endif()
  # gcc also takes -fplugin= and fails obscurely on a Clang plugin.
  if(NOT CMAKE_C_COMPILER_ID STREQUAL "Clang" OR NOT CMAKE_C_COMPILER_VERSION MATCHES "^19\\.")
    message(FATAL_ERROR "genref_target: the C compiler must be clang-19 "
            "(-DCMAKE_C_COMPILER=clang-19), not ${CMAKE_C_COMPILER_ID} ${CMAKE_C_COMPILER_VERSION}")
  endif()
  target_compile_options(${target} PRIVATE -fplugin=${GENREF_PLUGIN}
                         -fplugin-arg-genref-layout=${G_LAYOUT})
  if(G_MODE)
    target_compile_options(${target} PRIVATE -fplugin-arg-genref-mode=${G_MODE})
  endif()
  target_include_directories(${target} PRIVATE ${GENREF_INCLUDE_DIRS})
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "EXECUTABLE") # start-up before any constructor
    target_link_libraries(${target} PRIVATE -Wl,--whole-archive
                          ${GENREF_LIBRARY_DIR}/libgenref_preinit.a -Wl,--no-whole-archive)
  endif()
  # A shared library links no runtime, as with genref-cc -shared: its gr_*
  # references resolve to the executable's (one heap per process).
  if(NOT type MATCHES "^(SHARED|MODULE)_LIBRARY$")
    target_link_libraries(${target} PRIVATE ${runtime} pthread)
  endif()
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
    string(APPEND text "static const char __gr_policy_${i}[] __attribute__((section(\"genref_policy\"), used, retain, aligned(1))) = \"GRPOL1\\tallow=${esc}\\n\";\n")
    math(EXPR i "${i} + 1")
  endforeach()
  file(WRITE "${src}" "${text}")
  target_sources(${target} PRIVATE "${src}")
  # The policy object itself is plain C: no plugin needed for it.
  set_source_files_properties("${src}" PROPERTIES COMPILE_OPTIONS "")
endfunction()
