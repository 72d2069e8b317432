# GenrefInstall.cmake - what `cmake --install BUILD --prefix P` puts in P
# (docs/install.md):
#   bin/          genref-cc, genref-rewrite, genref-audit, genref-annotate
#   lib/genref/   the plugin genref.so, the runtime libraries, the preinit hook
#   include/      genref.h, genref/*.h
#   lib/cmake/genref/  find_package(genref): genrefConfig.cmake (+ version),
#                      Genref.cmake (genref_target, genref_allow_unchecked)
#   lib/pkgconfig/genref.pc
# --prefix is chosen at install time, after configuration, so no installed
# file holds the prefix: each finds the others relative to itself.
set(GENREF_VERSION 0.1.0)
set(GENREF_INSTALL_LIBDIR lib/genref)

# Runtimes: every library of runtime/ except those with narrowed generations
# (GENREF_GEN_BITS), which exist only to make retirement reachable in tests.
get_property(_genref_rt_targets DIRECTORY ${CMAKE_SOURCE_DIR}/runtime
             PROPERTY BUILDSYSTEM_TARGETS)
set(_genref_shipped)
foreach(_t IN LISTS _genref_rt_targets)
  get_target_property(_type ${_t} TYPE)
  get_target_property(_defs ${_t} COMPILE_DEFINITIONS)
  get_target_property(_opts ${_t} COMPILE_OPTIONS)
  if(_type MATCHES "^(STATIC|SHARED)_LIBRARY$" AND NOT "${_defs};${_opts}" MATCHES "GENREF_GEN_BITS")
    list(APPEND _genref_shipped ${_t})
  endif()
endforeach()
install(TARGETS ${_genref_shipped}
        ARCHIVE DESTINATION ${GENREF_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${GENREF_INSTALL_LIBDIR})

install(FILES ${GENREF_ANNOTATIONS_DIR}/genref.h DESTINATION include)
install(DIRECTORY ${GENREF_RUNTIME_INCLUDE_DIR}/genref DESTINATION include
        FILES_MATCHING PATTERN "*.h")

if(TARGET genref_plugin)
  install(TARGETS genref_plugin LIBRARY DESTINATION ${GENREF_INSTALL_LIBDIR})
  # The tools link libclang-cpp/libLLVM from /usr/lib/llvm-19/lib: keep that
  # path once installed (the build tree's own paths are dropped).
  set_target_properties(genref-rewrite genref-audit genref-annotate PROPERTIES
                        INSTALL_RPATH_USE_LINK_PATH ON)
  install(TARGETS genref-rewrite genref-audit genref-annotate RUNTIME DESTINATION bin)
  # genref-cc as seen from P/bin (the build tree's copy is plugin/'s).
  function(_genref_installed_cc)
    set(GENREF_CC_LIBDIR ../${GENREF_INSTALL_LIBDIR})
    set(GENREF_CC_INCLUDES "-I\"$here/../include\"")
    configure_file(${CMAKE_SOURCE_DIR}/plugin/tools/genref-cc.in
                   ${CMAKE_BINARY_DIR}/install/genref-cc @ONLY)
  endfunction()
  _genref_installed_cc()
  install(PROGRAMS ${CMAKE_BINARY_DIR}/install/genref-cc DESTINATION bin)
endif()

# find_package(genref): installed, and from this build tree
# (-Dgenref_DIR=BUILD), both with the same version file.
include(CMakePackageConfigHelpers)
write_basic_package_version_file(${CMAKE_BINARY_DIR}/genrefConfigVersion.cmake
                                 VERSION ${GENREF_VERSION}
                                 COMPATIBILITY SameMinorVersion)
file(WRITE ${CMAKE_BINARY_DIR}/genrefConfig.cmake
     "# find_package(genref) from the build tree ${CMAKE_BINARY_DIR}.\n"
     "unset(GENREF_PREFIX)\n"
     "set(GENREF_BUILD_DIR \"${CMAKE_BINARY_DIR}\")\n"
     "include(\"${CMAKE_SOURCE_DIR}/cmake/Genref.cmake\")\n")
install(FILES ${CMAKE_SOURCE_DIR}/cmake/genrefConfig.cmake
              ${CMAKE_BINARY_DIR}/genrefConfigVersion.cmake
              ${CMAKE_SOURCE_DIR}/cmake/Genref.cmake
        DESTINATION lib/cmake/genref)

configure_file(${CMAKE_SOURCE_DIR}/cmake/genref.pc.in
               ${CMAKE_BINARY_DIR}/install/genref.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/install/genref.pc DESTINATION lib/pkgconfig)
