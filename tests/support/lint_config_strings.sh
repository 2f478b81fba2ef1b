#!/bin/sh
# Configuration values are kinds (include/vitvmc/config/kinds.hpp): no code outside src/config and
# include/vitvmc/config compares a string with an option's text. The texts are read from the
# registration lists (X(name) tokens) and every KindNames table (string_view("name")), so a new
# kind is covered when it is added; a comparison in either order (== or !=) fails.
# Usage: lint_config_strings.sh [SOURCE_ROOT]
set -eu
cd "${1:-.}"
tables=$(grep -rlE 'struct KindNames<|#define VITVMC_[A-Z_]+\(X\)' include src apps \
  --include=*.hpp --include=*.cpp)
names=$(grep -ohE '\bX\([a-z_0-9]+\)|string_view\("[^"]+"\)' $tables |
  sed -E 's/^[^(]*\("?([^")]*)"?\)$/\1/' | sort -u | paste -sd'|' -)
case "|$names|" in
  *'|factored|'*'|square|'*) ;;
  *) echo "lint_config_strings: could not read the option texts from: $tables" >&2; exit 2 ;;
esac
if grep -rnE "(==|!=) *\"($names)\"|\"($names)\" *(==|!=)" src apps include/vitvmc \
  --include=*.cpp --include=*.hpp --exclude-dir=config; then
  echo "lint_config_strings: compare the kind (config/kinds.hpp), not its text" >&2
  exit 1
fi
echo "ok: no configuration-string comparison outside config ($(echo "$names" | tr '|' ' ' | wc -w) texts)"
