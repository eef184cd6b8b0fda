#!/bin/sh
# Pictures of the demo's report for docs/images/: every PDF page as a PNG (pypdfium2), the
# one-page `session prep` PDF (session-prep.png), and the
# HTML report as a headless-Chromium screenshot at a wide and a phone width.
#   scripts/make_pictures.sh            (run from the repository root, with the venv active)
# Needs: the test extra (pypdfium2) and chromium (apt-get install -y chromium).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/docs/images"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export RECOVERY_HOME="$WORK/home" PYTHONPATH="$ROOT/src${PYTHONPATH:+:$PYTHONPATH}"
PY=${PYTHON:-python}
mkdir -p "$OUT"
rm -f "$OUT"/report-page-*.png "$OUT"/report-html*.png "$OUT"/session-prep.png
"$PY" -m recovery_cli demo >/dev/null
"$PY" -m recovery_cli export --format pdf -o "$WORK/report.pdf" 2>/dev/null
"$PY" -m recovery_cli export --format html -o "$WORK/report.html" 2>/dev/null
"$PY" -m recovery_cli session prep -o "$WORK/session.pdf" 2>/dev/null
"$PY" - "$WORK/report.pdf" "$OUT" <<'PYEOF'
import sys
import pypdfium2 as pdfium

doc = pdfium.PdfDocument(sys.argv[1])
for i, page in enumerate(doc, start=1):
    page.render(scale=1.5).to_pil().convert("RGB").save(f"{sys.argv[2]}/report-page-{i}.png",
                                                         optimize=True)
print(f"{len(doc)} PDF pages")
prep = pdfium.PdfDocument(sys.argv[1].replace("report.pdf", "session.pdf"))
assert len(prep) == 1, f"session prep is {len(prep)} pages"
prep[0].render(scale=1.5).to_pil().convert("RGB").save(f"{sys.argv[2]}/session-prep.png",
                                                       optimize=True)
PYEOF
shot() {
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run \
    --user-data-dir="$(mktemp -d -p "$WORK")" --hide-scrollbars \
    --screenshot="$1" --window-size="$2" "file://$WORK/report.html" 2>/dev/null
}
shot "$OUT/report-html.png" 1000,2000
shot "$OUT/report-html-phone.png" 390,1600
ls -l "$OUT"
