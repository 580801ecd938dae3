#!/bin/sh
# Installed as `ntlm_auth` first in PATH for the ntlm conformance unit (tools/wine-run-unit.sh).
# Wine's NTLM server side runs `ntlm_auth --helper-protocol=squid-2.5-ntlmssp`, which asks
# winbindd to check the client's answer. Given --password, Samba's ntlm_auth checks it against that
# password itself (any user name), so the test's server knows one account without a daemon. An
# empty configuration keeps the machine's smb.conf out of it. Every other use passes through.
# Environment: SSPISHIM_NTLM_AUTH (the real ntlm_auth), SSPISHIM_NTLM_PASSWORD.
: "${SSPISHIM_NTLM_AUTH:?}" "${SSPISHIM_NTLM_PASSWORD:?}"
if [ "$SSPISHIM_NTLM_AUTH" -ef "$0" ]; then
  echo "$0: SSPISHIM_NTLM_AUTH names this wrapper, not Samba's ntlm_auth" >&2
  exit 2
fi
for arg; do
  if [ "$arg" = --helper-protocol=squid-2.5-ntlmssp ]; then
    exec "$SSPISHIM_NTLM_AUTH" --configfile=/dev/null "$@" --password="$SSPISHIM_NTLM_PASSWORD"
  fi
done
exec "$SSPISHIM_NTLM_AUTH" "$@"
