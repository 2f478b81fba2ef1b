// The only file that includes Boost.ProgramOptions: it tokenises the command line and INI text;
// the OptionTable rows (run_options.cpp) say what each option is.
#include "vitvmc/config/parse.hpp"

#include <algorithm>
#include <boost/program_options.hpp>
#include <cctype>
#include <fstream>
#include <optional>
#include <sstream>

#include "vitvmc/config/stages.hpp"
#include "vitvmc/util/error.hpp"

namespace po = boost::program_options;

namespace vitvmc {
namespace {

/// The default study's plan (docs/results/default-study.md). Used only when the run chooses
/// neither --optimizer.steps nor --model.symmetrize, so every run or INI that sets either one
/// behaves as before the default had a plan.
constexpr const char* kDefaultStages = "none:300,translations:20,translations:40:lr=0.03";

// Turns Boost's exceptions into InvalidInput naming the option.
[[noreturn]] void rethrow_as_invalid_input(const po::error& e) {
  if (const auto* unknown = dynamic_cast<const po::unknown_option*>(&e))
    throw InvalidInput(unknown->get_option_name(), "unknown option (see --help for the list)");
  if (const auto* syntax = dynamic_cast<const po::invalid_syntax*>(&e))
    throw InvalidInput(syntax->get_option_name().empty() ? "--config" : syntax->get_option_name(),
                       e.what());
  if (const auto* named = dynamic_cast<const po::error_with_option_name*>(&e))
    throw InvalidInput(named->get_option_name(), e.what());
  throw InvalidInput("command line", e.what());
}

// Boost.ProgramOptions builds its error messages by replacing %value%, %option%, ... with the
// user's text until none is left, so a value that contains its own placeholder makes what() loop
// forever (found by fuzz_config: `--lattice.j2 'x%value%'` hung; later a config-file line holding
// %invalid_line%, the token of Boost's "invalid line" message). Such text is refused before Boost
// sees it. The tokens are every substitution name of Boost 1.74's messages
// (libboost_program_options).
void refuse_message_placeholders(const std::string& text, const std::string& option) {
  for (const char* token : {"%value%", "%option%", "%canonical_option%", "%prefix_option%",
                            "%original_token%", "%invalid_line%", "%prefix%"}) {
    require_input(text.find(token) == std::string::npos, option,
                  "must not contain the text '" + std::string(token) +
                      "' (reserved by the option parser's error messages)");
  }
}

// The option an argument belongs to: itself ("--a.b" or "--a.b=v"), else the one before it.
std::string option_of(const std::vector<std::string>& args, std::size_t i) {
  const std::string& a = args[i];
  if (a.rfind("--", 0) == 0) return a.substr(0, a.find('='));
  if (i > 0 && args[i - 1].rfind("--", 0) == 0) return args[i - 1].substr(0, args[i - 1].find('='));
  return "command line";
}

// "--lattice.lx -4" would read -4 as a short option; glue negative numbers to their option instead
// so the range check can name the option.
std::vector<std::string> glue_negative_values(const std::vector<std::string>& raw) {
  std::vector<std::string> args;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    std::string a = raw[i];
    const bool next_is_negative_number =
        i + 1 < raw.size() && raw[i + 1].size() > 1 && raw[i + 1][0] == '-' &&
        (std::isdigit(static_cast<unsigned char>(raw[i + 1][1])) || raw[i + 1][1] == '.');
    if (a.rfind("--", 0) == 0 && a.find('=') == std::string::npos && next_is_negative_number) {
      a += "=" + raw[++i];
    }
    args.push_back(a);
  }
  return args;
}

// Every spelling of every row, as Boost sees it: values as text (the rows parse them), switches as
// bools. With `show_defaults` the descriptions carry the defaults for --help.
po::options_description describe(const OptionTable& table, const ParseSettings& settings,
                                 bool show_defaults) {
  po::options_description all(settings.title);
  po::options_description generic("General");
  generic.add_options()("help,h", "list every option with its default and exit");
  if (settings.config_file)
    generic.add_options()("config", po::value<std::string>(),
                          "INI file: [section] key = value, e.g. [lattice] lx = 6");
  all.add(generic);
  for (const OptionTable::Group& group : table.groups()) {
    po::options_description g(group.title);
    for (const OptionRow& row : group.rows) {
      std::vector<std::string> names = {row.name};
      names.insert(names.end(), row.aliases.begin(), row.aliases.end());
      for (const std::string& name : names) {
        const std::string help = name == row.name ? row.help : "= --" + row.name;
        if (row.is_switch) {
          g.add_options()(name.c_str(), po::bool_switch(), help.c_str());
        } else if (show_defaults && name == row.name) {
          g.add_options()(name.c_str(), po::value<std::string>()->default_value(row.default_text),
                          help.c_str());
        } else {
          g.add_options()(name.c_str(), po::value<std::string>(), help.c_str());
        }
      }
    }
    all.add(g);
  }
  return all;
}

std::string read_file(const std::string& path) {
  std::ifstream file(path);
  require_input(file.good(), "--config", "cannot open file '" + path + "'");
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// Copies what Boost found into the rows: each given spelling's text through the row's own parser.
void store_into_rows(OptionTable& table, const po::variables_map& vm) {
  for (OptionTable::Group& group : table.groups()) {
    for (OptionRow& row : group.rows) {
      std::vector<std::string> names = {row.name};
      names.insert(names.end(), row.aliases.begin(), row.aliases.end());
      std::optional<std::string> found;
      for (const std::string& name : names) {
        const bool given =
            row.is_switch ? vm.count(name) && vm[name].as<bool>() : vm.count(name) > 0;
        if (!given) continue;
        require_input(!found, "--" + row.name,
                      "given together with --" + name + " (use one spelling)");
        found = name;
      }
      if (!found) continue;
      row.given = true;
      row.given_as = *found;
      row.set(row.spelling(), row.is_switch ? "true" : vm[*found].as<std::string>());
    }
  }
}

// The generic parse of `args` (argv without the program name) and INI text, if any.
bool parse_into(OptionTable& table, const std::vector<std::string>& raw_args,
                const std::optional<std::string>& ini_text, const ParseSettings& settings) {
  po::variables_map vm;
  try {
    const std::vector<std::string> args = glue_negative_values(raw_args);
    for (std::size_t i = 0; i < args.size(); ++i)
      refuse_message_placeholders(args[i], option_of(args, i));
    const po::options_description desc = describe(table, settings, false);
    po::store(po::command_line_parser(args).options(desc).run(), vm);
    std::optional<std::string> text = ini_text;
    if (!text && settings.config_file && vm.count("config"))
      text = read_file(vm["config"].as<std::string>());
    if (text) {
      refuse_message_placeholders(*text, "--config");
      std::istringstream in(*text);
      po::store(po::parse_config_file(in, desc), vm);
    }
    po::notify(vm);
  } catch (const po::error& e) {
    rethrow_as_invalid_input(e);
  }
  if (vm.count("help")) return true;
  store_into_rows(table, vm);
  return false;
}

// vmc_dist's rules on top of the generic parse: the plan's quotes, the default plan, the step
// count a plan implies; then validation and the echo.
ParsedCommandLine parse_run(const std::vector<std::string>& args,
                            const std::optional<std::string>& ini_text,
                            const std::function<void(OptionTable&)>& extend) {
  ParsedCommandLine out;
  RunConfig& c = out.config;
  c.optimizer.stages = kDefaultStages;
  OptionTable table = run_option_table(c, out.plan);
  if (extend) extend(table);
  const ParseSettings settings{"vmc_dist options (command line overrides the --config file)"};
  out.help = parse_into(table, args, ini_text, settings);
  out.help_text = options_help(table, settings);
  if (out.help) return out;
  // An INI value may be quoted; the echo and the header show the plan without the quotes.
  std::string& plan = c.optimizer.stages;
  if (plan.size() >= 2 && plan.front() == '"' && plan.back() == '"')
    plan = plan.substr(1, plan.size() - 2);
  if (!table.given("optimizer.stages") &&
      (table.given("optimizer.steps") || table.given("model.symmetrize")))
    plan.clear();
  // A plan fixes the step count: --optimizer.steps left at its default takes the sum.
  const auto stages = parse_stages(plan);
  if (!stages.empty() && !table.given("optimizer.steps"))
    c.optimizer.steps = total_stage_steps(stages);
  validate_run_config(c);
  out.echo = config_to_ini(c);
  return out;
}

}  // namespace

bool parse_options(OptionTable& table, int argc, const char* const* argv,
                   const ParseSettings& settings) {
  const std::vector<std::string> args(argv + std::min(argc, 1), argv + argc);
  return parse_into(table, args, std::nullopt, settings);
}

std::string options_help(const OptionTable& table, const ParseSettings& settings) {
  std::ostringstream s;
  s << describe(table, settings, true);
  return s.str();
}

void refuse_option_parser_placeholders(int argc, const char* const* argv) {
  const std::vector<std::string> args(argv + std::min(argc, 1), argv + argc);
  for (std::size_t i = 0; i < args.size(); ++i)
    refuse_message_placeholders(args[i], option_of(args, i));
}

ParsedCommandLine parse_run_config(int argc, const char* const* argv,
                                   const std::function<void(OptionTable&)>& extend) {
  return parse_run(std::vector<std::string>(argv + std::min(argc, 1), argv + argc), std::nullopt,
                   extend);
}

RunConfig run_config_from_echo(const std::string& echo, const std::vector<std::string>& overrides) {
  return parse_run(overrides, echo, {}).config;
}

std::string config_to_ini(const RunConfig& c) {
  // Rows bound to a default RunConfig know the defaults (for EchoRule::unless_default); then the
  // fields take c's values.
  RunConfig values;
  bool plan = false;
  const OptionTable table = run_option_table(values, plan);
  values = c;
  return table.echo();
}

}  // namespace vitvmc
