#!/bin/sh
# A kubeconfig exec credential plugin for the tests, as client-go runs one:
# prints an ExecCredential of apiVersion $1 with the token $PLUGIN_TOKEN (or,
# with "cert", the client certificate and key files $2 and $3), and records
# KUBERNETES_EXEC_INFO and each run in $PLUGIN_LOG.
set -eu
echo "run $KUBERNETES_EXEC_INFO" >>"$PLUGIN_LOG"
if [ "${2:-}" = cert ]; then
  cert=$(awk 'BEGIN{ORS="\\n"} {print}' "$3")
  key=$(awk 'BEGIN{ORS="\\n"} {print}' "$4")
  printf '{"apiVersion":"%s","kind":"ExecCredential","status":{"clientCertificateData":"%s","clientKeyData":"%s"}}\n' "$1" "$cert" "$key"
else
  printf '{"apiVersion":"%s","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"%s"}}\n' "$1" "$PLUGIN_TOKEN" "${PLUGIN_EXPIRY:-2099-01-01T00:00:00Z}"
fi
