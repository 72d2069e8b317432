# Reads cmake/variants.txt (the build variants, declared once; its header
# says what each field means) into variables:
#   GENREF_LAYOUTS                 layout names, in the table's order
#   GENREF_DEFAULT_LAYOUT          the layout marked 'default'
#   GENREF_LAYOUT_<L>_DEFINE       its C macro, empty for none
#   GENREF_RUNTIMES                runtime library target names
#   GENREF_RT_<R>_LAYOUT/_GEN/_SANITIZER/_LINK   the runtime's fields
#   GENREF_LAYOUT_<L>_RUNTIME      the layout's 'full none static' runtime
#   GENREF_LAYOUT_<L>_TSAN_RUNTIME its 'full thread static' runtime (if any)
set(GENREF_VARIANTS_FILE ${CMAKE_CURRENT_LIST_DIR}/variants.txt)
# Editing the table reconfigures the build.
set_property(DIRECTORY ${CMAKE_SOURCE_DIR} APPEND PROPERTY
             CMAKE_CONFIGURE_DEPENDS ${GENREF_VARIANTS_FILE})

set(GENREF_LAYOUTS)
set(GENREF_RUNTIMES)
set(GENREF_DEFAULT_LAYOUT)
file(STRINGS ${GENREF_VARIANTS_FILE} _genref_lines)
foreach(_line IN LISTS _genref_lines)
  string(REGEX REPLACE "#.*" "" _line "${_line}")
  string(STRIP "${_line}" _line)
  if(_line STREQUAL "")
    continue()
  endif()
  string(REGEX REPLACE "[ \t]+" ";" _f "${_line}")
  list(GET _f 0 _kind)
  list(LENGTH _f _n)
  if(_kind STREQUAL "layout" AND _n GREATER_EQUAL 4)
    list(GET _f 1 _name)
    list(GET _f 2 _define)
    list(APPEND GENREF_LAYOUTS ${_name})
    if(_define STREQUAL "-")
      set(_define "")
    endif()
    set(GENREF_LAYOUT_${_name}_DEFINE "${_define}")
    if(_n GREATER_EQUAL 5)
      list(GET _f 4 _mark)
      if(_mark STREQUAL "default")
        set(GENREF_DEFAULT_LAYOUT ${_name})
      endif()
    endif()
  elseif(_kind STREQUAL "runtime" AND _n EQUAL 6)
    list(GET _f 1 _name)
    list(APPEND GENREF_RUNTIMES ${_name})
    list(GET _f 2 GENREF_RT_${_name}_LAYOUT)
    list(GET _f 3 GENREF_RT_${_name}_GEN)
    list(GET _f 4 GENREF_RT_${_name}_SANITIZER)
    list(GET _f 5 GENREF_RT_${_name}_LINK)
  elseif(_kind STREQUAL "pass" AND _n GREATER_EQUAL 5)
    # scripts/check and lit read the passes.
  else()
    message(FATAL_ERROR "${GENREF_VARIANTS_FILE}: bad record: ${_line}")
  endif()
endforeach()

if(NOT GENREF_DEFAULT_LAYOUT)
  message(FATAL_ERROR "${GENREF_VARIANTS_FILE}: no layout is marked default")
endif()
foreach(_rt IN LISTS GENREF_RUNTIMES)
  set(_l ${GENREF_RT_${_rt}_LAYOUT})
  if(NOT _l IN_LIST GENREF_LAYOUTS)
    message(FATAL_ERROR "${GENREF_VARIANTS_FILE}: runtime ${_rt}: unknown layout ${_l}")
  endif()
  if(GENREF_RT_${_rt}_GEN STREQUAL "full" AND GENREF_RT_${_rt}_LINK STREQUAL "static")
    if(GENREF_RT_${_rt}_SANITIZER STREQUAL "none")
      set(GENREF_LAYOUT_${_l}_RUNTIME ${_rt})
    elseif(GENREF_RT_${_rt}_SANITIZER STREQUAL "thread")
      set(GENREF_LAYOUT_${_l}_TSAN_RUNTIME ${_rt})
    elseif(GENREF_RT_${_rt}_SANITIZER STREQUAL "address")
      set(GENREF_LAYOUT_${_l}_ASAN_RUNTIME ${_rt})
    endif()
  endif()
endforeach()
foreach(_l IN LISTS GENREF_LAYOUTS)
  if(NOT GENREF_LAYOUT_${_l}_RUNTIME)
    message(FATAL_ERROR "${GENREF_VARIANTS_FILE}: layout ${_l} has no 'full none static' runtime")
  endif()
endforeach()

# genref-cc's layout case (plugin/tools/genref-cc.in): the runtimes by file
# name under its "$lib", so the build tree's and an installed copy agree.
set(GENREF_CC_LAYOUT_CASES "")
foreach(_l IN LISTS GENREF_LAYOUTS)
  string(APPEND GENREF_CC_LAYOUT_CASES
         "  ${_l}) runtime=\"\$lib/lib${GENREF_LAYOUT_${_l}_RUNTIME}.a\"")
  if(GENREF_LAYOUT_${_l}_TSAN_RUNTIME)
    string(APPEND GENREF_CC_LAYOUT_CASES
           "; tsan_runtime=\"\$lib/lib${GENREF_LAYOUT_${_l}_TSAN_RUNTIME}.a\"")
  endif()
  if(GENREF_LAYOUT_${_l}_ASAN_RUNTIME)
    string(APPEND GENREF_CC_LAYOUT_CASES
           "; asan_runtime=\"\$lib/lib${GENREF_LAYOUT_${_l}_ASAN_RUNTIME}.a\"")
  endif()
  string(APPEND GENREF_CC_LAYOUT_CASES " ;;\n")
endforeach()
string(REPLACE ";" " or " GENREF_CC_LAYOUT_OR "${GENREF_LAYOUTS}")
string(REPLACE ";" "|" GENREF_CC_LAYOUT_BAR "${GENREF_LAYOUTS}")
