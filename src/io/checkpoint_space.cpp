#include "checkpoint_space.hpp"

#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace vitvmc {
namespace {

std::string megabytes(std::uint64_t bytes) {
  return std::to_string((bytes + (1u << 20) - 1) >> 20) + " MiB";
}

[[noreturn]] void no_space(const std::string& dir, std::uint64_t bytes, const std::string& why) {
  throw std::runtime_error("cannot write the next checkpoint (up to " + megabytes(bytes) + ") in " +
                           dir + ": " + why);
}

}  // namespace

std::uint64_t checkpoint_size_bound(const CheckpointData& d) {
  std::uint64_t doubles = static_cast<std::uint64_t>(d.theta.size()) + d.timers.size();
  for (const auto& [name, value] : d.optimizer_state) doubles += value.size();
  std::uint64_t layout = 0;
  for (const auto& slice : d.layout) layout += 16 + 8 * slice.shape.size() + slice.name.size();
  const auto chains = static_cast<std::uint64_t>(d.n_chains_total);
  const auto per_chain = static_cast<std::uint64_t>(d.n_sites) + 16 + 8;  // spins, log psi, rng
  const std::uint64_t data = 8 * doubles + layout + d.config_echo.size() + chains * per_chain;
  // Every object costs HDF5 a header and two annotation attributes (well under 4 KiB each).
  const std::uint64_t objects = 16 + d.optimizer_state.size() + d.timers.size();
  return data + objects * 4096 + (1u << 20);
}

void probe_free_space(const std::string& dir, std::uint64_t bytes) {
  const std::string scratch = (std::filesystem::path(dir) / "checkpoint.h5.space").string();
  const int fd = ::open(scratch.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) no_space(dir, bytes, std::string("cannot create a file: ") + std::strerror(errno));
  const int rc = ::posix_fallocate(fd, 0, static_cast<off_t>(bytes));
  ::close(fd);
  ::unlink(scratch.c_str());
  if (rc == 0) return;
  if (rc != EOPNOTSUPP && rc != EINVAL) no_space(dir, bytes, std::strerror(rc));
  struct statvfs fs {};
  if (::statvfs(dir.c_str(), &fs) == 0 &&
      static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize < bytes) {
    no_space(dir, bytes, std::strerror(ENOSPC));
  }
}

}  // namespace vitvmc
