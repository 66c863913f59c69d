#!/bin/bash
# One full destruction (保管期限 → 鉴定 → 审批 → 单独存放半年 → 监销 → 销毁清册) and one recoverable deletion, as the
# users type them. The transcript is written by the CLI end-to-end test, which runs each command as that user
# with the clock fixed per command (six months pass in seconds) and checks every answer on the way.
# Run from the repository: docs/walkthroughs/destruction.sh   (writes docs/walkthroughs/destruction.txt)
# DOCARCHIVE_TEST_DEPLOYMENT=scale with the servers' URLs runs it on the scale deployment instead.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
cd "$here"
DOCARCHIVE_WALKTHROUGH="$here/docs/walkthroughs/destruction.txt" \
  .venv/bin/python -m pytest -q -p no:cacheprovider tests/e2e/test_destruction_cli.py
