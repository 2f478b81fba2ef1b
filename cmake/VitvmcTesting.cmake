# Test registration helpers. Labels: unit (no MPI), mpi (1/2/4 ranks), physics (exact comparisons), slow.
include(GoogleTest)
find_package(GTest REQUIRED)

# Environment every test runs with: one BLAS thread per process, OpenMPI allowed as root.
set(VITVMC_TEST_ENV
  "OPENBLAS_NUM_THREADS=1" "OMP_NUM_THREADS=1"
  "OMPI_ALLOW_RUN_AS_ROOT=1" "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1"
  "OMPI_MCA_rmaps_base_oversubscribe=1" "OMPI_MCA_mpi_yield_when_idle=1")
set(VITVMC_MPIEXEC_FLAGS --oversubscribe --bind-to none)
# The Python of the tests that run Python tools: the first of /usr/bin/python3 and python3 that has
# h5py and matplotlib (scripts/install-deps.sh), else python3 (tests that need them skip or fail).
set(VITVMC_TEST_PYTHON python3)
foreach(_candidate /usr/bin/python3 python3)
  execute_process(COMMAND ${_candidate} -c "import h5py, matplotlib" RESULT_VARIABLE _rc
    OUTPUT_QUIET ERROR_QUIET)
  if(_rc EQUAL 0)
    set(VITVMC_TEST_PYTHON ${_candidate})
    break()
  endif()
endforeach()
# Sanitizer builds: UBSan findings fail the test; LeakSanitizer stays on, with OpenMPI's, hwloc's and
# hwloc's own leaks (library internals, never our allocations) suppressed by tests/support/lsan.supp;
# use_tls=0 works around the sanitizer runtime crashing on dynamic TLS (docs/testing.md).
if(VITVMC_SANITIZE)
  list(APPEND VITVMC_TEST_ENV
    "UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1"
    # Full stacks at malloc: Open MPI unloads its components at MPI_Finalize, so a leak report can
    # only name (and the suppressions match) the libmpi / open-pal frames further down the stack.
    "ASAN_OPTIONS=fast_unwind_on_malloc=0:malloc_context_size=30"
    "LSAN_OPTIONS=use_tls=0:suppressions=${PROJECT_SOURCE_DIR}/tests/support/lsan.supp:print_suppressions=0")
endif()

function(_vitvmc_test_executable name)
  cmake_parse_arguments(ARG "" "MAIN" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} ${ARG_MAIN} vitvmc_test_support vitvmc_sanitizers)
  vitvmc_set_warnings(${name})
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/tests")
endfunction()

# vitvmc_add_unit_test(NAME SOURCES ... LIBS ... [LABELS extra...]): serial GoogleTest executable,
# each TEST registered on its own.
function(vitvmc_add_unit_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  _vitvmc_test_executable(${name} SOURCES ${ARG_SOURCES} LIBS ${ARG_LIBS} MAIN GTest::gtest_main)
  # Extra labels are joined with an escaped ';' so that PROPERTIES keeps them as one value.
  string(REPLACE ";" "\\;" labels "unit;${ARG_LABELS}")
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST TEST_PREFIX "${name}."
    PROPERTIES LABELS "${labels}" TIMEOUT ${ARG_TIMEOUT} ENVIRONMENT "${VITVMC_TEST_ENV}")
endfunction()

# vitvmc_add_physics_test(NAME SOURCES ... LIBS ... [SLOW]): one ctest entry for the whole executable,
# labelled physics (+ slow). Not discovered per TEST: gtest_discover_tests cannot carry a list of labels.
function(vitvmc_add_physics_test name)
  cmake_parse_arguments(ARG "SLOW" "TIMEOUT" "SOURCES;LIBS" ${ARGN})
  set(labels physics)
  if(ARG_SLOW)
    list(APPEND labels slow)
  endif()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 900)
  endif()
  _vitvmc_test_executable(${name} SOURCES ${ARG_SOURCES} LIBS ${ARG_LIBS} MAIN GTest::gtest_main)
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES LABELS "${labels}" TIMEOUT ${ARG_TIMEOUT}
    ENVIRONMENT "${VITVMC_TEST_ENV}")
endfunction()

# vitvmc_add_mpi_test(NAME SOURCES ... LIBS ... [RANKS 1 2 4] [LABELS ...]): one executable using the MPI
# GoogleTest main (tests/support/main_mpi.cpp), registered once per rank count as NAME.np<R> through mpirun.
function(vitvmc_add_mpi_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBS;RANKS;LABELS" ${ARGN})
  if(NOT ARG_RANKS)
    set(ARG_RANKS 1 2 4)
  endif()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  _vitvmc_test_executable(${name} SOURCES ${ARG_SOURCES} LIBS ${ARG_LIBS} MAIN vitvmc_test_main_mpi)
  foreach(np IN LISTS ARG_RANKS)
    add_test(NAME ${name}.np${np}
      COMMAND ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${np} ${VITVMC_MPIEXEC_FLAGS}
              ${MPIEXEC_PREFLAGS} $<TARGET_FILE:${name}> ${MPIEXEC_POSTFLAGS})
    set_tests_properties(${name}.np${np} PROPERTIES LABELS "mpi;${ARG_LABELS}" PROCESSORS ${np}
      TIMEOUT ${ARG_TIMEOUT} ENVIRONMENT "${VITVMC_TEST_ENV}")
  endforeach()
endfunction()

# vitvmc_add_cli_test(NAME COMMAND ... [RANKS R] [LABELS ...] [WILL_FAIL] [PASS_REGEX re]):
# runs an app (optionally under mpirun) as a user would.
function(vitvmc_add_cli_test name)
  cmake_parse_arguments(ARG "" "RANKS;TIMEOUT;PASS_REGEX;FAIL_REGEX" "COMMAND;LABELS" ${ARGN})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 120)
  endif()
  set(cmd ${ARG_COMMAND})
  if(ARG_RANKS)
    set(cmd ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${ARG_RANKS} ${VITVMC_MPIEXEC_FLAGS} ${cmd})
  endif()
  add_test(NAME ${name} COMMAND ${cmd})
  set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT}
    ENVIRONMENT "${VITVMC_TEST_ENV}")
  if(ARG_PASS_REGEX)
    set_tests_properties(${name} PROPERTIES PASS_REGULAR_EXPRESSION "${ARG_PASS_REGEX}")
  endif()
  if(ARG_FAIL_REGEX)
    set_tests_properties(${name} PROPERTIES FAIL_REGULAR_EXPRESSION "${ARG_FAIL_REGEX}")
  endif()
endfunction()
