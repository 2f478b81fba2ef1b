/// \file vmc_ed.cpp
/// Exact ground-state energy of the periodic J1-J2 (or Shastry-Sutherland) Heisenberg model in the
/// S^z = 0 sector (S units), by Lanczos.
///   vmc_ed --lx 4 --ly 4 --j2 0.5 [--j1 1] [--marshall] [--json] [--threads T]
///   vmc_ed --lattice.type shastry_sutherland --lattice.j1 0.5 --lattice.j2 1 (vmc_dist's names;
///   the lattice options are vmc_dist's own group, run_options.hpp)
/// Exit codes: 0 success, 2 invalid input (message on stderr names the option), 1 anything else.

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>

#include "vitvmc/config/parse.hpp"
#include "vitvmc/config/run_config.hpp"
#include "vitvmc/hamiltonian/heisenberg_model.hpp"
#include "vitvmc/hamiltonian/lanczos.hpp"
#include "vitvmc/hamiltonian/sz_zero_basis.hpp"
#include "vitvmc/hamiltonian/sz_zero_hamiltonian.hpp"
#include "vitvmc/lattice/lattice_bonds.hpp"
#include "vitvmc/lattice/lattice_kind.hpp"
#include "vitvmc/lattice/square_lattice.hpp"
#include "vitvmc/util/error.hpp"
#include "vitvmc/util/error_line.hpp"
#include "vitvmc/util/json.hpp"

using namespace vitvmc;

namespace {

struct EdOptions {
  LatticeConfig lattice;  ///< vmc_dist's --lattice.* group; --lx, --ly, --j1, --j2 are aliases
  bool marshall = false;  ///< --marshall: the same as --lattice.marshall true
  bool json = false;
  Index threads = 1;
  LanczosOptions lanczos;
};

/// The shared lattice group (its defaults moved to vmc_ed's: 4x4, J2 = 0, no sign rule) with the
/// short spellings, and this app's own options.
OptionTable describe(EdOptions& o) {
  o.lattice.lx = 4;
  o.lattice.ly = 4;
  o.lattice.j2 = 0.0;
  o.lattice.marshall = MarshallRule::off;
  o.threads = static_cast<Index>(std::max(1U, std::thread::hardware_concurrency()));
  OptionTable t;
  add_lattice_options(t, o.lattice);
  t.find("lattice.lx")->alias("lx");
  t.find("lattice.ly")->alias("ly");
  t.find("lattice.j1")->alias("j1");
  t.find("lattice.j2")->alias("j2");
  t.group("vmc_ed");
  t.add_switch("marshall", o.marshall,
               "use the Marshall-sign basis (even sides; = --lattice.marshall true)");
  t.add_switch("json", o.json, "print one JSON line instead of text");
  t.add("threads", o.threads, "threads for the Hamiltonian apply");
  t.add("krylov", o.lanczos.krylov_dimension,
        "Lanczos Krylov dimension (memory: this many sector vectors)");
  t.add("tolerance", o.lanczos.tolerance, "relative Ritz-residual tolerance");
  return t;
}

// Rejects what SzZeroBasis / SquareLattice would reject, but with this app's option names, and
// sectors whose Lanczos vectors would not fit in physical memory.
void validate(const EdOptions& o, const OptionTable& table) {
  const LatticeConfig& l = o.lattice;
  const std::string sides =
      "each side must be an integer >= 3 (a side of 1 or 2 makes periodic bonds coincide)";
  require_input(l.lx >= 3, table.find("lattice.lx")->spelling(),
                sides + ", got " + std::to_string(l.lx));
  require_input(l.ly >= 3, table.find("lattice.ly")->spelling(),
                sides + ", got " + std::to_string(l.ly));
  require_input(l.lx <= 64 && l.ly <= 64 && l.lx * l.ly <= 64, "--lx/--ly",
                "at most 64 sites (got " + std::to_string(l.lx) + "x" + std::to_string(l.ly) + ")");
  const Index n = l.lx * l.ly;
  require_input(n % 2 == 0, "--lx/--ly",
                "the S^z = 0 sector needs an even number of sites, got " + std::to_string(n));
  require_input(!o.marshall || table.find("lattice.marshall")->given_as.empty(),
                "--lattice.marshall", "given together with --marshall");
  require_input(!o.marshall || has_even_sides(l), "--marshall",
                "needs even --lx and --ly (bipartite with periodic boundaries)");
  table.check_values();
  validate_lattice(l);
  require_input(std::isfinite(l.j1), table.find("lattice.j1")->spelling(),
                "must be a finite number");
  require_input(std::isfinite(l.j2), table.find("lattice.j2")->spelling(),
                "must be a finite number");
  require_input(l.j1 != 0 || l.j2 != 0, "--j1/--j2",
                "at least one coupling must be nonzero (H = 0 has no unique ground state)");
  require_input(o.threads >= 1, "--threads", "must be at least 1");
  require_input(o.lanczos.krylov_dimension >= 3, "--krylov", "must be at least 3");
  require_input(o.lanczos.tolerance > 0 && o.lanczos.tolerance < 1, "--tolerance",
                "must lie in (0, 1)");
  const std::uint64_t dim = SzZeroBasis::sector_dimension(n);
  require_input(dim <= static_cast<std::uint64_t>(SzZeroBasis::kMaxDimension), "--lx/--ly",
                std::to_string(n) + " sites give " + std::to_string(dim) +
                    " S^z = 0 states, above the limit of " +
                    std::to_string(SzZeroBasis::kMaxDimension) + " (at most 30 sites)");
  require_input(o.lanczos.krylov_dimension < static_cast<Index>(dim), "--krylov",
                "must be below the sector dimension " + std::to_string(dim));
  // Measured peak (6x4, krylov 12: 514 MB) is about 8 B x dim x (2 krylov + 5): Spectra holds the
  // Krylov basis and its restarted copy, plus the states, the diagonal and a few work vectors.
  const double bytes =
      8.0 * static_cast<double>(dim) * static_cast<double>(2 * o.lanczos.krylov_dimension + 5);
  const double physical =
      static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGESIZE));
  std::ostringstream gib;
  gib << std::setprecision(3) << bytes / (1 << 30) << " GiB needed, " << physical / (1 << 30)
      << " GiB physical";
  require_input(physical <= 0 || bytes < 0.9 * physical, "--lx/--ly",
                "the sector does not fit in memory: " + gib.str());
}

void report(const EdOptions& o, Index dim, const GroundState& gs, double seconds) {
  const LatticeConfig& l = o.lattice;
  const double n = static_cast<double>(l.lx * l.ly);
  if (o.json) {
    Json j = {{"lx", l.lx},
              {"ly", l.ly},
              {"j1", json_number(l.j1)},
              {"j2", json_number(l.j2)},
              {"dimension", dim},
              {"energy", json_number(gs.energy)},
              {"energy_per_site", json_number(gs.energy / n)}};
    if (l.type != LatticeKind::square) j["lattice"] = l.type;  // square lines stay as they were
    std::cout << json_text(j) << "\n";
    return;
  }
  std::cout << lattice_definition(l.type).title << " Heisenberg " << l.lx << "x" << l.ly
            << " periodic, J1 = " << l.j1 << ", J2 = " << l.j2
            << (uses_marshall_sign(l) ? ", Marshall-sign basis" : "")
            << "; S^z = 0 sector, S units\n"
            << "dimension      " << dim << "\n"
            << std::setprecision(10) << "E0             " << gs.energy << "\n"
            << "E0/N           " << gs.energy / n << "\n"
            << "matvecs        " << gs.matvecs << " (" << gs.restarts << " restarts)\n"
            << std::setprecision(3) << "wall time      " << seconds << " s\n";
}

int run(int argc, char** argv) {
  EdOptions o;
  OptionTable table = describe(o);
  const ParseSettings settings{
      "vmc_ed: exact ground-state energy of the periodic J1-J2 Heisenberg model\n"
      "(S^z = 0 sector, spin-1/2 S units: NetKet's Pauli energies are 4x these).\n"
      "Usage: vmc_ed --lx 4 --ly 4 --j2 0.5 [--json]\nOptions",
      false};
  if (parse_options(table, argc, argv, settings)) {
    std::cout << options_help(table, settings) << "\n";
    return 0;
  }
  if (o.marshall) o.lattice.marshall = MarshallRule::on;
  validate(o, table);

  const auto start = std::chrono::steady_clock::now();
  const LatticeConfig& l = o.lattice;
  const SquareLattice lattice(l.lx, l.ly);
  const HeisenbergModel hamiltonian(lattice_bonds(l), l.j1, l.j2, uses_marshall_sign(l));
  const SzZeroBasis basis(lattice.n_sites(), "--lx/--ly");
  const SzZeroHamiltonian sector(hamiltonian, basis, static_cast<int>(o.threads));
  const GroundState gs = lanczos_ground_state(sector, o.lanczos);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  report(o, basis.size(), gs, seconds);
  return 0;
}

/// Reports bad input on stderr; returns its exit code.
int invalid_input(const char* what) {
  vitvmc::write_error_line(std::string("vmc_ed: invalid input: ") + what +
                           "\n(run vmc_ed --help for the options)");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const InvalidInput& e) {
    return invalid_input(e.what());
  } catch (const std::exception& e) {
    vitvmc::write_error_line(std::string("vmc_ed: error: ") + e.what());
    return 1;
  }
}
