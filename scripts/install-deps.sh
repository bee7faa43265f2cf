#!/usr/bin/env bash
# Install every build and test dependency of libcus from Debian 12 packages.
# Safe to run again; needs root (or sudo).
set -euo pipefail

packages=(
	build-essential cmake pkg-config
	libsqlcipher-dev sqlcipher
	libsodium-dev
	libicu-dev
	libxlsxwriter-dev
	libyaml-dev
	check
	python3 python3-openpyxl
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${packages[@]}"
