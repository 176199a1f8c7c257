-- The search index keeps only the tsvector of each row, not its text.
-- A search reads the rows of a cycle in turn until it has its window of
-- matches, so the width of a row is what it costs: without the title and
-- body (kept nowhere else in this table and never read back: snippets come
-- from the scenarios and library tables) the table is half as big and a
-- search about twice as fast. The store's INSERT stays the same on both
-- backends: a trigger turns the text into the vector and drops it.
-- The GIN index is rebuilt without its pending list (fastupdate): entries
-- added since the last vacuum sit in that list, which every search reads
-- in full, so a search right after a large import was several times
-- slower until autovacuum came by; an edit adds a few entries at once.
DROP INDEX search_index_tsv;
ALTER TABLE search_index DROP COLUMN tsv;
ALTER TABLE search_index ADD COLUMN tsv tsvector;

CREATE FUNCTION search_index_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.tsv := setweight(to_tsvector('french', NEW.title), 'A') || to_tsvector('french', NEW.body);
  NEW.title := '';
  NEW.body := '';
  RETURN NEW;
END
$$;

CREATE TRIGGER search_index_vector BEFORE INSERT OR UPDATE OF title, body ON search_index
  FOR EACH ROW EXECUTE FUNCTION search_index_vector();

UPDATE search_index SET title = title, body = body;
CREATE INDEX search_index_tsv ON search_index USING GIN (tsv) WITH (fastupdate = off);
