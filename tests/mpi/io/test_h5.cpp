// The HDF5 wrappers: ownership, errors with HDF5's stack, collective row transfers.
#include <gtest/gtest.h>

#include <complex>

#include "io_test_support.hpp"
#include "vitvmc/io/h5_data.hpp"

namespace vitvmc::io_test {
namespace {

TEST(H5, HandlesAreMoveOnlyOwners) {
  static_assert(!std::is_copy_constructible_v<H5File>);
  static_assert(std::is_nothrow_move_constructible_v<H5Dataset>);
  H5Dataspace a(h5_check(H5Screate(H5S_SCALAR), "H5Screate"));
  const hid_t id = a.id();
  EXPECT_GT(H5Iis_valid(id), 0);
  H5Dataspace b = std::move(a);
  EXPECT_FALSE(a.valid());
  EXPECT_EQ(b.id(), id);
  b.close();
  EXPECT_FALSE(b.valid());
  EXPECT_LE(H5Iis_valid(id), 0);  // really closed
}

// One line with HDF5's innermost error (the cause); the whole stack with VITVMC_HDF5_ERROR_STACK=1.
TEST(H5, ErrorsNameTheCauseAndCarryTheStackOnRequest) {
  ScratchDir dir("h5err");
  if (world().rank() != 0) return;
  const H5File file = h5_create_serial(dir.file("e.h5"));
  const auto error_of_opening = [&] {
    try {
      h5_open_dataset(file.id(), "nothing/here");
    } catch (const H5Error& e) {
      return std::string(e.what());
    }
    return std::string("(opened a missing dataset)");
  };
  const std::string brief = error_of_opening();
  EXPECT_NE(brief.find("opening dataset nothing/here failed: "), std::string::npos) << brief;
  EXPECT_EQ(brief.find('\n'), std::string::npos) << brief;
  EXPECT_NE(brief.find("VITVMC_HDF5_ERROR_STACK=1 prints them"), std::string::npos) << brief;
  setenv("VITVMC_HDF5_ERROR_STACK", "1", 1);
  const std::string full = error_of_opening();
  unsetenv("VITVMC_HDF5_ERROR_STACK");
  EXPECT_NE(full.find("\n  #1 "), std::string::npos) << full;
  EXPECT_NE(full.find("H5Dopen2"), std::string::npos) << full;
  EXPECT_FALSE(h5_exists(file.id(), "nothing/here"));
  EXPECT_THROW(h5_open_serial(dir.file("absent.h5"), H5Access::kReadOnly), H5Error);
}

TEST(H5, CollectiveRowsAndAttributes) {
  ScratchDir dir("h5rows");
  const int rank = world().rank();
  const int size = world().size();
  const std::string path = dir.file("rows.h5");
  {
    H5File file = h5_create_parallel(path, world());
    {
      const H5PropertyList xfer = h5_collective_transfer();
      // Rank r writes rows [2r, 2r + 2) of a (2 size) x 3 matrix of complex numbers.
      const H5Datatype type = h5_complex_type();
      const H5Dataset ds = h5_create_dataset(file.id(), "m", type.id(), {2ull * size, 3});
      std::vector<std::complex<double>> mine(6);
      for (int i = 0; i < 6; ++i) mine[i] = {rank + 0.5, i - 0.25};
      h5_write_rows(ds.id(), type.id(), mine.data(), 2 * rank, 2, xfer.id());
      h5_write_attribute<double>(ds.id(), "scale", 0.125);
      h5_annotate(ds.id(), "J1", "a test matrix");
      h5_write_strings(file.id(), "names", {"alpha", "", "gamma-longer"}, rank == 0, xfer.id());
      // A file with open objects cannot be closed: the error says so instead of losing data.
      EXPECT_THROW(file.close(), H5Error);
    }
  }
  H5File file = h5_open_parallel(path, H5Access::kReadOnly, world());
  const H5Dataset ds = h5_open_dataset(file.id(), "m");
  EXPECT_EQ(h5_dims(ds.id()), (std::vector<hsize_t>{2ull * size, 3}));
  const H5Datatype type = h5_complex_type();
  const int other = (rank + 1) % size;
  std::vector<std::complex<double>> theirs(6);
  h5_read_rows(ds.id(), type.id(), theirs.data(), 2 * other, 2);
  for (int i = 0; i < 6; ++i) EXPECT_EQ(theirs[i], std::complex<double>(other + 0.5, i - 0.25));
  EXPECT_EQ(h5_read_attribute<double>(ds.id(), "scale"), 0.125);
  EXPECT_EQ(h5_read_string_attribute(ds.id(), "units"), "J1");
  EXPECT_EQ(h5_read_strings(file.id(), "names"),
            (std::vector<std::string>{"alpha", "", "gamma-longer"}));
  EXPECT_THROW(h5_read_rows(ds.id(), type.id(), theirs.data(), 2ull * size - 1, 2), H5Error);
}

}  // namespace
}  // namespace vitvmc::io_test
