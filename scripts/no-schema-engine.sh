#!/usr/bin/env sh
# Prisma 7's CLI insists on a native schema-engine binary, which cannot be downloaded
# offline. `prisma generate` only checks that the file exists; migrations use
# scripts/migrate.mjs (the WASM schema engine) instead.
if [ "$1" = "--version" ]; then echo "schema-engine-cli offline-stub"; exit 0; fi
echo "The native Prisma schema engine is not available offline; use npm run db:migrate / db:deploy." >&2
exit 1
