// GoogleTest main for MPI tests: owns the MPI environment, prints every rank's failures (not only
// rank 0's), and makes every rank exit non-zero when any rank failed.
#include <gtest/gtest.h>
#include <mpi.h>

#include <cstdio>

#include "vitvmc/parallel/collectives.hpp"
#include "vitvmc/parallel/environment.hpp"
#include "vitvmc/support/mpi_test_env.hpp"

namespace {

class RankFailurePrinter : public testing::EmptyTestEventListener {
 public:
  explicit RankFailurePrinter(int rank) : rank_(rank) {}
  void OnTestPartResult(const testing::TestPartResult& result) override {
    if (!result.failed()) return;
    std::fprintf(stderr, "[rank %d] FAILURE %s:%d\n%s\n", rank_,
                 result.file_name() ? result.file_name() : "?", result.line_number(),
                 result.summary());
  }

 private:
  int rank_;
};

}  // namespace

int main(int argc, char** argv) {
  vitvmc::MpiEnvironment env(argc, argv);
  testing::InitGoogleTest(&argc, argv);
  vitvmc::testing_support::set_world(&env.world());
  const int rank = env.world().rank();
  auto& listeners = testing::UnitTest::GetInstance()->listeners();
  if (rank != 0) {
    delete listeners.Release(listeners.default_result_printer());
    listeners.Append(new RankFailurePrinter(rank));
  }
  int failed = RUN_ALL_TESTS() != 0 ? 1 : 0;
  int any_failed = failed;
  vitvmc::allreduce_max(std::span<int>(&any_failed, 1), env.world());
  vitvmc::testing_support::set_world(nullptr);
  if (rank == 0 && any_failed && !failed) std::fprintf(stderr, "a test failed on another rank\n");
  return any_failed;
}
