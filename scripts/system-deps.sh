#!/usr/bin/env bash
# Installs the Debian packages the kiosk, the agent and the tests need (idempotent).
# Without root it prints the apt-get command instead of running it.
# `--check` only tells: exit 0 when everything is installed, 1 when something is missing.
set -euo pipefail

PACKAGES=(
  libportaudio2        # sounddevice (microphone / speaker)
  # Qt: the xcb platform plugin (a real window) and what it links, measured with ldd on
  # PySide6's libqxcb.so, libQt6XcbQpa and the xcb GL integrations (QT_DEBUG_PLUGINS=1 confirms)
  libegl1 libgl1 libglx0 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0
  libx11-6 libx11-xcb1 libxkbcommon0 libxkbcommon-x11-0
  libxcb1 libxcb-cursor0 libxcb-glx0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1
  libxcb-xfixes0 libxcb-xkb1
  fonts-dejavu-core    # Qt (offscreen and on screen)
  xvfb xauth           # screenshots and `make demo` on a machine without a display
  x11-xserver-utils     # xset: a locked kiosk keeps the screen on (no screensaver, no DPMS blanking)
  openbox x11-utils wmctrl  # a window manager for the screen tests (xprop sees when it is up; wmctrl closes windows)
  systemd              # systemd-analyze verify checks the units in deploy/
  pulseaudio pulseaudio-utils libasound2-plugins  # virtual microphone and speaker for the device tests
  xdotool              # the device test presses a key in the real window
  flite festival festvox-kallpc16k sox   # test customer voices unlike the agent's own
  espeak-ng            # a third test voice engine (bench/spoken)
  postgresql           # the store's database in production; tests run a real server on a free port
  redis-server         # LiveKit's distributed mode (nodes sharing Redis); the failover test runs one
  iproute2             # `ip netns`: the faults run cuts the kiosk's network with a namespace
  chromium chromium-driver  # the store's pages tested and photographed in a real browser
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "${1:-}" = "--check" ]; then
  echo "missing system packages: ${missing[*]}"
  exit 1
fi

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=sudo
  else
    echo "missing system packages: ${missing[*]}" >&2
    echo "install them with: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
else
  SUDO=
fi

echo "installing system packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
