#!/usr/bin/env bash
# Downloads PTB-XL 1.0.3 from PhysioNet (about 1.7 GB zip, 3 GB unpacked) and verifies every file
# against PhysioNet's SHA256SUMS.txt. Resumable: rerun after an interruption and the zip download
# goes on where it stopped; a verified copy is left alone.
#
#   ops/download-ptbxl.sh [--dest DIR] [--keep-zip]      (default DIR: data/ptbxl, git-ignored)
#
# Then: ops/ecgmon simulate --ptbxl data/ptbxl   or the model's training (README).
# Needs internet access to physionet.org, curl, sha256sum, and unzip or python3.
# PTB-XL is CC BY 4.0: cite Wagner et al., Scientific Data 7, 154 (2020) and PhysioNet.
# PTBXL_ZIP_URL / PTBXL_SUMS_URL override the addresses (a mirror, or a test server).
set -euo pipefail

VERSION=1.0.3
ZIP_URL="${PTBXL_ZIP_URL:-https://physionet.org/static/published-projects/ptb-xl/ptb-xl-a-large-publicly-available-electrocardiography-dataset-${VERSION}.zip}"
SUMS_URL="${PTBXL_SUMS_URL:-https://physionet.org/files/ptb-xl/${VERSION}/SHA256SUMS.txt}"
dest="data/ptbxl"
keep_zip=0
while [ $# -gt 0 ]; do
  case "$1" in
    --dest) dest="${2:?--dest needs a directory}"; shift 2 ;;
    --keep-zip) keep_zip=1; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

work="$dest/.download"
marker="$dest/.verified-ptbxl-$VERSION"
mkdir -p "$work"

verify() {
  echo "verifying $(grep -c . "$work/SHA256SUMS.txt") files against SHA256SUMS.txt ..."
  (cd "$dest" && sha256sum --quiet --strict -c .download/SHA256SUMS.txt)
}

echo "fetching SHA256SUMS.txt"
curl -fsSL --retry 5 -o "$work/SHA256SUMS.txt.new" "$SUMS_URL"
mv "$work/SHA256SUMS.txt.new" "$work/SHA256SUMS.txt"

if [ -f "$marker" ] && verify; then
  echo "PTB-XL $VERSION already in $dest and verified"
  exit 0
fi

zip="$work/ptb-xl-$VERSION.zip"
if [ ! -f "$zip" ]; then
  echo "downloading $ZIP_URL (resumes if interrupted)"
  set +e
  curl -fL --retry 5 --retry-delay 5 -C - -o "$zip.part" "$ZIP_URL"
  rc=$?
  set -e
  if [ "$rc" = 33 ]; then # the server does not do ranges: start over
    rm -f "$zip.part"
    curl -fL --retry 5 --retry-delay 5 -o "$zip.part" "$ZIP_URL"
  elif [ "$rc" != 0 ]; then
    echo "download failed (curl exit $rc); rerun to resume" >&2
    exit 1
  fi
  mv "$zip.part" "$zip"
fi

echo "unpacking"
rm -rf "$work/extract"
mkdir -p "$work/extract"
if command -v unzip >/dev/null; then
  unzip -q -o "$zip" -d "$work/extract"
else
  python3 -m zipfile -e "$zip" "$work/extract"
fi
# the zip holds one top folder (ptb-xl-a-large-...-1.0.3/): its contents become $dest
top="$(find "$work/extract" -mindepth 1 -maxdepth 1 -type d | head -n 1)"
[ -n "$top" ] || { echo "unexpected zip layout: no top folder" >&2; exit 1; }
cp -a "$top/." "$dest/"
rm -rf "$work/extract"

if ! verify; then
  echo "checksum mismatch: the files above differ from PhysioNet's SHA256SUMS.txt" >&2
  echo "delete $zip and rerun to download again" >&2
  exit 1
fi
touch "$marker"
[ "$keep_zip" = 1 ] || rm -f "$zip"
echo "PTB-XL $VERSION ready in $dest ($(find "$dest" -name '*.hea' | wc -l) header files)"
