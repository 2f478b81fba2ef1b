# vmc_bench: model / Jacobian / local-energy / SR-kernel / whole-step throughput vs gemm
# calibrations measured in the same run (docs/benchmarks.md).
vitvmc_add_app(vmc_bench
  SOURCES vmc_bench.cpp bench/bench_options.cpp bench/bench_support.cpp bench/model_bench.cpp
          bench/sr_bench.cpp bench/sr_precision_bench.cpp bench/step_bench.cpp
  LINK vitvmc_config vitvmc_driver vitvmc_model vitvmc_estimator vitvmc_parallel vitvmc_sr
       Boost::program_options nlohmann_json::nlohmann_json)
