#pragma once
/// \file run_options.hpp
/// The option groups of vmc_dist, bound to a RunConfig's fields (option_table.hpp), and the rules
/// that tie options together. The apps share the groups: vmc_bench, vmc_ed and vmc_measure add the
/// lattice, model and sampler groups they take, with the same names, help and validation.

#include <map>
#include <string>

#include "vitvmc/config/option_table.hpp"
#include "vitvmc/config/run_config.hpp"

namespace vitvmc {

void add_lattice_options(OptionTable& table, LatticeConfig& lattice);
void add_model_options(OptionTable& table, ModelConfig& model);
void add_sampler_options(OptionTable& table, SamplerConfig& sampler);
void add_optimizer_options(OptionTable& table, OptimizerConfig& optimizer);
void add_output_options(OptionTable& table, MeasureConfig& measure, OutputConfig& output,
                        std::string& restart);
void add_limit_options(OptionTable& table, RunLimitsConfig& limits, PlanConfig& plan_config,
                       bool& plan);
void add_init_options(OptionTable& table, InitConfig& init);

/// Every vmc_dist option, in --help and echo order, bound to `config` (and `plan` for --plan).
OptionTable run_option_table(RunConfig& config, bool& plan);

/// Cross-option rules, each throwing InvalidInput naming the option at fault: the lattice alone,
/// the model on that lattice, the sampler on that lattice.
void validate_lattice(const LatticeConfig& lattice);
void validate_model(const ModelConfig& model, const LatticeConfig& lattice);
void validate_sampler(const SamplerConfig& sampler, const LatticeConfig& lattice);
/// Every option's own check and every rule above, plus the optimiser plan and the job limits.
void validate_run_config(const RunConfig& config);

/// The fields a restart (or vmc_measure) must find equal in a checkpoint's run: every lattice.* and
/// model.* option (`section.key` -> option text, the resolved sign rule for lattice.marshall)
/// except model.seed (initialisation only) and model.precision (the forward pass's scalar, not what
/// theta means).
std::map<std::string, std::string> restart_compatibility_fields(const RunConfig& config);

/// Seconds in a --run.walltime value HH:MM:SS (hours may exceed 24; MM, SS < 60); 0 for "" (no
/// limit). Throws InvalidInput("--run.walltime") for anything else.
double walltime_seconds(const std::string& walltime);

}  // namespace vitvmc
