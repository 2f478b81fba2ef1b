#pragma once
/// \file checkpoint_files.hpp
/// The checkpoint files of an output directory. `checkpoint.h5` is always the latest complete
/// checkpoint: it is only ever replaced by an atomic rename of a fully written, synced file, so a
/// run killed at any moment leaves the previous one intact. The last `keep` checkpoints also stay
/// as `checkpoint-<step>.h5` (zero-padded to 8 digits), hard links to the same data where possible.

#include <string>
#include <vector>

#include "vitvmc/types.hpp"

namespace vitvmc {

class Communicator;

/// `<dir>/checkpoint.h5`.
std::string checkpoint_path(const std::string& dir);
/// `<dir>/checkpoint.h5.tmp`, where a checkpoint is written before it is published.
std::string checkpoint_temp_path(const std::string& dir);
/// `<dir>/checkpoint-<step>.h5`.
std::string checkpoint_step_path(const std::string& dir, Index step);

/// Collective; rank 0 does the file system work and every rank returns or throws CheckpointError:
/// fsync `temp`, keep it as checkpoint-<step>.h5 (when keep > 0), rename it over checkpoint.h5,
/// fsync `dir`, then delete all but the `keep` highest-step checkpoint-<step>.h5 files.
void publish_checkpoint(const std::string& dir, const std::string& temp, Index step, Index keep,
                        const Communicator& comm);

/// Steps of the checkpoint-<step>.h5 files in `dir`, ascending (empty when none or no dir).
std::vector<Index> kept_checkpoint_steps(const std::string& dir);

/// The checkpoints of `dir` a restart may read, best first: checkpoint.h5 (if present), then the
/// kept checkpoint-<step>.h5 by descending step. A restart whose first choice is refused as
/// damaged can fall back to the next.
std::vector<std::string> checkpoint_candidates(const std::string& dir);

/// The checkpoint a restart should read: the first of checkpoint_candidates(dir), or "".
std::string latest_checkpoint(const std::string& dir);

}  // namespace vitvmc
