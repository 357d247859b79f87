#!/bin/sh
# Run once by the postgres image on first start: one database per agency (HUB_DATABASES).
set -eu
for database in $HUB_DATABASES; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" -c "CREATE DATABASE $database"
done
