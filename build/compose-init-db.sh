#!/bin/sh
# First start of the PostgreSQL container of compose.example.yml: the
# fortfolio database, owned by the role the nodes connect as (not a
# superuser, no BYPASSRLS: row-level security keeps users' rows apart), and a
# backup role that reads every row, for pg_dump.
set -eu
psql -v ON_ERROR_STOP=1 -U postgres \
    -v app_pw="$APP_DB_PASSWORD" -v backup_pw="$BACKUP_DB_PASSWORD" <<'SQL'
CREATE ROLE fortfolio_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD :'app_pw';
CREATE ROLE fortfolio_backup LOGIN NOSUPERUSER BYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD :'backup_pw' IN ROLE pg_read_all_data;
CREATE DATABASE fortfolio OWNER fortfolio_app;
SQL
