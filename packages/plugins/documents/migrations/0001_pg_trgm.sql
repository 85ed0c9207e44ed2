-- Custom SQL migration file, put your code below! --
-- The wildcard prefilter index (documents_index_data_trgm) needs pg_trgm; the portal plugin also creates it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
