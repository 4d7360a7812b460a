-- The name search (display_name IS_SUBSTRING, a LIKE '%text%' on display_name_key) through a trigram index: without
-- one its total_size counts by reading every name of the scope (ix_run_list_ns_name_key), tens of milliseconds at
-- 100,000 runs in a namespace. pg_trgm ships with PostgreSQL (contrib) and is a trusted extension since PostgreSQL 13:
-- a database owner may create it. Where it is not installed, or this user may not create it, the migration still
-- succeeds without the index (a notice says so) and the search reads as before; an administrator can create the
-- extension and the index later (README, "Use PostgreSQL or MySQL/MariaDB"). The operator class is named with the
-- extension's schema, which need not be on the search path. A rebuild copies the index to its shadow tables.
DO $$
DECLARE
    trgm_schema name;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
        BEGIN
            CREATE EXTENSION IF NOT EXISTS pg_trgm;
        EXCEPTION WHEN insufficient_privilege OR undefined_file THEN
            RAISE NOTICE 'pg_trgm not created (%): run_list gets no trigram index; the name search works without it',
                SQLERRM;
        END;
    ELSE
        RAISE NOTICE 'pg_trgm is not installed: run_list gets no trigram index; the name search works without it';
    END IF;
    SELECT n.nspname INTO trgm_schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname = 'pg_trgm';
    IF trgm_schema IS NOT NULL THEN
        EXECUTE format('CREATE INDEX ix_run_list_name_key_trgm ON run_list USING gin (display_name_key %I.gin_trgm_ops)',
            trgm_schema);
    END IF;
END
$$;
