#!/bin/sh
# Secrets arrive as files (compose or Kubernetes secrets): NAME_FILE=/path sets NAME to the file's content,
# so no secret is written into the compose file, the image or `docker inspect`.
set -eu
for name in $(env | sed -n 's/^\([A-Z][A-Z0-9_]*\)_FILE=.*/\1/p'); do
  file=$(printenv "${name}_FILE")
  if [ ! -r "$file" ]; then
    echo "${name}_FILE: cannot read ${file}" >&2
    exit 2
  fi
  export "${name}=$(cat "$file")"
  unset "${name}_FILE"
done
exec "$@"
