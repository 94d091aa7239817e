#!/usr/bin/env bash
# CI's fresh-machine stage: the README's two commands as a new user meets them, in a
# brand-new minimal Debian 12 (../shared/tools/fresh-debian: a debootstrap chroot holding a
# copy of the committed HEAD and nothing from this machine's installed packages). Inside
# it: the install step, configure, the app's build, `threadlens list`, and the headless
# `./run.sh` writing its PNG. A package the scripts forget to install fails here, even
# when this machine happens to have it.
#
# Skipped, with one line saying why, where no fresh system can be made: the tool is absent
# (someone's own clone) or it exits 75 (no debootstrap, mirror or chroot on this machine).
# Any other failure fails CI.
set -uo pipefail
cd "$(dirname "$0")/.."
tool=../shared/tools/fresh-debian
if [ ! -x "$tool" ]; then
    echo "fresh-machine stage skipped: $tool is not here (a clone outside the project's workspace)"
    exit 0
fi
start=$(date +%s)
# The PNG is checked by its signature: a file that merely exists could be an error page.
steps='./run.sh list &&
./run.sh &&
head -c 8 threadlens-timeline.png | od -An -tx1 | tr -d " \n" | grep -qx 89504e470d0a1a0a &&
echo "fresh-machine stage: threadlens list and the headless ./run.sh PNG work on a new Debian 12"'
"$tool" "$steps"
code=$?
elapsed=$(($(date +%s) - start))
if [ $code -eq 75 ]; then
    echo "fresh-machine stage skipped: no fresh Debian 12 could be made on this machine (fresh-debian exit 75)"
    exit 0
fi
if [ $code -ne 0 ]; then
    echo "fresh-machine stage FAILED (exit $code) after ${elapsed} s" >&2
    exit $code
fi
echo "fresh-machine stage passed in ${elapsed} s"
