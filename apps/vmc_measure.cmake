vitvmc_add_app(vmc_measure SOURCES vmc_measure.cpp
  LINK vitvmc_driver vitvmc_config vitvmc_io nlohmann_json::nlohmann_json)
