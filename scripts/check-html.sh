#!/usr/bin/env bash
# Checks export's HTML page and review page in a real headless browser (Debian's chromium):
# each page renders (its DOM has the expected parts), logs no console errors, and gets a
# screenshot. Installs chromium with apt-get when it is missing.
#
#   scripts/check-html.sh                 # check, screenshots to a temporary folder
#   scripts/check-html.sh --screenshots docs/screenshots   # refresh the screenshots in docs/
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
shots=""
if [[ "${1:-}" == "--screenshots" ]]; then shots="$(cd "${2:?folder}" && pwd)"; fi

browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [[ -z "$browser" ]]; then
    echo "check-html: chromium is missing; installing Debian's chromium" >&2
    sudo_cmd=""; [[ "$(id -u)" != 0 ]] && sudo_cmd="sudo"
    $sudo_cmd apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y --no-install-recommends chromium
    browser="$(command -v chromium)"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
[[ -z "$shots" ]] && shots="$work/screenshots" && mkdir -p "$shots"

# The pages, from the example pipeline over the sample reports.
(cd "$root" && swift build --product reportkit >/dev/null)
REPORTKIT_OUT="$work/out" "$root/.build/debug/reportkit" run "$root/pipelines/export-all.yaml" --quiet
# A report with recorded edits and dropped lines, so the review page has something to show.
REPORTKIT_OUT="$work/out" "$root/.build/debug/reportkit" run "$root/scripts/check-html/pages.yaml" \
    "$root/scripts/check-html/edited-report.json" --quiet

chrome() {
    # --enable-logging=stderr puts console messages on stderr as "CONSOLE(...)" / "Uncaught" lines.
    "$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars \
        --no-first-run --user-data-dir="$work/profile" --enable-logging=stderr --v=0 "$@"
}

failures=0
check_page() {  # name file expected-text...   (SHOTS overrides the screenshot folder)
    local name="$1" file="$2"; shift 2
    local shots="${SHOTS:-$shots}"
    local dom="$work/$name.dom" log="$work/$name.log"
    if ! chrome --dump-dom "file://$file" >"$dom" 2>"$log"; then
        echo "FAIL $name: chromium exited with an error"; sed 's/^/    /' "$log"; failures=$((failures + 1)); return
    fi
    if grep -E 'CONSOLE|Uncaught|:ERROR:.*(console|javascript)' "$log" >/dev/null; then
        echo "FAIL $name: console errors"; grep -E 'CONSOLE|Uncaught' "$log" | sed 's/^/    /'; failures=$((failures + 1))
    fi
    for needle in "$@"; do
        if ! grep -qF -- "$needle" "$dom"; then echo "FAIL $name: rendered page lacks $needle"; failures=$((failures + 1)); fi
    done
    chrome --screenshot="$shots/$name.png" --window-size=412,915 "file://$file" >/dev/null 2>&1
    chrome --screenshot="$shots/$name-dark.png" --window-size=412,915 --blink-settings=preferredColorScheme=0 \
        --force-dark-mode "file://$file" >/dev/null 2>&1 || true
    [[ -s "$shots/$name.png" ]] || { echo "FAIL $name: no screenshot"; failures=$((failures + 1)); return; }
    echo "ok   $name: renders, no console errors, screenshot $shots/$name.png"
}

# The console check must be able to fail: a control page that logs an error has to be caught.
printf '<!DOCTYPE html><html><body><script>console.error("control")</script></body></html>' >"$work/control.html"
chrome --dump-dom "file://$work/control.html" >/dev/null 2>"$work/control.log" || true
if ! grep -E 'CONSOLE|control' "$work/control.log" >/dev/null; then
    echo "FAIL the console check sees nothing: chromium did not log the control page's console.error"; exit 1
fi

for page in "$work"/out/all/html/*.html; do
    SHOTS="$work" check_page "sample-$(basename "$page" .html)" "$page" '<h1>' '<div class="body">'
done
check_page review-batch "$work/out/all/review.html" '<h1>Review of 2 reports</h1>' '<section class="report">'
check_page html "$work/out/pages/island-ferries-move-to-a-half-hourly-timetable.html" \
    '<aside class="summary"' '<section class="key-quotes"' '<figcaption>— Ines Duarte'
check_page review "$work/out/pages/review-island-ferries-move-to-a-half-hourly-timetable.html" \
    '<details class="rule"' '<del>' '<ins>' '<ul class="dropped">'

if [[ $failures -gt 0 ]]; then echo "check-html: $failures problem(s)"; exit 1; fi
echo "check-html: all pages passed"
