#!/usr/bin/env bash
# Builds the package (scripts/package.sh) and checks it as a server without Swift would see it:
# lintian (any error fails), the .deb's contents, sizes and Depends; then the package unpacked into
# a scratch root (dpkg-deb -x) and its binary run with the Swift toolchain out of reach: hidden
# under an empty tmpfs in a private mount namespace where that is allowed (root), and in any case
# off PATH and LD_LIBRARY_PATH, with `ldd` naming no toolchain library. There it must print its
# version, chat with piped input and answer a filter turn against the built-in demo store (from a
# directory without intents/, so the installed intents are found by default), pass `doctor`
# against `magedesk simulate`, and check the installed intents; the systemd unit must pass
# `systemd-analyze verify` and score at most 2.5 in `systemd-analyze security`. As root with
# CI=true it also installs the .deb with dpkg, checks what the maintainer scripts set up, and
# purges it again.
#   scripts/test-package.sh [--skip-build]   (--skip-build: check the packages already in dist/)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

fail() { echo "test-package: FAIL: $*" >&2; exit 1; }
pass() { echo "test-package: ok   $*"; }

# ---- Inside the mount namespace: the installed binary, toolchain out of reach -------------------
if [[ ${1:-} == --run-installed ]]; then
    root=$2 work=$3 toolchain=$4 hidden=$5
    if [[ $hidden == yes ]]; then
        mount -t tmpfs -o size=1m,mode=0755 magedesk-no-toolchain "$toolchain" || fail "cannot hide $toolchain"
        [[ -z $(ls -A "$toolchain") ]] || fail "$toolchain is still visible"
    fi
    bin=$root/usr/bin/magedesk
    export PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=$work/home LANG=C.UTF-8 NO_COLOR=1
    unset LD_LIBRARY_PATH MAGEDESK_INTENTS MAGENTO_BASE_URL MAGENTO_ACCESS_TOKEN MAGENTO_API_USER MAGENTO_API_KEY
    mkdir -p "$HOME" "$work/cwd"
    cd "$work/cwd"
    command -v swift >/dev/null && fail "swift is still on PATH: $(command -v swift)"
    ldd "$bin" | grep -Eq "not found|libswift|libFoundation|libdispatch|$toolchain" && fail "ldd: $(ldd "$bin")"
    pass "ldd names only system libraries: $(ldd "$bin" | awk '{print $1}' | grep -v '^/' | sort | tr '\n' ' ')"

    expected_version=$(tr -d ' \n' < "$repo/VERSION")
    version_line=$("$bin" --version)
    [[ $version_line =~ ^$expected_version\ \(commit\ [0-9a-f]{7,}(\+dirty)?\)$ ]] || fail "--version printed '$version_line'"
    pass "--version: $version_line"

    chat=$(printf 'where is my order 000000104?\nmax.mustermann@example.de\nthanks!\n' | "$bin" chat 2>"$work/chat.err") \
        || fail "chat exited $?: $(cat "$work/chat.err")"
    grep -q "Your order 000000104 from May 12, 2025 is processing" <<<"$chat" || fail "chat answered: $chat"
    pass "chat with piped input answers from the demo store, with the installed intents"

    reply=$(echo '{"conversation_id":"T-1","text":"where is my order 000000101?"}' | "$bin" filter --config "$root/etc/magedesk/config.yaml" 2>/dev/null) \
        || fail "filter (with the installed config.yaml template) exited $?"
    grep -q '"intent":{"name":"order_status"' <<<"$reply" && grep -q '"awaiting":"email"' <<<"$reply" || fail "filter answered: $reply"
    pass "filter answers a turn, reading the installed config.yaml template"

    "$bin" simulate --port 0 > "$work/simulate.out" 2>"$work/simulate.err" &
    simulator=$!
    for _ in $(seq 100); do grep -q "^Magento 1:" "$work/simulate.out" 2>/dev/null && break; sleep 0.1; done
    magento2=$(sed -n 's/^Magento 2: //p' "$work/simulate.out")
    magento1=$(sed -n 's/^Magento 1: //p' "$work/simulate.out")
    [[ -n $magento2 && -n $magento1 ]] || { kill "$simulator"; fail "simulate printed: $(cat "$work/simulate.out" "$work/simulate.err")"; }
    for face in "$magento2" "$magento1"; do
        # shellcheck disable=SC2086 # the line is NAME=value pairs
        if ! doctor=$(env $face "$bin" doctor 2>&1); then kill "$simulator"; fail "doctor against the simulator ($face): $doctor"; fi
        grep -q "^OK " <<<"$doctor" && ! grep -q "^FAIL" <<<"$doctor" || { kill "$simulator"; fail "doctor printed: $doctor"; }
    done
    kill "$simulator"
    wait "$simulator" || true
    pass "doctor passes against magedesk simulate (Magento 2 and Magento 1)"

    check=$("$bin" intents check "$root/usr/share/magedesk/intents" --labelled "$repo/Tests/Fixtures/eval/intents-en.jsonl" --min-accuracy 0.9) \
        || fail "intents check on the installed intents: $check"
    grep -q "^OK " <<<"$check" && grep -q "^accuracy " <<<"$check" || fail "intents check printed: $check"
    pass "intents check on the installed intents: $(grep -E '^(OK|accuracy)' <<<"$check" | tr '\n' ' ')"

    "$bin" intents init "$work/my-intents" > /dev/null || fail "intents init"
    sed -i 's/^intent: order_status/intent: order_status\n  broken: [/' "$work/my-intents/en/order_status.yaml"
    if broken=$("$bin" intents check "$work/my-intents" 2>&1); then fail "intents check accepted a broken file"; fi
    grep -q "my-intents/en/order_status.yaml:[0-9]" <<<"$broken" || fail "intents check named no file:line: $broken"
    pass "intents init copies them; check names file:line of an error and exits 1"
    exit 0
fi

# ---- Outside: build, lintian, contents ---------------------------------------------------------
scripts/install-deps.sh --package
if [[ ${1:-} != --skip-build ]]; then
    scripts/package.sh
fi
version=$(tr -d ' \n' < VERSION)
arch=$(dpkg --print-architecture)
deb=dist/magedesk_${version}_$arch.deb
tarball=dist/magedesk-$version-linux-$(uname -m).tar.gz
[[ -f $deb && -f $tarball ]] || fail "no packages in dist/ for $version"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/root

lintian_output=$(lintian --fail-on none --tag-display-limit 0 "$deb" 2>&1 || true)
errors=$(grep '^E: ' <<<"$lintian_output" || true)
[[ -z $errors ]] || fail "lintian reports errors:"$'\n'"$errors"
pass "lintian: no errors ($(grep -c '^W: ' <<<"$lintian_output" || true) warnings)"
grep '^W: ' <<<"$lintian_output" | sed 's/^/    /' || true

deb_bytes=$(stat -c %s "$deb")
((deb_bytes <= 40 * 1024 * 1024)) || fail "$deb is $deb_bytes bytes (limit 40 MB)"
depends=$(dpkg-deb -f "$deb" Depends)
grep -Eiq "swift|foundation|dispatch|curl" <<<"$depends" && fail "Depends names toolchain or unneeded libraries: $depends"
pass "$deb: $((deb_bytes / 1024)) KiB; Depends: $depends"
[[ $(dpkg-deb -I "$deb" conffiles) == /etc/magedesk/config.yaml ]] || fail "conffiles: $(dpkg-deb -I "$deb" conffiles)"
listing=$(dpkg-deb -c "$deb")
grep -q '^-rw-r----- root/root .* ./etc/magedesk/config.yaml$' <<<"$listing" || fail "config.yaml is not 0640 in the package"

dpkg-deb -x "$deb" "$root"
bin=$root/usr/bin/magedesk
bin_bytes=$(stat -c %s "$bin")
((bin_bytes <= 90 * 1024 * 1024)) || fail "the installed binary is $bin_bytes bytes (limit 90 MB)"
file_type=$(objdump -h "$bin" | grep -c '\.debug_' || true)
((file_type == 0)) || fail "the installed binary still has debug sections"
pass "installed binary: $((bin_bytes / 1024 / 1024)) MiB, stripped"

# The tarball holds the same files as the package.
tar_files=$(tar -tzf "$tarball" | sed 's|^[^/]*/||' | grep -v '/$' | grep -v '^$' | sort)
deb_files=$(cd "$root" && find . -type f | sed 's|^\./||' | sort)
[[ $tar_files == "$deb_files" ]] || fail "the tarball's files differ from the package's: $(diff <(echo "$tar_files") <(echo "$deb_files") | head)"
pass "the tarball holds the package's $(wc -l <<<"$deb_files") files"

# Man pages: magedesk(1) and one per subcommand, as the binary defines them; completions.
[[ -f $root/usr/share/man/man1/magedesk.1.gz ]] || fail "no magedesk(1)"
for command in $("$bin" --help | awk '/^SUBCOMMANDS:/{on=1; next} on && /^  [a-z]/{print $1}'); do
    [[ -f $root/usr/share/man/man1/magedesk.$command.1.gz || -f $root/usr/share/man/man1/magedesk-$command.1.gz ]] \
        || fail "no man page for magedesk $command: $(ls "$root/usr/share/man/man1")"
done
for completion in usr/share/bash-completion/completions/magedesk usr/share/zsh/vendor-completions/_magedesk usr/share/fish/vendor_completions.d/magedesk.fish; do
    grep -q "serve" "$root/$completion" || fail "$completion does not complete the subcommands"
done
pass "man pages ($(ls "$root/usr/share/man/man1" | wc -l)) and bash, zsh, fish completions"

# The systemd unit: verified as installed (a copy whose ExecStart is the unpacked binary, with the
# unpacked man pages on MANPATH for Documentation=), and its hardening scored.
unit=$root/lib/systemd/system/magedesk.service
mkdir -p "$work/unit"
sed "s|^ExecStart=/usr/bin/magedesk|ExecStart=$bin|" "$unit" > "$work/unit/magedesk.service"
grep -q "^ExecStart=$bin serve " "$work/unit/magedesk.service" || fail "the unit's ExecStart is not /usr/bin/magedesk serve"
verify=$(cd "$work" && MANPATH=$root/usr/share/man systemd-analyze verify "$work/unit/magedesk.service" 2>&1) || fail "systemd-analyze verify: $verify"
[[ -z $verify ]] || fail "systemd-analyze verify: $verify"
pass "systemd-analyze verify: clean"
exposure=$(systemd-analyze security --offline=yes "$unit" 2>&1 | sed -n 's/.*Overall exposure level for magedesk.service: \([0-9.]*\).*/\1/p')
[[ -n $exposure ]] || fail "systemd-analyze security printed no exposure level"
awk -v e="$exposure" 'BEGIN { exit !(e <= 2.5) }' || fail "systemd-analyze security: exposure $exposure (at most 2.5)"
pass "systemd-analyze security: exposure $exposure"

# The binary, with the toolchain out of reach.
toolchain=$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")
hidden=no
if [[ $toolchain != /usr && $(id -u) -eq 0 ]] && unshare -m true 2>/dev/null; then hidden=yes; fi
[[ $hidden == yes ]] || echo "test-package: note: cannot hide $toolchain here; it is kept off PATH and LD_LIBRARY_PATH only"
if [[ $hidden == yes ]]; then
    unshare -m bash "$0" --run-installed "$root" "$work" "$toolchain" yes
else
    bash "$0" --run-installed "$root" "$work" "$toolchain" no
fi

# As root in CI: a real install, what the maintainer scripts did, and a purge.
if [[ $(id -u) -eq 0 && ${CI:-} == true ]]; then
    dpkg -s magedesk >/dev/null 2>&1 && fail "magedesk is already installed on this machine; not touching it"
    dpkg -i "$deb" >/dev/null 2>&1 || { apt-get install -y -qq "./$deb" >/dev/null || fail "dpkg -i $deb"; }
    getent passwd magedesk | grep -q ':/var/lib/magedesk:/usr/sbin/nologin$' || fail "no magedesk system user: $(getent passwd magedesk)"
    [[ $(stat -c '%a %U %G' /etc/magedesk/config.yaml) == "640 root magedesk" ]] || fail "config.yaml: $(stat -c '%a %U %G' /etc/magedesk/config.yaml)"
    [[ $(stat -c '%a %U' /etc/magedesk/magedesk.env) == "600 root" ]] || fail "magedesk.env: $(stat -c '%a %U' /etc/magedesk/magedesk.env)"
    # As the service's user: the settings file is readable through the group, the intents found.
    answer=$(cd / && echo '{"conversation_id":"T-1","text":"hello"}' | runuser -u magedesk -- env HOME=/nonexistent \
        magedesk filter --config /etc/magedesk/config.yaml 2>&1) || fail "the installed magedesk, as user magedesk: $answer"
    grep -q '"intent":{"name":"greeting"' <<<"$answer" || fail "the installed magedesk answered: $answer"
    dpkg --remove magedesk >/dev/null
    [[ -f /etc/magedesk/config.yaml && -f /etc/magedesk/magedesk.env ]] || fail "remove deleted the settings"
    dpkg --purge magedesk >/dev/null
    [[ ! -e /etc/magedesk ]] || fail "purge left /etc/magedesk: $(ls -A /etc/magedesk)"
    pass "dpkg -i creates the magedesk user, config.yaml 0640 root:magedesk, magedesk.env 0600; remove keeps them, purge deletes them"
fi
echo "test-package: all checks passed"
