#pragma once
// A scratch directory that every rank of one MPI test run shares (tests linked with the MPI main).
#include <string>

namespace vitvmc::testing_support {

/// <tmp>/vitvmc_<tag>_<rank 0's pid>_np<ranks>, created empty and removed afterwards; unique to
/// this test run and rank count, the same path on every rank.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& tag);
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace vitvmc::testing_support
