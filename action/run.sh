#!/usr/bin/env bash
# The Action's one step: runs the leakguard CLI, which itself writes annotations (GITHUB_ACTIONS),
# the job summary (GITHUB_STEP_SUMMARY) and the step's outputs errors, warnings and report
# (GITHUB_OUTPUT). Inputs arrive as LEAKGUARD_* variables.
set -euo pipefail

fail() { echo "::error title=leakguard::$1"; exit 2; }

case "${LEAKGUARD_COMMAND:-scan}" in
  scan|pack|audit) ;;
  *) fail "input 'command' must be scan, pack or audit; got '${LEAKGUARD_COMMAND}'" ;;
esac

flags=()
if [ "${LEAKGUARD_ANNOTATIONS:-true}" = "false" ]; then flags+=(--no-annotations); fi

# args is a command line: words split on white space (new lines too), quotes keep a path whole
# ('my dist', "my dist"). xargs splits it as a shell would, without running anything in it.
args=()
if [ -n "${LEAKGUARD_ARGS//[[:space:]]/}" ]; then
  if ! split="$(printf '%s' "$LEAKGUARD_ARGS" | xargs printf '%s\n' 2>&1)"; then
    reason="${split#*: }"
    fail "input 'args' cannot be read as arguments (${reason%%;*}): ${LEAKGUARD_ARGS}"
  fi
  while IFS= read -r arg; do args+=("$arg"); done <<< "$split"
fi

# "${a[@]+"${a[@]}"}": an empty list under set -u on the bash 3.2 of macOS runners.
run() { exec "$@" "$LEAKGUARD_COMMAND" ${args[@]+"${args[@]}"} ${flags[@]+"${flags[@]}"}; }

if [ -n "${LEAKGUARD_CLI:-}" ]; then
  # A CLI given by path (this repository's own tests run the step against the built CLI).
  run node "$LEAKGUARD_CLI"
elif [ -z "${LEAKGUARD_VERSION:-}" ] && [ -x node_modules/.bin/leakguard ]; then
  run node_modules/.bin/leakguard
else
  version="${LEAKGUARD_VERSION:-$(node -p "require(process.env.GITHUB_ACTION_PATH + '/packages/leakguard/package.json').version")}"
  run npx --yes "leakguard@${version}"
fi
