#include "vitvmc/io/checkpoint_files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <regex>
#include <stdexcept>

#include "collective_check.hpp"
#include "vitvmc/io/checkpoint.hpp"
#include "vitvmc/parallel/communicator.hpp"

namespace vitvmc {
namespace {

namespace fs = std::filesystem;

/// Owns a POSIX file descriptor.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

[[noreturn]] void throw_errno(const std::string& what) {
  throw std::runtime_error(what + ": " + std::strerror(errno));
}

/// Forces `path` (a file or a directory) to stable storage.
void sync_path(const std::string& path, bool directory) {
  const FileDescriptor fd(::open(path.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY));
  if (fd.get() < 0) throw_errno("open " + path);
  if (::fsync(fd.get()) != 0) throw_errno("fsync " + path);
}

/// Keeps `temp` as `kept` too: a hard link (no extra space) or a copy where links are unsupported.
void keep_copy(const std::string& temp, const std::string& kept) {
  fs::remove(kept);
  std::error_code ec;
  fs::create_hard_link(temp, kept, ec);
  if (ec) {
    fs::copy_file(temp, kept, fs::copy_options::overwrite_existing);
    sync_path(kept, false);
  }
}

void prune(const std::string& dir, Index keep) {
  const std::vector<Index> steps = kept_checkpoint_steps(dir);
  const auto n_delete = static_cast<Index>(steps.size()) - std::max<Index>(keep, 0);
  for (Index i = 0; i < n_delete; ++i) fs::remove(checkpoint_step_path(dir, steps[i]));
}

void publish_on_root(const std::string& dir, const std::string& temp, Index step, Index keep) {
  sync_path(temp, false);
  if (keep > 0) keep_copy(temp, checkpoint_step_path(dir, step));
  // rename(2) replaces checkpoint.h5 atomically: readers see the old or the new file, never a mix.
  if (std::rename(temp.c_str(), checkpoint_path(dir).c_str()) != 0) {
    throw_errno("rename " + temp + " -> " + checkpoint_path(dir));
  }
  sync_path(dir, true);
  prune(dir, keep);
}

}  // namespace

std::string checkpoint_path(const std::string& dir) {
  return (fs::path(dir) / "checkpoint.h5").string();
}

std::string checkpoint_temp_path(const std::string& dir) {
  return (fs::path(dir) / "checkpoint.h5.tmp").string();
}

std::string checkpoint_step_path(const std::string& dir, Index step) {
  char name[64];
  std::snprintf(name, sizeof name, "checkpoint-%08lld.h5", static_cast<long long>(step));
  return (fs::path(dir) / name).string();
}

void publish_checkpoint(const std::string& dir, const std::string& temp, Index step, Index keep,
                        const Communicator& comm) {
  std::string error;
  if (comm.rank() == 0) {
    try {
      publish_on_root(dir, temp, step, keep);
    } catch (const std::exception& e) {
      error = e.what();
    }
  }
  agree_or_throw(error.empty(), "publishing checkpoint in " + dir + ": " + error, comm);
}

std::vector<Index> kept_checkpoint_steps(const std::string& dir) {
  std::vector<Index> steps;
  std::error_code ec;
  const std::regex pattern("checkpoint-([0-9]+)\\.h5");
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::smatch match;
    const std::string name = entry.path().filename().string();
    if (std::regex_match(name, match, pattern)) steps.push_back(std::stoll(match[1].str()));
  }
  std::sort(steps.begin(), steps.end());
  return steps;
}

std::vector<std::string> checkpoint_candidates(const std::string& dir) {
  std::vector<std::string> paths;
  if (fs::exists(checkpoint_path(dir))) paths.push_back(checkpoint_path(dir));
  const std::vector<Index> steps = kept_checkpoint_steps(dir);
  for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
    paths.push_back(checkpoint_step_path(dir, *it));
  }
  return paths;
}

std::string latest_checkpoint(const std::string& dir) {
  const std::vector<std::string> paths = checkpoint_candidates(dir);
  return paths.empty() ? "" : paths.front();
}

}  // namespace vitvmc
