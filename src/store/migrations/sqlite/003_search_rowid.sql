-- Search index rowids carry the cycle: (cycle_id << 40) | (target_id << 1)
-- | 1 for a library item (was (target_id << 1) | 1), so that a search keeps
-- to its cycle with a rowid range that FTS5 applies in its doclists rather
-- than by reading every match's row for its UNINDEXED cycle_id. Then merge
-- the index's segments, which the rewrite left fragmented.
UPDATE search_index SET rowid = (cycle_id << 40) | rowid;
INSERT INTO search_index (search_index) VALUES ('optimize');
