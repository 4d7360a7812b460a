#!/bin/sh
# Runs once, when the MySQL data directory is created (the mysql image runs /docker-entrypoint-initdb.d/*):
# runstore's database, runstore_migrator (the migration Job/service: creates and alters tables) and runstore_app
# (the server roles: reads and writes rows, nothing else). Passwords must not contain a single quote.
set -eu
mysql --protocol=socket -uroot -p"$MYSQL_ROOT_PASSWORD" <<SQL
CREATE DATABASE IF NOT EXISTS runstore;
CREATE USER 'runstore_migrator'@'%' IDENTIFIED BY '${RUNSTORE_MIGRATOR_PASSWORD}';
GRANT ALL PRIVILEGES ON runstore.* TO 'runstore_migrator'@'%';
CREATE USER 'runstore_app'@'%' IDENTIFIED BY '${RUNSTORE_APP_PASSWORD}';
GRANT SELECT, INSERT, UPDATE, DELETE ON runstore.* TO 'runstore_app'@'%';
SQL
