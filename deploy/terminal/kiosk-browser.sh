#!/bin/bash
# Brobygger terminal browser: Chromium, full screen on the Brobygger kiosk,
# with a FRESH profile on every start.
#
# Run by cage in brobygger-terminal.service as the unprivileged user `kiosk`
# (the unit provides the logind session, the TTY and the two folders below).
# When Chromium exits for any reason (crash, Ctrl+W, Alt+F4, ...) cage exits,
# the unit's runtime folder with the profile is deleted, and systemd starts a
# new session, with a new profile, 2 seconds later.
#
# Install as /usr/local/lib/brobygger-terminal/kiosk-browser.sh, owned by
# root, mode 0755 (the kiosk user must not be able to change it).
#
# Settings (environment, e.g. from /etc/brobygger-terminal/terminal.env):
#   KIOSK_URL           start page; must match the URLAllowlist of the Chromium
#                       policy (/etc/chromium/policies/managed/50-brobygger.json)
#   KIOSK_LANG          Chromium's language for its own pages (errors); needs
#                       the chromium-l10n package for anything but English
#   KIOSK_WAIT_SECONDS  how long to wait for the server at boot (0: don't)
# Set by systemd (RuntimeDirectory= and StateDirectory= in the unit):
#   RUNTIME_DIRECTORY   /run/brobygger-terminal: the profile is made here
#   STATE_DIRECTORY     /var/lib/brobygger-terminal: the terminal credential
#
# tests/deploy/test_terminal.py runs this script with a fake chromium.

set -euo pipefail

KIOSK_URL="${KIOSK_URL:-https://kiosk.fengsel.example/}"   # PLACEHOLDER
KIOSK_LANG="${KIOSK_LANG:-nb}"
KIOSK_WAIT_SECONDS="${KIOSK_WAIT_SECONDS:-60}"

log() { printf 'kiosk-browser: %s\n' "$*" >&2; }

if [ "$(id -u)" -eq 0 ]; then
    log "refusing to run as root; run via brobygger-terminal.service (User=kiosk)"
    exit 1
fi
if [ -z "${RUNTIME_DIRECTORY:-}" ] && [ -z "${XDG_RUNTIME_DIR:-}" ]; then
    log "no runtime folder: run via brobygger-terminal.service (RuntimeDirectory=)"
    exit 1
fi

# --- A fresh profile, in RAM ----------------------------------------------------
#
# Chromium's whole profile (history, caches, local storage, service workers,
# saved tabs, form data, crash state) lives under /run, a RAM file system,
# and is made new at every start: nothing one person did in the browser can
# be found by the next, not even after a crash or a power cut. (systemd also
# deletes the folder whenever the session ends; deleting it here as well
# covers a start outside systemd.)
#
# One thing survives: the terminal credential. Staff enrol a terminal once;
# the kiosk then sets a long-lived HttpOnly, Secure, SameSite=Strict cookie
# that proves "this is an enrolled prison terminal". Chromium keeps cookies
# in the SQLite file Default/Cookies, so that one file is a link into the
# persistent state folder. Chromium drops session cookies (an inmate's
# sign-in) from it at every start, so only persistent cookies of the kiosk
# origin (the only site the policy lets it open) carry over: the credential.
# With --password-store=basic the cookie values are encrypted with a fixed
# key, so a new profile can read them.
# Chromium also writes outside its profile, into $HOME (crash reports under
# ~/.config/chromium, caches under ~/.cache): that home is made fresh too.
runtime="${RUNTIME_DIRECTORY:-$XDG_RUNTIME_DIR/brobygger-terminal}"
state="${STATE_DIRECTORY:-/var/lib/brobygger-terminal}"
profile="$runtime/profile"
export HOME="$runtime/home"
export XDG_CONFIG_HOME="$HOME/.config" XDG_CACHE_HOME="$HOME/.cache"

umask 077
rm -rf -- "$profile" "$HOME"
mkdir -p -- "$runtime" "$state"
mkdir -- "$profile" "$profile/Default" "$HOME"
ln -s -- "$state/Cookies" "$profile/Default/Cookies"

# --- Wait (bounded) for the kiosk server ------------------------------------
# At boot the network may not be up yet; starting Chromium then would show an
# error page. Any HTTP answer (even 403) means the server is reachable.
if [ "$KIOSK_WAIT_SECONDS" -gt 0 ] && command -v curl >/dev/null 2>&1; then
    deadline=$(( $(date +%s) + KIOSK_WAIT_SECONDS ))
    until code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$KIOSK_URL") && [ "$code" != "000" ]; do
        if [ "$(date +%s)" -ge "$deadline" ]; then
            log "server $KIOSK_URL not reachable after ${KIOSK_WAIT_SECONDS}s; starting anyway"
            break
        fi
        sleep 2
    done
fi

# --- Start Chromium ----------------------------------------------------------
#
# The real lock-down is the managed policy (chromium-policy.json); the flags
# only remove UI that policies cannot:
#   --kiosk                        full screen, no address bar, tabs or menus
#   --user-data-dir=...            the fresh profile described above
#   --no-first-run, --no-default-browser-check   no welcome pages or prompts
#   --noerrdialogs                 no crash / error dialogs
#   --hide-crash-restore-bubble    no "Chromium didn't shut down correctly"
#   --disable-features=TranslateUI no translate bar
#   --disable-pinch                no pinch-zoom on touch screens (the app
#                                  offers its own text size controls)
#   --overscroll-history-navigation=0   no swipe back/forward
#   --deny-permission-prompts      never ask the user for any permission
#   --password-store=basic         no desktop keyring (there is none, and the
#                                  credential must be readable by the next
#                                  profile, see above)
#   --check-for-update-interval=31536000   no "update Chromium" nag; updates
#                                  come from apt, unattended
#   --ozone-platform=wayland       run natively under cage
#   --lang=...                     language of browser-generated pages
#
# NOT used, deliberately:
#   --incognito   would keep the credential cookie in memory only: the
#                 terminal would need enrolling again after every restart
#   --no-sandbox  never: the renderer sandbox is a key protection here
exec chromium \
    --kiosk \
    --user-data-dir="$profile" \
    --no-first-run \
    --no-default-browser-check \
    --noerrdialogs \
    --hide-crash-restore-bubble \
    --disable-features=TranslateUI \
    --disable-pinch \
    --overscroll-history-navigation=0 \
    --deny-permission-prompts \
    --password-store=basic \
    --check-for-update-interval=31536000 \
    --ozone-platform=wayland \
    --lang="$KIOSK_LANG" \
    "$KIOSK_URL"
