#!/usr/bin/env bash
# Creates a small cluster repository with a realistic deployment history, for trying `status` and
# `history` (the README shows their output on it): instances created and deployed, a batch
# upgrade, a merge request merged with a directive, configuration committed without deploying, a
# mistyped directive, an archive and an instance never deployed. Dates and identity are fixed, so
# the same script gives the same commit ids everywhere.
#
#   scripts/demo-history.sh /tmp/demo-cluster
#   grove-pipelines status --repo /tmp/demo-cluster
set -euo pipefail

dir="${1:?usage: scripts/demo-history.sh DIR (a folder that does not exist yet)}"
if [ -e "$dir" ]; then
  echo "error: $dir already exists; give a new folder" >&2
  exit 2
fi
mkdir -p "$dir"
cd "$dir"

day=0
# The identity is fixed whatever the environment says (a test runner may set its own).
export GIT_AUTHOR_NAME="Grove Operator" GIT_AUTHOR_EMAIL=operator@example.com
export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
g() {
  GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null \
    git -c commit.gpgsign=false -c init.defaultBranch=main "$@"
}
commit() {
  day=$((day + 1))
  local when
  when="2026-03-$(printf '%02d' "$day")T10:00:00+00:00"
  g add -A
  GIT_AUTHOR_DATE="$when" GIT_COMMITTER_DATE="$when" \
    g commit --quiet --allow-empty --cleanup=verbatim -m "$1"
}
instance() { # NAME REPOSITORY VERSION [extra config line]
  mkdir -p "instances/$1"
  {
    echo "# Tutor configuration of $1"
    echo "LMS_HOST: $1.learn.example.com"
    echo "EDX_PLATFORM_REPOSITORY: $2"
    echo "EDX_PLATFORM_VERSION: $3"
    if [ -n "${4:-}" ]; then echo "$4"; fi
  } >"instances/$1/config.yml"
}

UPSTREAM=https://github.com/openedx/edx-platform.git
g init --quiet
instance site-a "$UPSTREAM" open-release/quince.3
instance site-b "$UPSTREAM" open-release/quince.3
commit "Add site-a and site-b"
commit "[AutoDeploy][Create] site-a|101,site-b|102"
instance site-c https://github.com/open-craft/edx-platform.git opencraft-release/redwood.2
commit "Add site-c"
commit "[AutoDeploy][Create] site-c|103"
commit "[AutoDeploy][Batch][Upgrade] $UPSTREAM|open-release/quince.3"
instance site-b "$UPSTREAM" open-release/quince.3 "MAX_UPLOAD_SIZE_MB: 200"
commit "Raise site-b's upload limit"
g checkout --quiet -b theme-site-a
instance site-a "$UPSTREAM" open-release/quince.3 "COMPREHENSIVE_THEME_NAME: indigo"
commit "Use the indigo theme on site-a"
g checkout --quiet main
day=$((day + 1))
when="2026-03-$(printf '%02d' "$day")T10:00:00+00:00"
GIT_AUTHOR_DATE="$when" GIT_COMMITTER_DATE="$when" g merge --quiet --no-ff theme-site-a \
  -m "Merge branch 'theme-site-a' into 'main'" -m "[AutoDeploy][Update] site-a|104"
commit "[AutoDeploy][Updte] site-b"
instance site-d "$UPSTREAM" open-release/redwood.2
commit "Add site-d"
commit "[AutoDeploy][Archive] site-c"
echo "demo cluster repository with $(g rev-list --count HEAD) commits in $dir"
