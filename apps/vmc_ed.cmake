# vmc_ed: Lanczos exact diagonalisation of the J1-J2 model (S^z = 0); regenerates the ED reference data.
vitvmc_add_app(vmc_ed SOURCES vmc_ed.cpp
  LINK vitvmc_hamiltonian vitvmc_config Boost::program_options nlohmann_json::nlohmann_json)
