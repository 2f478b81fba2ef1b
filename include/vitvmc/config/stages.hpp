#pragma once
/// \file stages.hpp
/// --optimizer.stages: an optimisation plan in stages, "level:steps[:key=value...]" separated by
/// commas, e.g. "none:250,translations:30,lattice:20:lr=0.05". Each stage optimises the same
/// parameters under its symmetrisation level (the wrapper shares the ViT's theta), continuing from
/// the previous stage's theta. Optional lr, shift and samples replace the global values for the
/// stage's steps. The stage of a step is a function of the step count and the plan alone, so a
/// checkpoint (which stores the step and the configuration echo) resumes in the right stage.

#include <optional>
#include <string>
#include <vector>

#include "vitvmc/config/run_config.hpp"

namespace vitvmc {

struct OptimizerStage {
  SymmetryLevel symmetrize = SymmetryLevel::none;  ///< a --model.symmetrize level
  Index steps = 0;                                 ///< optimisation steps of this stage (>= 1)
  std::optional<Real> lr;        ///< replaces the scheduled learning rate during the stage
  std::optional<Real> shift;     ///< replaces the scheduled SR diagonal shift during the stage
  std::optional<Index> samples;  ///< replaces --sampler.samples during the stage
};

/// The allowed form, for messages.
std::string stages_form();

/// Parses the plan ("" = no stages). Throws InvalidInput naming --optimizer.stages.
std::vector<OptimizerStage> parse_stages(const std::string& text);

/// Sum of the stages' steps.
Index total_stage_steps(const std::vector<OptimizerStage>& stages);

/// 0-based stage that runs optimisation step `completed + 1` (i.e. after `completed` steps);
/// the last stage once the plan is done. Requires a non-empty plan.
Index stage_index(const std::vector<OptimizerStage>& stages, Index completed);

/// The model a checkpoint after `completed` steps was optimised with: config.model, with the
/// symmetrisation of the stage that ran the last completed step when a plan is given.
ModelConfig model_at_step(const RunConfig& config, Index completed);

}  // namespace vitvmc
