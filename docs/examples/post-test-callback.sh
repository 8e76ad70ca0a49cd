#!/usr/bin/env bash
# Posts a signed callback to your receiver exactly as the gateway signs one, to test it:
#   docs/examples/post-test-callback.sh URL SECRET FILE
# FILE holds the callback body (JSON with "event" and "messageId"); it is sent byte for byte.
# Needs bash, curl and openssl. Prints the HTTP status your receiver answered.
set -euo pipefail
url=$1 secret=$2 file=$3
event=$(sed -n 's/.*"event" *: *"\([^"]*\)".*/\1/p' "$file" | head -n 1)
message_id=$(sed -n 's/.*"messageId" *: *"\([^"]*\)".*/\1/p' "$file" | head -n 1)
timestamp=$(date +%s)
# The signature covers "<timestamp>.<raw body>": HMAC-SHA256 keyed with the secret, in hex.
signature=$({ printf '%s.' "$timestamp"; cat "$file"; } | openssl dgst -sha256 -hmac "$secret" -r | cut -d ' ' -f 1)
curl -sS -o /dev/null -w '%{http_code}\n' -X POST "$url" \
  -H 'Content-Type: application/json' \
  -H "X-Lienthong-Event: $event" \
  -H "X-Lienthong-Message-Id: $message_id" \
  -H "X-Lienthong-Timestamp: $timestamp" \
  -H "X-Lienthong-Signature: v1=$signature" \
  --data-binary "@$file"
