#!/usr/bin/env bash
# One entry point on a fresh machine with only the .NET SDK: installs what the tests need when it is missing
# (Debian packages as root, the dotnet tools of .config/dotnet-tools.json), then runs a build.cake target.
# Usage: ./build.sh [--target=Test|Build|Pack|Demo|Bench|Info] [cake arguments...]
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

case " $* " in
  *" --target=Test "*|"  ") bash eng/install-test-deps.sh ;;
esac

dotnet tool restore >/dev/null
rm -f artifacts/test-results/summary.txt
status=0
dotnet cake build.cake --verbosity=minimal "$@" || status=$?
# Cake's own closing report is not a test result: repeat the summary so it is the last line, pass or fail.
if [ -f artifacts/test-results/summary.txt ]; then
  cat artifacts/test-results/summary.txt
fi
exit "$status"
