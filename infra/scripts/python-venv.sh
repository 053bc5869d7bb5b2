#!/usr/bin/env bash
# Sourced by the fetch scripts that install Python tools from PyPI into a virtual environment of their
# own in the git-ignored .cache/ (fetch-schemathesis.sh, infra/deploy/scripts/fetch-deploy-tools.sh).
#
#   install_python_venv <venv> <who> <pip requirement>...
#
# PYTHON_VENV_HINT, when set, is added to the message that no Python was found (e.g. how to point the
# script at a ready executable instead).
#
# finds Python 3.9+ (python3, then python), builds the venv in place (a venv's scripts name their
# interpreter by absolute path) and pip-installs the requirements; a marker file `.complete` says the
# install finished, so a half-made venv from an interrupted run is made again. Messages go to stderr
# prefixed with <who>; on failure the half-made venv is removed and the function exits the script.

install_python_venv() {
  local venv="$1" who="$2"
  shift 2
  local python="" candidate
  for candidate in python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 9))' 2>/dev/null; then
      python="$candidate"; break
    fi
  done
  [ -n "$python" ] || { echo "$who: $* need Python 3.9+ with venv and pip; none found${PYTHON_VENV_HINT:+ ($PYTHON_VENV_HINT)}" >&2; exit 1; }
  echo "$who: installing $* from PyPI into $venv" >&2
  rm -rf "$venv"
  "$python" -m venv "$venv" >&2 || { echo "$who: '$python -m venv' failed (on Debian: apt-get install python3-venv)" >&2; exit 1; }
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$@" >&2 \
    || { echo "$who: pip install $* failed (is PyPI reachable?)" >&2; rm -rf "$venv"; exit 1; }
  touch "$venv/.complete"
}
