# VITVMC_SANITIZE=address;undefined adds the flags to every vitvmc target through vitvmc_sanitizers.
add_library(vitvmc_sanitizers INTERFACE)
if(VITVMC_SANITIZE)
  list(JOIN VITVMC_SANITIZE "," _vitvmc_san)
  target_compile_options(vitvmc_sanitizers INTERFACE -fsanitize=${_vitvmc_san} -fno-omit-frame-pointer)
  target_link_options(vitvmc_sanitizers INTERFACE -fsanitize=${_vitvmc_san})
endif()
install(TARGETS vitvmc_sanitizers EXPORT vitvmcTargets)
