vitvmc_add_app(vmc_dist SOURCES vmc_dist.cpp LINK vitvmc_driver vitvmc_config)
