# genrefConfig.cmake - find_package(genref) for an installed genref
# (docs/install.md). The prefix is found from this file's own place
# (P/lib/cmake/genref), so the installed tree may move.
get_filename_component(GENREF_PREFIX "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
if(NOT EXISTS "${GENREF_PREFIX}/lib/genref/genref.so")
  set(genref_FOUND FALSE)
  set(genref_NOT_FOUND_MESSAGE "no plugin at ${GENREF_PREFIX}/lib/genref/genref.so")
  return()
endif()
include("${CMAKE_CURRENT_LIST_DIR}/Genref.cmake")
