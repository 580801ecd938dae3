# Sourced by the tools/build-*-mingw.sh scripts: fetches a Debian source package into the
# project's .cache/ through a private deb-src list, without touching the machine's apt
# configuration (the list and the package lists live in .cache/apt).
#
#   deb_source PKG CACHE   sets DEB_SOURCE_DIR (the unpacked source, Debian patches applied)
#                          and DEB_SOURCE_VERSION (the Debian version, e.g. 7.88.1-10+deb12u5)
#
# A source already unpacked in CACHE/src is used as it is (no network); otherwise the newest
# version the mirror serves whole is downloaded.

# deb_source_list APT_DIR: writes APT_DIR/sources.list, the deb-src twin of the machine's own
# Debian `deb` sources (whatever mirror it uses), third-party repositories left out.
deb_source_list() {
  local apt_dir=$1 list="$1/sources.list" f
  : > "$list"
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' "$f" >> "$list"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk '
      function flush() { if (types ~ /(^| )deb( |$)/ && uris != "") {
          n = split(suites, s, " ");
          for (i = 1; i <= n; i++) printf "deb-src %s %s %s\n", uris, s[i], comps } ;
        types = uris = suites = comps = "" }
      /^[[:space:]]*$/ { flush(); next }
      /^Types:/ { sub(/^Types:[[:space:]]*/, ""); types = $0 }
      /^URIs:/ { sub(/^URIs:[[:space:]]*/, ""); uris = $0 }
      /^Suites:/ { sub(/^Suites:[[:space:]]*/, ""); suites = $0 }
      /^Components:/ { sub(/^Components:[[:space:]]*/, ""); comps = $0 }
      END { flush() }' "$f" >> "$list"
  done
  grep -E ' (bookworm|bookworm-updates|bookworm-security|stable|stable-security)[ /]' "$list" \
    > "$list.debian" || true
  mv "$list.debian" "$list"
  [ -s "$list" ] || { echo "no Debian sources found in the apt configuration" >&2; return 1; }
}

# deb_source_unpacked PKG SRC: the directory dpkg-source made from SRC/PKG_*.dsc, if any.
deb_source_unpacked() {
  local dsc version upstream
  dsc=$(ls "$2/$1"_*.dsc 2> /dev/null | head -n 1) || true
  [ -n "$dsc" ] || return 1
  version=$(sed -n 's/^Version: //p' "$dsc" | head -n 1)
  upstream=${version#*:}
  upstream=${upstream%-*}
  [ -d "$2/$1-$upstream" ] || return 1
  DEB_SOURCE_DIR="$2/$1-$upstream"
  DEB_SOURCE_VERSION=$version
}

deb_source() {
  local pkg=$1 cache=$2 apt_dir="$2/apt" src="$2/src" v versions
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/parts.empty" "$apt_dir/cache/archives/partial" "$src"
  deb_source_unpacked "$pkg" "$src" && return 0

  deb_source_list "$apt_dir" || return 1
  local apt_opts=(
    -o "Dir::Etc::SourceList=$apt_dir/sources.list"
    -o "Dir::Etc::SourceParts=$apt_dir/parts.empty"
    -o "Dir::State::Lists=$apt_dir/lists"
    -o "Dir::Cache=$apt_dir/cache"
    -o "APT::Get::Download-Only=false"
  )
  apt-get "${apt_opts[@]}" -q update || return 1
  # A mirror may lack the newest version's files; take the newest version it serves whole.
  versions=$(apt-cache "${apt_opts[@]}" showsrc "$pkg" | sed -n 's/^Version: //p' | sort -r -V | uniq)
  for v in $versions; do
    rm -f "$src/$pkg"_*
    if (cd "$src" && apt-get "${apt_opts[@]}" -q source --download-only "$pkg=$v"); then
      (cd "$src" && dpkg-source -x --no-check "$pkg"_*.dsc) > /dev/null || return 1
      break
    fi
  done
  deb_source_unpacked "$pkg" "$src" || { echo "could not fetch the $pkg source" >&2; return 1; }
}
