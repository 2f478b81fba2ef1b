// libFuzzer target: the INI + command-line configuration parser (parse_run_config, then the echo
// and its reading back).
// Input: the INI file's bytes, then optional '\0'-separated command-line arguments. Bad input must
// end in InvalidInput (exit code 2 in the apps); any other exception, a crash or a leak is a bug.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "vitvmc/config/parse.hpp"
#include "vitvmc/util/error.hpp"

namespace {

std::string temp_ini_path() {
  const char* dir = std::getenv("TMPDIR");
  return std::string(dir ? dir : "/tmp") + "/vitvmc_fuzz_config_" + std::to_string(::getpid()) +
         ".ini";
}

void write_file(const std::string& path, const std::string& text) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) std::abort();
  std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string ini = temp_ini_path();
  const std::string input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> parts;
  for (std::size_t begin = 0;;) {
    const std::size_t end = input.find('\0', begin);
    parts.push_back(input.substr(begin, end == std::string::npos ? end : end - begin));
    if (end == std::string::npos) break;
    begin = end + 1;
  }
  write_file(ini, parts[0]);
  std::vector<std::string> args = {"vmc_dist", "--config", ini};
  for (std::size_t i = 1; i < parts.size(); ++i) {
    // Another --config would make the fuzzer read arbitrary files (or /dev/zero): not the parser.
    if (parts[i].rfind("--config", 0) == 0 || parts[i].rfind("--c", 0) == 0) continue;
    args.push_back(parts[i]);
  }
  std::vector<const char*> argv;
  for (const std::string& a : args) argv.push_back(a.c_str());
  try {
    const vitvmc::ParsedCommandLine parsed =
        vitvmc::parse_run_config(static_cast<int>(argv.size()), argv.data());
    // The echo is what checkpoints store: it must always be producible, non-empty, and read back
    // (vmc_measure, --init.from) to the same run.
    const std::string echo = vitvmc::config_to_ini(parsed.config);
    if (echo.empty()) std::abort();
    if (vitvmc::config_to_ini(vitvmc::run_config_from_echo(echo)) != echo) std::abort();
  } catch (const vitvmc::InvalidInput&) {
    // The expected verdict on bad input.
  }
  return 0;
}
