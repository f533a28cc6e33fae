# The layers of the tree, checked on every include (ctest: test_layers). Run as
#   cmake -DSOURCE_DIR=<repo> -P tests/check_layers.cmake
# Each rule says which folders a file may include from; the core folders are ranked so that a
# folder includes only folders of a lower rank (no cycles). docs/ARCHITECTURE.md ("Layers")
# explains the order.
cmake_minimum_required(VERSION 3.25)
if(NOT SOURCE_DIR)
  message(FATAL_ERROR "pass -DSOURCE_DIR=<the repository>")
endif()

# core/<folder> ranks. The files at core's root (tensor, parameters, gradients, error) and
# core/util are one layer, "base".
set(rank_base 1)
set(rank_mixers 2)
set(rank_io 3)
set(rank_models 4)
set(rank_tasks 4)
set(rank_trace 4)
set(rank_scene 4)
set(rank_cost 5)
set(rank_sample 6)
set(rank_train 7)
set(rank_trm 8)
set(rank_bench 8)
set(rank_run 9)

set(problems "")
macro(problem text)
  string(APPEND problems "  ${text}\n")
endmacro()

function(core_folder path out)  # core/mixers/attention/x.h -> mixers; core/tensor.h -> base
  string(REGEX MATCH "^core/([a-z_]+)/" m "${path}")
  if(m AND NOT CMAKE_MATCH_1 STREQUAL "util")
    set(${out} "${CMAKE_MATCH_1}" PARENT_SCOPE)
  else()
    set(${out} "base" PARENT_SCOPE)
  endif()
endfunction()

file(GLOB_RECURSE files RELATIVE ${SOURCE_DIR}
  ${SOURCE_DIR}/core/*.h ${SOURCE_DIR}/core/*.cpp ${SOURCE_DIR}/views/*.h ${SOURCE_DIR}/views/*.cpp
  ${SOURCE_DIR}/app/*.h ${SOURCE_DIR}/app/*.cpp)
foreach(file IN LISTS files)
  file(STRINGS ${SOURCE_DIR}/${file} includes REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
  foreach(line IN LISTS includes)
    string(REGEX MATCH "[<\"]([^>\"]+)[>\"]" m "${line}")
    set(inc "${CMAKE_MATCH_1}")
    if(file MATCHES "^core/")
      # The core has no Qt and knows nothing above it.
      if(inc MATCHES "^(views|app|tests)/" OR inc MATCHES "^Q[A-Za-z]+$" OR inc MATCHES "^Qt")
        problem("${file} includes ${inc}: core may not include Qt, views/ or app/")
      elseif(inc MATCHES "^core/")
        core_folder("${file}" from)
        core_folder("${inc}" to)
        if(NOT from STREQUAL to AND NOT rank_${from} GREATER rank_${to})
          problem("${file} includes ${inc}: core/${from} (rank ${rank_${from}}) may include only lower-ranked core folders, and core/${to} has rank ${rank_${to}}")
        endif()
      endif()
    elseif(file MATCHES "^views/")
      if(inc MATCHES "^(app|tests)/")
        problem("${file} includes ${inc}: views may include core/ and views/ only")
      endif()
    elseif(file MATCHES "^app/export/")
      # seqscope_export: encoders and frame sources over QtGui, FFmpeg and core only.
      if(inc MATCHES "^(app/gui|app/cli|views|tests)/" OR inc STREQUAL "app/resource_paths.h"
         OR inc MATCHES "^QtWidgets" OR inc MATCHES "^Q(Widget|Application|MainWindow|Label)$")
        problem("${file} includes ${inc}: export may include core/, app/export/, QtCore and QtGui only")
      endif()
    elseif(file MATCHES "^app/gui/")
      if(inc MATCHES "^(app/cli|tests)/")
        problem("${file} includes ${inc}: the GUI may not include the command line")
      endif()
    endif()
  endforeach()
endforeach()

if(problems)
  message(FATAL_ERROR "Includes that break the layers:\n${problems}")
endif()
list(LENGTH files count)
message(STATUS "layers: ${count} files, every include within its layer")
