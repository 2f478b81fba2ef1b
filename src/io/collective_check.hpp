#pragma once
// Private to vitvmc_io. Collective agreement on success, so that an error seen by one rank ends the
// operation on every rank (with that rank's message) instead of leaving the others in a collective.

#include <string>

namespace vitvmc {

class Communicator;

/// Collective. When any rank passes ok == false, every rank throws CheckpointError with the message
/// of the lowest such rank (prefixed with its rank number when comm has several ranks).
void agree_or_throw(bool ok, const std::string& message, const Communicator& comm);

}  // namespace vitvmc
