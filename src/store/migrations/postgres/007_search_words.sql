-- Migration 007: the words of the search index, so that a search expands
-- the beginning of a word into the whole words that begin so (see
-- store_search.c). A prefix query (to_tsquery('simple', 'reseau:*')) makes
-- GIN walk every entry with that prefix and merge their lists, and makes
-- the planner compare the prefix with every most common word; both were
-- most of a search's time on a large library, where a list of whole words
-- costs a fraction. The table is derived from search_index, only grows
-- (a word no row holds any more matches nothing), and has no unique
-- constraint: two transactions saving the same new word never wait on
-- each other, and a rare duplicate is removed by DISTINCT when read. The
-- "C" collation makes a prefix a range of the index whatever the
-- database's locale.
CREATE TABLE search_words (
  word TEXT COLLATE "C" NOT NULL
);
CREATE INDEX search_words_word ON search_words (word);

CREATE OR REPLACE FUNCTION search_index_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.tsv := setweight(to_tsvector('french', NEW.title), 'A') || to_tsvector('french', NEW.body);
  NEW.title := '';
  NEW.body := '';
  INSERT INTO search_words (word)
    SELECT w FROM unnest(tsvector_to_array(NEW.tsv)) AS w
    WHERE NOT EXISTS (SELECT 1 FROM search_words s WHERE s.word = w);
  RETURN NEW;
END
$$;

INSERT INTO search_words (word)
  SELECT DISTINCT w FROM search_index, unnest(tsvector_to_array(tsv)) AS w;
