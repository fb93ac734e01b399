#!/usr/bin/env bash
# Install and package (#17): `cmake --install --prefix X` gives a blsreport
# that writes all its outputs, also after X is moved elsewhere (the PDF
# module is found relative to the binary); CPack builds a .deb whose
# contents (dpkg-deb -x into a temporary root) run the main job, whose
# dependencies resolve on this Debian (apt-get -s, as root), and which holds
# the man page, the completions, LICENSE and the summary schema.
set -euo pipefail
: "${BLS_BUILD_DIR:?}" "${BLS_SOURCE_DIR:?}"
fail() { echo "FAIL: $*" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000

# main_job BINARY OUTDIR: the main job on input/, every output written
main_job() {
    local rc=0
    "$1" -q -o "$2" --json "$2/summary.json" --sarif "$2/report.sarif" "$BLS_SOURCE_DIR/input" \
        || rc=$?
    # exit 1: the seed article's 5% for psychiatric technicians (BLS: 3.9%)
    [[ $rc -eq 1 ]] || fail "$1: exit $rc, expected 1 (a report with findings)"
    for f in report.xlsx report.pdf summary.json report.sarif; do
        [[ -s $2/$f ]] || fail "$1 did not write $f"
    done
    if command -v pdfinfo >/dev/null; then pdfinfo "$2/report.pdf" >/dev/null || fail "bad PDF"; fi
}

# 1. A relocated install, then moved again.
cmake --install "$BLS_BUILD_DIR" --prefix "$tmp/prefix" >/dev/null
for f in bin/blsreport share/man/man1/blsreport.1 share/bash-completion/completions/blsreport \
         share/zsh/vendor-completions/_blsreport share/doc/blsreport/LICENSE \
         share/doc/blsreport/blsreport-summary-1.schema.json; do
    [[ -e $tmp/prefix/$f ]] || fail "install lacks $f"
done
[[ -n $(find "$tmp/prefix" -path '*/blsreport/blsreport-pdf.so') ]] || fail "install lacks the PDF module"
main_job "$tmp/prefix/bin/blsreport" "$tmp/out1"
mv "$tmp/prefix" "$tmp/moved"
main_job "$tmp/moved/bin/blsreport" "$tmp/out2"
echo "ok: relocated install"

# 2. The Debian package.
command -v cpack >/dev/null && command -v dpkg-deb >/dev/null || { echo "SKIP: no cpack/dpkg-deb"; exit 77; }
(cd "$tmp" && cpack -G DEB -B "$tmp/pkg" --config "$BLS_BUILD_DIR/CPackConfig.cmake" >"$tmp/cpack.log" 2>&1) \
    || { cat "$tmp/cpack.log"; fail "cpack"; }
deb=$(ls "$tmp"/pkg/*.deb)
[[ -f $deb ]] || fail "no .deb"
dpkg-deb -I "$deb" > "$tmp/info"
grep -q "^ Package: blsreport" "$tmp/info" || fail "package name: $(cat "$tmp/info")"
for dep in libcsv libxlsxwriter libjson-c libcairo2 libpango fonts-dejavu-core; do
    grep "^ Depends:" "$tmp/info" | grep -q "$dep" || fail "Depends lacks $dep: $(grep Depends "$tmp/info")"
done
dpkg-deb -c "$deb" > "$tmp/contents"
for f in ./usr/bin/blsreport ./usr/share/man/man1/blsreport.1 blsreport-pdf.so ./usr/share/doc/blsreport/LICENSE; do
    grep -q -- "$f" "$tmp/contents" || fail "package lacks $f"
done
dpkg-deb -x "$deb" "$tmp/root"
main_job "$tmp/root/usr/bin/blsreport" "$tmp/out3"
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    apt-get install -s "$deb" > "$tmp/apt" 2>&1 || { cat "$tmp/apt"; fail "apt-get -s cannot install the package"; }
    grep -q "^Inst blsreport" "$tmp/apt" || { cat "$tmp/apt"; fail "apt-get -s: no Inst blsreport"; }
fi
echo "ok: $(basename "$deb") ($(stat -c %s "$deb") bytes)"
echo "e2e_package: ok"
