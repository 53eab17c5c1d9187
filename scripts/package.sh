#!/usr/bin/env bash
# Builds magedesk for servers without a Swift toolchain and writes, in dist/:
#   magedesk_<version>_<arch>.deb              the Debian package (install with apt or dpkg)
#   magedesk-<version>-linux-<machine>.tar.gz  the same files for other Linux systems
#   magedesk-<version>-linux-<machine>.debug   the symbols stripped from the binary (for backtraces)
# The Swift runtime and Foundation are linked in (--static-swift-stdlib); the binary needs only
# what the .deb's Depends names. The version is the VERSION file's; `magedesk --version` adds the
# git commit. A release build from scratch takes ~15 minutes on 2 cores (in .build-static, kept
# between runs, so a rebuild after a change takes a few).
set -euo pipefail
cd "$(dirname "$0")/.."
root_dir=$PWD

scripts/install-deps.sh --package

version=$(tr -d ' \n' < VERSION)
arch=$(dpkg --print-architecture)
machine=$(uname -m)
scratch=.build-static
dist=dist
# Dates inside the package (man pages, changelog, file times) are the commit's, so the same commit
# gives the same files.
commit_epoch=$(git log -1 --format=%ct 2>/dev/null || date +%s)
export SOURCE_DATE_EPOCH=$commit_epoch
commit_date=$(date -u -d "@$commit_epoch" +%Y-%m-%d)

echo "package: building magedesk $version (release, static Swift runtime; log in $scratch/package-build.log)" >&2
mkdir -p "$scratch"
# Optimized for size: the Swift runtime and Foundation are linked in, and -Osize keeps the installed
# binary within its 90 MB budget (the hot paths are byte loops that -Osize leaves as fast).
build_flags=(-c release --static-swift-stdlib -Xswiftc -Osize)
if ! swift build "${build_flags[@]}" --product magedesk --scratch-path "$scratch" > "$scratch/package-build.log" 2>&1; then
    tail -40 "$scratch/package-build.log" >&2
    exit 1
fi
# magedesk's own code builds without warnings (the dependencies' warnings are theirs).
own_warnings=$(grep -E "^($root_dir/)?(Sources|Tools|Plugins)/[^:]+:[0-9]+:[0-9]+: warning:" "$scratch/package-build.log" | sort -u || true)
if [[ -n $own_warnings ]]; then
    echo "package: the release build warns in magedesk's own code:" >&2
    echo "$own_warnings" >&2
    exit 1
fi
swift build "${build_flags[@]}" --product generate-manual --scratch-path "$scratch" >> "$scratch/package-build.log" 2>&1 \
    || { tail -20 "$scratch/package-build.log" >&2; exit 1; }
bin_dir=$(swift build "${build_flags[@]}" --scratch-path "$scratch" --show-bin-path)
built=$bin_dir/magedesk

toolchain_libs=$(ldd "$built" | grep -E "libswift|libFoundation|libdispatch|libBlocksRuntime|/usr/lib/swift|$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")" || true)
if [[ -n $toolchain_libs ]]; then
    echo "package: the binary still loads libraries from the Swift toolchain:" >&2
    echo "$toolchain_libs" >&2
    exit 1
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
tree=$stage/root
mkdir -p "$tree"/usr/bin "$tree"/usr/share/magedesk "$tree"/etc/magedesk "$tree"/lib/systemd/system \
    "$tree"/usr/share/man/man1 "$tree"/usr/share/doc/magedesk \
    "$tree"/usr/share/bash-completion/completions "$tree"/usr/share/zsh/vendor-completions "$tree"/usr/share/fish/vendor_completions.d
mkdir -p "$dist"
rm -f "$dist"/magedesk_*.deb "$dist"/magedesk-*-linux-*.tar.gz "$dist"/magedesk-*-linux-*.debug

# The binary, stripped; its symbols go to the .debug file beside the packages, which gdb finds
# through the binary's .gnu_debuglink.
debug_name=magedesk-$version-linux-$machine.debug
objcopy --only-keep-debug "$built" "$dist/$debug_name"
chmod 0644 "$dist/$debug_name"
objcopy --strip-all --add-gnu-debuglink="$dist/$debug_name" "$built" "$tree/usr/bin/magedesk"
chmod 0755 "$tree/usr/bin/magedesk"

# Data: the intents (the demo store and the WSDLs are compiled into the binary).
cp -R intents "$tree/usr/share/magedesk/intents"
cp packaging/magedesk.env "$tree/usr/share/magedesk/magedesk.env"
install -m 0640 packaging/config.yaml "$tree/etc/magedesk/config.yaml"
install -m 0644 packaging/magedesk.service "$tree/lib/systemd/system/magedesk.service"
install -D -m 0644 packaging/lintian-overrides "$tree/usr/share/lintian/overrides/magedesk"

# Man pages and completions, from the command definitions of the binary just built.
"$bin_dir/generate-manual" "$tree/usr/bin/magedesk" --multi-page --date "$commit_date" --section 1 \
    --authors "magedesk maintainers" --output-directory "$tree/usr/share/man/man1"
"$tree/usr/bin/magedesk" --generate-completion-script bash > "$tree/usr/share/bash-completion/completions/magedesk"
"$tree/usr/bin/magedesk" --generate-completion-script zsh > "$tree/usr/share/zsh/vendor-completions/_magedesk"
"$tree/usr/bin/magedesk" --generate-completion-script fish > "$tree/usr/share/fish/vendor_completions.d/magedesk.fish"

# Debian's documentation: copyright and changelog.
{
    echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
    echo "Upstream-Name: magedesk"
    echo
    echo "Files: *"
    echo "Copyright: $(sed -n 's/^Copyright (c) //p' LICENSE | head -1)"
    echo "License: Expat"
    echo
    echo "License: Expat"
    sed -n '/^Permission is hereby granted/,$p' LICENSE | sed 's/^$/./; s/^/ /'
} > "$tree/usr/share/doc/magedesk/copyright"
{
    echo "magedesk ($version) unstable; urgency=medium"
    echo
    echo "  * Release $version (git commit $(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown))."
    echo
    echo " -- magedesk maintainers <maintainers@magedesk.example>  $(date -u -R -d "@$commit_epoch")"
} | gzip -9n > "$tree/usr/share/doc/magedesk/changelog.gz"

find "$tree/usr/share/man" -type f -name '*.1' -exec gzip -9n {} +
find "$tree" -type d -exec chmod 0755 {} +
find "$tree/usr/share" "$tree/lib" -type f -exec chmod 0644 {} +

# The tarball: the same files under one folder (unpack with --strip-components=1 into / or a prefix).
tar_name=magedesk-$version-linux-$machine
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$commit_epoch" \
    --transform "s|^\./|$tar_name/|" -C "$tree" -czf "$dist/$tar_name.tar.gz" .

# The Debian package: control data, conffiles, maintainer scripts, md5sums.
mkdir -p "$tree/DEBIAN"
shlibs=$(mkdir -p "$stage/shlibs/debian" && cd "$stage/shlibs" \
    && printf 'Source: magedesk\n\nPackage: magedesk\nArchitecture: any\n' > debian/control \
    && dpkg-shlibdeps -O "$tree/usr/bin/magedesk" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
if [[ -z $shlibs ]]; then
    echo "package: dpkg-shlibdeps found no shared-library dependencies for the binary" >&2
    exit 1
fi
installed_kb=$(du -sk --exclude=DEBIAN "$tree" | cut -f1)
cat > "$tree/DEBIAN/control" <<EOF
Package: magedesk
Version: $version
Architecture: $arch
Maintainer: magedesk maintainers <maintainers@magedesk.example>
Installed-Size: $installed_kb
Depends: $shlibs, adduser
Section: net
Priority: optional
Description: answers customer questions about Magento orders
 magedesk reads a customer's message ("where is my order #000000101?"),
 works out what is asked, asks for what is missing, checks that the asker
 may see the order (the order number plus its email or billing postcode),
 looks the order up read-only in a Magento 1 or 2 store, and replies from
 editable templates. It runs as a terminal chat, a JSON-lines filter for
 helpdesks, or an HTTP service (systemd unit magedesk.service, not enabled
 on install).
EOF
echo /etc/magedesk/config.yaml > "$tree/DEBIAN/conffiles"
install -m 0755 packaging/debian/postinst packaging/debian/prerm packaging/debian/postrm "$tree/DEBIAN/"
(cd "$tree" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum) > "$tree/DEBIAN/md5sums"
chmod 0644 "$tree/DEBIAN/control" "$tree/DEBIAN/conffiles" "$tree/DEBIAN/md5sums"
deb=$dist/magedesk_${version}_$arch.deb
dpkg-deb --root-owner-group -Zxz --build "$tree" "$deb" >/dev/null

echo "package: wrote" >&2
ls -l "$deb" "$dist/$tar_name.tar.gz" "$dist/$debug_name" >&2
echo "package: Depends: $shlibs, adduser" >&2
