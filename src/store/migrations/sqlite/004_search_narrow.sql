-- Migration 004 narrows PostgreSQL's search table (see postgres/004). On
-- SQLite, FTS5 already keeps its index apart from the text, so nothing
-- changes; the file keeps both backends' schema versions in step.
SELECT 1;
