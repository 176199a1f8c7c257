-- Migration 008: indexes for the library's list and its status facet on a
-- large library. The list is ordered newest date first (undated last),
-- then by title; without an index in that order every page sorted the
-- whole library (over 100 ms at 100 000 items), where walking the index
-- stops after the page. The status facet read every row without one.
CREATE INDEX library_order ON library (cycle_id, (CASE WHEN date IS NULL THEN 1 ELSE 0 END), date DESC, title, id);
CREATE INDEX library_status ON library (cycle_id, status);
