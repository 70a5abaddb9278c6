#!/usr/bin/env bash
# loadtest's HtmlReportIT opens the --report page in headless Chromium (Debian's chromium package)
# and checks that its charts rendered with data and without console errors.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
need /usr/bin/chromium chromium
