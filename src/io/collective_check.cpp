#include "collective_check.hpp"

#include "vitvmc/io/checkpoint.hpp"
#include "vitvmc/parallel/collectives.hpp"

namespace vitvmc {

void agree_or_throw(bool ok, const std::string& message, const Communicator& comm) {
  int culprit = ok ? comm.size() : comm.rank();
  allreduce_min(std::span<int>(&culprit, 1), comm);
  if (culprit == comm.size()) return;
  int length = comm.rank() == culprit ? static_cast<int>(message.size()) : 0;
  broadcast(std::span<int>(&length, 1), culprit, comm);
  std::string text = comm.rank() == culprit ? message : std::string(length, '\0');
  broadcast(std::span<char>(text.data(), text.size()), culprit, comm);
  if (comm.size() > 1) text = "rank " + std::to_string(culprit) + ": " + text;
  throw CheckpointError(text);
}

}  // namespace vitvmc
