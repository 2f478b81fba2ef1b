/// \file vmc_ed.cpp
/// Exact ground-state energy of the periodic J1-J2 (or Shastry-Sutherland) Heisenberg model in the
/// S^z = 0 sector (S units), by Lanczos.
///   vmc_ed --lx 4 --ly 4 --j2 0.5 [--j1 1] [--marshall] [--json] [--threads T]
///   vmc_ed --lattice.type shastry_sutherland --lattice.j1 0.5 --lattice.j2 1 (vmc_dist's names)
/// Exit codes: 0 success, 2 invalid input (message on stderr names the option), 1 anything else.

#include <unistd.h>

#include <algorithm>
#include <boost/program_options.hpp>
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
#include "vitvmc/lattice/square_lattice.hpp"
#include "vitvmc/util/error.hpp"
#include "vitvmc/util/error_line.hpp"
#include "vitvmc/util/json.hpp"

namespace po = boost::program_options;
using namespace vitvmc;

namespace {

struct EdOptions {
  std::int64_t lx = 4;
  std::int64_t ly = 4;
  double j1 = 1.0;
  double j2 = 0.0;
  bool marshall = false;
  bool checkerboard = false;  ///< --lattice.marshall checkerboard: (x + y) mod 2 on any lattice
  std::string type = "square";
  bool json = false;
  int threads = 1;
  LanczosOptions lanczos;
};

/// vmc_dist's --lattice.* names, read into a LatticeConfig and copied over the short ones when
/// given.
po::options_description lattice_names(LatticeConfig& l) {
  po::options_description desc("The same, under vmc_dist's names (either spelling, not both)");
  desc.add_options()                                                                     //
      ("lattice.lx", po::value(&l.lx), "= --lx")                                         //
      ("lattice.ly", po::value(&l.ly), "= --ly")                                         //
      ("lattice.j1", po::value(&l.j1), "= --j1 (J' on shastry_sutherland)")              //
      ("lattice.j2", po::value(&l.j2), "= --j2 (J, the dimers, on shastry_sutherland)")  //
      ("lattice.marshall", po::value(&l.marshall),
       "auto | true | false | checkerboard: the sign-rule basis (as in vmc_dist; the energy does "
       "not depend on it)");
  return desc;
}

/// Copies every --lattice.* option given onto `o`, refusing one given under both spellings.
void merge_lattice_names(const po::variables_map& vm, const LatticeConfig& l, EdOptions& o) {
  auto take = [&](const char* long_name, const char* short_name, auto& target, const auto& value) {
    if (vm.count(long_name) == 0) return;
    require_input(vm[short_name].defaulted() || vm.count(short_name) == 0,
                  std::string("--") + long_name,
                  std::string("given together with --") + short_name + " (use one spelling)");
    target = value;
  };
  take("lattice.lx", "lx", o.lx, l.lx);
  take("lattice.ly", "ly", o.ly, l.ly);
  take("lattice.j1", "j1", o.j1, l.j1);
  take("lattice.j2", "j2", o.j2, l.j2);
  if (vm.count("lattice.marshall")) {
    require_input(!o.marshall, "--lattice.marshall", "given together with --marshall");
    require_input(l.marshall == "auto" || l.marshall == "true" || l.marshall == "false" ||
                      l.marshall == "checkerboard",
                  "--lattice.marshall",
                  "must be auto, true, false or checkerboard, got '" + l.marshall + "'");
    LatticeConfig resolved = l;
    resolved.lx = o.lx;
    resolved.ly = o.ly;
    resolved.j1 = o.j1;
    resolved.j2 = o.j2;
    resolved.type = o.type;
    o.marshall = uses_marshall_sign(resolved);
    o.checkerboard = uses_checkerboard_sign(resolved);
  }
}

po::options_description describe(EdOptions& o) {
  const int hw = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  o.threads = hw;
  po::options_description desc(
      "vmc_ed: exact ground-state energy of the periodic J1-J2 Heisenberg model\n"
      "(S^z = 0 sector, spin-1/2 S units: NetKet's Pauli energies are 4x these).\n"
      "Usage: vmc_ed --lx 4 --ly 4 --j2 0.5 [--json]\nOptions");
  desc.add_options()                                                                          //
      ("help", "print this help and exit")                                                    //
      ("lx", po::value(&o.lx)->default_value(o.lx), "lattice sites along x (>= 3)")           //
      ("ly", po::value(&o.ly)->default_value(o.ly), "lattice sites along y (>= 3)")           //
      ("j1", po::value(&o.j1)->default_value(o.j1), "nearest-neighbour coupling")             //
      ("j2", po::value(&o.j2)->default_value(o.j2), "next-nearest-neighbour coupling")        //
      ("marshall", po::bool_switch(&o.marshall), "use the Marshall-sign basis (even sides)")  //
      ("lattice.type", po::value(&o.type)->default_value(o.type),
       "square (j1 nearest neighbours, j2 diagonals) | shastry_sutherland (j1 = J' on the square "
       "bonds, j2 = J on the dimers; even sides)")                               //
      ("json", po::bool_switch(&o.json), "print one JSON line instead of text")  //
      ("threads", po::value(&o.threads)->default_value(o.threads),
       "threads for the Hamiltonian apply")  //
      ("krylov", po::value(&o.lanczos.krylov_dimension)->default_value(o.lanczos.krylov_dimension),
       "Lanczos Krylov dimension (memory: this many sector vectors)")  //
      ("tolerance", po::value(&o.lanczos.tolerance)->default_value(o.lanczos.tolerance),
       "relative Ritz-residual tolerance");
  return desc;
}

// Rejects what SzZeroBasis / SquareLattice would reject, but with this app's option names, and
// sectors whose Lanczos vectors would not fit in physical memory.
void validate(const EdOptions& o) {
  const std::string sides =
      "each side must be an integer >= 3 (a side of 1 or 2 makes periodic bonds coincide)";
  require_input(o.lx >= 3, "--lx", sides + ", got " + std::to_string(o.lx));
  require_input(o.ly >= 3, "--ly", sides + ", got " + std::to_string(o.ly));
  require_input(o.lx <= 64 && o.ly <= 64 && o.lx * o.ly <= 64, "--lx/--ly",
                "at most 64 sites (got " + std::to_string(o.lx) + "x" + std::to_string(o.ly) + ")");
  const std::int64_t n = o.lx * o.ly;
  require_input(n % 2 == 0, "--lx/--ly",
                "the S^z = 0 sector needs an even number of sites, got " + std::to_string(n));
  require_input(!o.marshall || (o.lx % 2 == 0 && o.ly % 2 == 0), "--marshall",
                "needs even --lx and --ly (bipartite with periodic boundaries)");
  require_input(o.type == "square" || o.type == "shastry_sutherland", "--lattice.type",
                "must be square or shastry_sutherland, got '" + o.type + "'");
  require_input(o.type != "shastry_sutherland" || (o.lx % 2 == 0 && o.ly % 2 == 0),
                "--lattice.type",
                "shastry_sutherland needs even sides, got " + std::to_string(o.lx) + "x" +
                    std::to_string(o.ly));
  require_input(std::isfinite(o.j1), "--j1", "must be a finite number");
  require_input(std::isfinite(o.j2), "--j2", "must be a finite number");
  require_input(o.j1 != 0 || o.j2 != 0, "--j1/--j2",
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
  const double n = static_cast<double>(o.lx * o.ly);
  if (o.json) {
    Json j = {{"lx", o.lx},
              {"ly", o.ly},
              {"j1", json_number(o.j1)},
              {"j2", json_number(o.j2)},
              {"dimension", dim},
              {"energy", json_number(gs.energy)},
              {"energy_per_site", json_number(gs.energy / n)}};
    if (o.type != "square") j["lattice"] = o.type;  // square lines stay as they were
    std::cout << json_text(j) << "\n";
    return;
  }
  std::cout << (o.type == "square" ? "J1-J2" : o.type) << " Heisenberg " << o.lx << "x" << o.ly
            << " periodic, J1 = " << o.j1 << ", J2 = " << o.j2
            << (o.marshall ? ", Marshall-sign basis" : "") << "; S^z = 0 sector, S units\n"
            << "dimension      " << dim << "\n"
            << std::setprecision(10) << "E0             " << gs.energy << "\n"
            << "E0/N           " << gs.energy / n << "\n"
            << "matvecs        " << gs.matvecs << " (" << gs.restarts << " restarts)\n"
            << std::setprecision(3) << "wall time      " << seconds << " s\n";
}

int run(int argc, char** argv) {
  EdOptions o;
  LatticeConfig long_names;
  po::options_description desc = describe(o);
  desc.add(lattice_names(long_names));
  po::variables_map vm;
  // No short options: "--lx -4" must read -4 as a value, not as an option.
  const int style = po::command_line_style::unix_style ^ po::command_line_style::allow_short;
  refuse_option_parser_placeholders(argc, argv);
  po::store(po::command_line_parser(argc, argv).options(desc).style(style).run(), vm);
  if (vm.count("help")) {
    std::cout << desc << "\n";
    return 0;
  }
  po::notify(vm);
  merge_lattice_names(vm, long_names, o);
  validate(o);

  const auto start = std::chrono::steady_clock::now();
  const SquareLattice lattice(o.lx, o.ly);
  const HeisenbergModel hamiltonian(lattice_bonds(lattice, o.type, o.checkerboard), o.j1, o.j2,
                                    o.marshall);
  const SzZeroBasis basis(lattice.n_sites(), "--lx/--ly");
  const SzZeroHamiltonian sector(hamiltonian, basis, o.threads);
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
  } catch (const po::error& e) {
    return invalid_input(e.what());
  } catch (const std::exception& e) {
    vitvmc::write_error_line(std::string("vmc_ed: error: ") + e.what());
    return 1;
  }
}
