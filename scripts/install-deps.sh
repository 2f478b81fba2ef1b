#!/usr/bin/env bash
# Install the Debian packages vitvmc needs, only those missing. Idempotent and quiet when all are present.
# On a machine without apt-get it prints the list and exits non-zero.
set -euo pipefail

packages=(
  cmake g++ make git pkg-config
  libopenmpi-dev openmpi-bin
  libeigen3-dev
  libopenblas-dev
  libscalapack-openmpi-dev
  libhdf5-openmpi-dev hdf5-tools
  libboost-program-options-dev
  nlohmann-json3-dev
  libgtest-dev libbenchmark-dev
  librandom123-dev
  libspectra-dev
  python3 python3-numpy python3-h5py python3-matplotlib
  clang libclang-rt-14-dev  # libFuzzer (scripts/fuzz.sh, run by scripts/test.sh)
  llvm  # llvm-symbolizer: named frames in sanitizer reports and for the name-based suppressions
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deps: apt-get not found. Please install these packages (Debian 12 names):" >&2
  printf '  %s\n' "${missing[@]}" >&2
  exit 1
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo_cmd=(sudo)
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
