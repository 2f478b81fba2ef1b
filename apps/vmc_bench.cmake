# vmc_bench: model / Jacobian / local-energy throughput vs a dgemm calibration (docs/benchmarks.md).
vitvmc_add_app(vmc_bench SOURCES vmc_bench.cpp
  LINK vitvmc_config vitvmc_model vitvmc_estimator vitvmc_parallel vitvmc_sr Boost::program_options
       nlohmann_json::nlohmann_json)
