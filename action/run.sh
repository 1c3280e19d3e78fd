#!/usr/bin/env bash
# The Action's one step: runs the leakguard CLI, which itself writes annotations (GITHUB_ACTIONS)
# and the job summary (GITHUB_STEP_SUMMARY). Inputs arrive as LEAKGUARD_* variables.
set -euo pipefail

case "${LEAKGUARD_COMMAND:-scan}" in
  scan|pack|audit) ;;
  *) echo "::error title=leakguard::input 'command' must be scan, pack or audit; got '${LEAKGUARD_COMMAND}'"; exit 2 ;;
esac

flags=()
if [ "${LEAKGUARD_ANNOTATIONS:-true}" = "false" ]; then flags+=(--no-annotations); fi
# Word-split on purpose: args is a command line ('dist --preset library').
read -r -a args <<< "${LEAKGUARD_ARGS:-}"

if [ -n "${LEAKGUARD_CLI:-}" ]; then
  # A CLI given by path (this repository's own tests run the step against the built CLI).
  exec node "$LEAKGUARD_CLI" "$LEAKGUARD_COMMAND" "${args[@]}" "${flags[@]}"
elif [ -z "${LEAKGUARD_VERSION:-}" ] && [ -x node_modules/.bin/leakguard ]; then
  exec node_modules/.bin/leakguard "$LEAKGUARD_COMMAND" "${args[@]}" "${flags[@]}"
else
  version="${LEAKGUARD_VERSION:-$(node -p "require(process.env.GITHUB_ACTION_PATH + '/packages/leakguard/package.json').version")}"
  exec npx --yes "leakguard@${version}" "$LEAKGUARD_COMMAND" "${args[@]}" "${flags[@]}"
fi
