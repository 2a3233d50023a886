-- docker-compose only: the postgres image creates POSTGRES_DB (market) itself; the registry's
-- storage database is created here. (scripts/infra/up.sh creates both with createdb instead.)
CREATE DATABASE schema_registry;
