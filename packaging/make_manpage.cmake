# Writes seqscope.1.gz: help2man on `seqscope --help`, with one section per subcommand holding
# that subcommand's --help. Run by packaging/CMakeLists.txt: cmake -DBINARY= -DHELP2MAN= -DOUT= -P
get_filename_component(dir ${OUT} DIRECTORY)
set(include_file ${dir}/seqscope.h2m)
set(ENV{QT_QPA_PLATFORM} offscreen)
execute_process(COMMAND ${BINARY} --help OUTPUT_VARIABLE top RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "seqscope --help failed (${rc})")
endif()
# The subcommands are the indented words under "Subcommands:" in the top-level help.
string(REGEX MATCH "Subcommands:\n(.*)\n\nOptions:" _ "${top}")
string(REGEX MATCHALL "\n  ([a-z]+) " lines "\n${CMAKE_MATCH_1}")
set(text "[SUBCOMMANDS]\n")
foreach(line IN LISTS lines)
  string(STRIP "${line}" name)
  execute_process(COMMAND ${BINARY} ${name} --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "seqscope ${name} --help failed (${rc})")
  endif()
  # roff: a leading dot or quote starts a request; backslashes escape.
  string(REPLACE "\\" "\\e" help "${help}")
  string(REGEX REPLACE "\n([.'])" "\n\\\\&\\1" help "${help}")
  string(APPEND text ".SS ${name}\n.nf\n${help}\n.fi\n")
endforeach()
string(APPEND text "[FILES]\n.TP\n.I /usr/share/seqscope\nthe bundled models, scenes and bench results\n"
  "[ENVIRONMENT]\n.TP\n.B SEQSCOPE_RESOURCE_DIR\nread the bundled models and scenes from this folder instead\n")
file(WRITE ${include_file} "${text}")
execute_process(COMMAND ${HELP2MAN} --no-info --no-discard-stderr --section=1
  "--name=see how the sequence architectures that compete with the transformer work"
  --include=${include_file} --output=${dir}/seqscope.1 ${BINARY} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "help2man failed (${rc})")
endif()
execute_process(COMMAND gzip -n -9 -f ${dir}/seqscope.1 RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gzip failed (${rc})")
endif()
