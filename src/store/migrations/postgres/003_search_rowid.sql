-- Search index ids carry the cycle, as on SQLite (see store_search.c).
UPDATE search_index SET rowid = (cycle_id << 40) | rowid;
