#include "io_test_support.hpp"

#include "vitvmc/version.hpp"

namespace vitvmc::io_test {

CheckpointData test_data(Index step, Index total, Index first, Index count) {
  CheckpointData d;
  d.config_echo = kEcho;
  d.step = step;
  d.layout = test_layout();
  d.theta.resize(24);
  for (Index i = 0; i < d.theta.size(); ++i) d.theta[i] = std::sin(1.0 + i) * 1e-2 + step;
  RealVector momentum(5);
  momentum << 1.0 / 3.0, -2.5, 1e-300, 0.0, 7.0 * step;
  d.optimizer_state = {{"momentum", momentum},
                       {"schedule_position", RealVector::Constant(1, double(step))},
                       {"shift", RealVector::Constant(1, 1e-3)},
                       {"learning_rate", RealVector::Constant(1, 0.02)}};
  d.timers = {{"sampling", 1.5 * step}, {"sr_solve", 0.25}, {"io", 1.0 / 7.0}};
  d.n_chains_total = total;
  d.n_sites = kSites;
  d.first_chain = first;
  d.configs.resize(count, kSites);
  d.log_psi.resize(count);
  for (Index i = 0; i < count; ++i) {
    for (Index s = 0; s < kSites; ++s) d.configs(i, s) = test_spin(first + i, s);
    d.log_psi[i] = test_log_psi(first + i);
    d.rng_counters.push_back(test_counter(first + i));
  }
  d.sampler_seed = 0xfeedbeefcafe1234ull;
  return d;
}

void expect_matches(const CheckpointData& read, Index step, Index total, Index first, Index count) {
  const CheckpointData e = test_data(step, total, first, count);
  EXPECT_EQ(read.schema_version, kCheckpointSchemaVersion);
  EXPECT_EQ(read.code_version, kVersion);
  EXPECT_EQ(read.config_echo, e.config_echo);
  EXPECT_EQ(read.step, step);
  ASSERT_EQ(read.theta.size(), e.theta.size());
  EXPECT_EQ(read.theta, e.theta);  // bitwise: no conversion on the way
  ASSERT_EQ(read.layout.size(), e.layout.size());
  for (std::size_t i = 0; i < e.layout.size(); ++i) {
    EXPECT_EQ(read.layout[i].name, e.layout[i].name);
    EXPECT_EQ(read.layout[i].offset, e.layout[i].offset);
    EXPECT_EQ(read.layout[i].shape, e.layout[i].shape);
  }
  ASSERT_EQ(read.optimizer_state.size(), e.optimizer_state.size());
  for (const auto& [name, value] : e.optimizer_state) {
    ASSERT_EQ(read.optimizer_state.count(name), 1u) << name;
    EXPECT_TRUE(read.optimizer_state.at(name) == value) << name;
  }
  EXPECT_EQ(read.timers, e.timers);
  EXPECT_EQ(read.n_chains_total, total);
  EXPECT_EQ(read.n_sites, kSites);
  EXPECT_EQ(read.first_chain, first);
  ASSERT_EQ(read.configs.rows(), count);
  ASSERT_EQ(read.configs.cols(), kSites);
  ASSERT_EQ(read.log_psi.size(), count);
  EXPECT_TRUE(read.configs == e.configs);
  EXPECT_TRUE(read.log_psi == e.log_psi);
  EXPECT_EQ(read.rng_counters, e.rng_counters);
  EXPECT_EQ(read.sampler_seed, e.sampler_seed);
}

void expect_refused(const std::string& path, const std::string& needle) {
  try {
    read_checkpoint(path, world());
    ADD_FAILURE() << path << " was accepted";
  } catch (const CheckpointError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(path), std::string::npos) << what;
    EXPECT_NE(what.find(needle), std::string::npos) << what;
  }
}

}  // namespace vitvmc::io_test
