# vitvmc_add_library(NAME SOURCES ... LINK ...): one static library per module (src/<module>),
# exported as vitvmc::<NAME> and collected into the umbrella target vitvmc::vitvmc.
function(vitvmc_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LINK" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<BUILD_INTERFACE:${PROJECT_BINARY_DIR}/generated>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_link_libraries(${name} PUBLIC ${ARG_LINK} PRIVATE vitvmc_sanitizers)
  vitvmc_set_warnings(${name})
  set_property(GLOBAL APPEND PROPERTY VITVMC_MODULE_LIBRARIES ${name})
  install(TARGETS ${name} EXPORT vitvmcTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
endfunction()

# vitvmc_add_app(NAME SOURCES ... LINK ...): an executable in build/bin, installed.
function(vitvmc_add_app name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LINK" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LINK} vitvmc_sanitizers)
  vitvmc_set_warnings(${name})
  install(TARGETS ${name} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endfunction()
