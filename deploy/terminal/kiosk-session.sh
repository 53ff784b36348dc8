#!/bin/bash
# Brobygger inmate terminal session: the cage Wayland kiosk compositor running
# a single locked-down Chromium window that shows the Brobygger kiosk.
#
# Started by brobygger-terminal.service as the unprivileged user `kiosk` on
# tty1 (that unit provides the logind session, XDG_RUNTIME_DIR and the TTY).
# When Chromium exits for any reason (crash, Ctrl+W, Alt+F4, ...) cage exits,
# this script exits, and systemd starts a fresh session after 2 seconds.
#
# Install as /usr/local/lib/brobygger-terminal/kiosk-session.sh, owned by
# root, mode 0755 (the kiosk user must not be able to change it).
#
# Settings (environment, e.g. from /etc/brobygger-terminal/terminal.env):
#   KIOSK_URL       start page; must match the URLAllowlist in
#                   /etc/chromium/policies/managed/brobygger.json
#   KIOSK_PROFILE   Chromium user-data-dir (persistent, see below)
#   KIOSK_LANG      Chromium UI language (error pages etc.); needs the
#                   chromium-l10n package for anything but English
#   KIOSK_WAIT_SECONDS  how long to wait for the server at boot

set -euo pipefail

KIOSK_URL="${KIOSK_URL:-https://kiosk.fengsel.example/}"
KIOSK_PROFILE="${KIOSK_PROFILE:-/var/lib/brobygger-terminal/profile}"
KIOSK_LANG="${KIOSK_LANG:-nb}"
KIOSK_WAIT_SECONDS="${KIOSK_WAIT_SECONDS:-60}"

log() { printf 'kiosk-session: %s\n' "$*" >&2; }

if [ "$(id -u)" -eq 0 ]; then
    log "refusing to run as root; run via brobygger-terminal.service (User=kiosk)"
    exit 1
fi
if [ -z "${XDG_RUNTIME_DIR:-}" ] || [ ! -d "$XDG_RUNTIME_DIR" ]; then
    log "XDG_RUNTIME_DIR is not set up; this must run inside a logind session (PAMName= in the unit)"
    exit 1
fi

# --- The Chromium profile -------------------------------------------------
#
# The profile is PERSISTENT on purpose, and Chromium is NOT started with
# --incognito (the policy also disables incognito and forbids ephemeral
# profiles). The terminal's credential -- issued once when staff enrol the
# terminal -- is a long-lived HttpOnly, Secure, SameSite=Strict cookie for the
# kiosk origin. An incognito or ephemeral profile would forget it at every
# restart, and the terminal would need re-enrolling after each crash or reboot.
#
# Persistence is therefore limited to what the terminal needs: the kiosk
# origin's cookies. Everything else is switched off by policy (history, form
# autofill, passwords, downloads, sync) or deleted below at every start.
# Inmates' own sessions do NOT live in this profile: they are ended by the
# app (idle / absolute timeouts), not by restarting the browser.

umask 077
mkdir -p "$KIOSK_PROFILE"
chmod 700 "$KIOSK_PROFILE"

# Stale single-instance locks left by a power cut or crash would make Chromium
# think another instance is running. systemd guarantees there is none.
rm -f "$KIOSK_PROFILE"/SingletonLock "$KIOSK_PROFILE"/SingletonSocket "$KIOSK_PROFILE"/SingletonCookie

# Anything a previous session may have left behind that is not the terminal
# credential: HTTP and code caches (could hold pages of the previous user if
# the app ever forgets Cache-Control: no-store), saved tabs, crash dumps.
# The cookie store ("Default/Cookies") and "Local State" are deliberately kept.
for d in "Default/Cache" "Default/Code Cache" "Default/GPUCache" \
         "Default/Sessions" "Default/Service Worker/CacheStorage" \
         "Crash Reports" "GrShaderCache" "ShaderCache"; do
    rm -rf -- "${KIOSK_PROFILE:?}/$d"
done

# Mark the last exit as clean so Chromium never shows "Restore pages?"
# after a crash or a power cut (belt and braces with --hide-crash-restore-bubble).
prefs="$KIOSK_PROFILE/Default/Preferences"
if [ -f "$prefs" ]; then
    sed -i -e 's/"exited_cleanly":false/"exited_cleanly":true/' \
           -e 's/"exit_type":"[^"]*"/"exit_type":"Normal"/' "$prefs" || true
fi

# --- Wait (bounded) for the kiosk server ------------------------------------
# At boot the network may not be up yet; starting Chromium then would show an
# error page. Any HTTP answer (even 403) means the server is reachable.
if command -v curl >/dev/null 2>&1; then
    deadline=$(( $(date +%s) + KIOSK_WAIT_SECONDS ))
    until code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$KIOSK_URL") && [ "$code" != "000" ]; do
        if [ "$(date +%s)" -ge "$deadline" ]; then
            log "server $KIOSK_URL not reachable after ${KIOSK_WAIT_SECONDS}s; starting anyway"
            break
        fi
        sleep 2
    done
fi

# --- Start cage + Chromium ---------------------------------------------------
#
# cage: -d  no client-side window decorations.
#       NOT -s: without it cage refuses Ctrl+Alt+Fn, so the user cannot
#       switch to another virtual terminal.
#
# Chromium flags (the real lock-down is the managed policy file; the flags
# only remove UI that policies cannot):
#   --kiosk                        full screen, no address bar, tabs or menus
#   --user-data-dir=...            the persistent profile described above
#   --no-first-run, --no-default-browser-check   no welcome pages or prompts
#   --noerrdialogs                 no crash / error dialogs
#   --hide-crash-restore-bubble    no "Chromium didn't shut down correctly"
#   --disable-translate, --disable-features=TranslateUI   no translate bar
#   --disable-pinch                no pinch-zoom on touch screens (the app
#                                  offers its own text size controls)
#   --overscroll-history-navigation=0   no swipe back/forward
#   --deny-permission-prompts      never ask the user for any permission
#   --password-store=basic         no desktop keyring (none exists; Chromium
#                                  would otherwise hang asking for one)
#   --check-for-update-interval=31536000   no "update Chromium" nag; updates
#                                  come from apt, unattended
#   --ozone-platform=wayland       run natively under cage
#   --lang=...                     language of browser-generated pages
#
# NOT used, deliberately:
#   --incognito   would lose the terminal credential (see above)
#   --no-sandbox  never: the renderer sandbox is a key protection here
exec cage -d -- /usr/bin/chromium \
    --kiosk \
    --user-data-dir="$KIOSK_PROFILE" \
    --no-first-run \
    --no-default-browser-check \
    --noerrdialogs \
    --hide-crash-restore-bubble \
    --disable-translate \
    --disable-features=TranslateUI \
    --disable-pinch \
    --overscroll-history-navigation=0 \
    --deny-permission-prompts \
    --password-store=basic \
    --check-for-update-interval=31536000 \
    --ozone-platform=wayland \
    --lang="$KIOSK_LANG" \
    "$KIOSK_URL"
