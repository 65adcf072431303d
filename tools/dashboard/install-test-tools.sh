#!/usr/bin/env bash
# Installs what the dashboard's tests drive from outside the JVM: Debian's chromium (the browser test) and
# prometheus (the Grafana board's queries). Maven runs it before the tests (mdi-server's pom, exec-maven-plugin), so
# that `mvn verify` on a fresh machine needs no step of its own. Nothing is done when both are there. When they
# cannot be had (not root, no apt, no network) it says so and exits 0: the tests then fail with that reason, they
# never skip.
set -uo pipefail

have() { command -v "$1" >/dev/null 2>&1; }
chromium_present() { have chromium || have chromium-browser; }

if chromium_present && have prometheus; then
    exit 0
fi
missing=()
chromium_present || missing+=(chromium)
have prometheus || missing+=(prometheus)
echo "dashboard tests: installing ${missing[*]} with apt-get"
if ! have apt-get; then
    echo "dashboard tests: no apt-get here; install ${missing[*]} by hand" >&2
    exit 0
fi
sudo=()
if [ "$(id -u)" != 0 ]; then
    if have sudo && sudo -n true 2>/dev/null; then sudo=(sudo -n); else
        echo "dashboard tests: not root and no sudo; install ${missing[*]} by hand" >&2
        exit 0
    fi
fi
export DEBIAN_FRONTEND=noninteractive
# an old or missing package list finds nothing: refresh it once, then install
if ! "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/mdi-apt-install.log 2>&1; then
    "${sudo[@]}" apt-get update -q >>/tmp/mdi-apt-install.log 2>&1
    if ! "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >>/tmp/mdi-apt-install.log 2>&1; then
        echo "dashboard tests: apt-get could not install ${missing[*]}; see /tmp/mdi-apt-install.log" >&2
        tail -5 /tmp/mdi-apt-install.log >&2
        exit 0
    fi
fi
echo "dashboard tests: installed ${missing[*]}"
