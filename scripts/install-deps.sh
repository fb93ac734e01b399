#!/usr/bin/env bash
# Install the Debian 12 packages blsreport needs, and only those missing.
#   scripts/install-deps.sh          build + run dependencies
#   scripts/install-deps.sh --test   also the test tools (readers, sanitizers, fuzzing)
# Runs apt-get as root, or through sudo otherwise. Does nothing when all is there.
set -euo pipefail

build_pkgs=(cmake make gcc pkg-config libcsv-dev libxlsxwriter-dev libcairo2-dev
            libpango1.0-dev libjson-c-dev nettle-dev libzip-dev libexpat1-dev fonts-dejavu-core)
test_pkgs=(libcmocka-dev poppler-utils qpdf python3 python3-openpyxl python3-xlrd unzip valgrind
           libreoffice-calc-nogui clang libclang-rt-14-dev clang-tidy cppcheck
           python3-jsonschema dpkg-dev groff-base
           zlib1g-dev  # bench_deflate (bench/deflate_limit.c)
           time)       # /usr/bin/time: e2e_safety measures peak memory

want=("${build_pkgs[@]}")
# The test suite is part of every build tree, so cmocka is needed to configure.
want+=(libcmocka-dev)
if [[ "${1:-}" == "--test" ]]; then
    want+=("${test_pkgs[@]}")
fi

missing=()
for pkg in "${want[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
    if ! command -v sudo >/dev/null; then
        echo "install-deps: need root or sudo to install: ${missing[*]}" >&2
        exit 1
    fi
    sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
