-- Migration 007 gives PostgreSQL a table of the search index's words (see
-- postgres/007). On SQLite, FTS5 lists its words itself (the fts5vocab
-- table temp.search_vocab that store_open declares), so nothing changes;
-- the file keeps both backends' schema versions in step.
SELECT 1;
