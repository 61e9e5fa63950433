#!/bin/sh
# Run once by the postgres image, as the superuser, when its data volume is first initialised: the sink's login,
# in the group role ecomstream_writer. The migrate service (as POSTGRES_USER, the database's owner) then grants
# that role what the sink needs (V017); it finds the role here and only grants.
set -eu
psql -v ON_ERROR_STOP=1 -v sink_user="$SINK_DB_USER" -v sink_password="$SINK_DB_PASSWORD" \
     --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
CREATE ROLE ecomstream_writer NOLOGIN;
CREATE ROLE :"sink_user" LOGIN PASSWORD :'sink_password' IN ROLE ecomstream_writer;
SQL
