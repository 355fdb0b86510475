#!/usr/bin/env bash
# Installs the Debian packages the tests drive (real kernel peers in network namespaces), only when missing.
set -euo pipefail
# util-linux: setpriv, which runs the EPERM test's child without capabilities.
packages=(iproute2 iputils-ping iperf3 netcat-openbsd ethtool iptables procps util-linux)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
