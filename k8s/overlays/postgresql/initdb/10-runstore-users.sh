#!/bin/sh
# Runs once, when the PostgreSQL data directory is created (the postgres image runs /docker-entrypoint-initdb.d/*):
# runstore's database, owned by runstore_migrator (the migration Job/service: creates and alters tables), and
# runstore_app (the server roles: reads and writes rows of the tables the migrator creates, nothing else).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v migrator_password="$RUNSTORE_MIGRATOR_PASSWORD" -v app_password="$RUNSTORE_APP_PASSWORD" <<'SQL'
CREATE ROLE runstore_migrator LOGIN PASSWORD :'migrator_password';
CREATE ROLE runstore_app LOGIN PASSWORD :'app_password';
CREATE DATABASE runstore OWNER runstore_migrator;
\connect runstore
ALTER SCHEMA public OWNER TO runstore_migrator;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO runstore_app;
ALTER DEFAULT PRIVILEGES FOR ROLE runstore_migrator IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO runstore_app;
ALTER DEFAULT PRIVILEGES FOR ROLE runstore_migrator IN SCHEMA public
  GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO runstore_app;
SQL
