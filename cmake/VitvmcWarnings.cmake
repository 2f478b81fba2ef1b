# vitvmc_set_warnings(target): our warning contract; -Werror only when VITVMC_WERROR (the ci preset).
function(vitvmc_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow)
  if(VITVMC_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
