-- 002_cycles.sql (SQLite) — cycles, their phases and members, taxonomies,
-- templates, the library and scenarios with their revisions.
-- JSON columns (terms' hashtags and examples, templates' sections, tags,
-- scenario content) hold text in the shapes of docs/formats.md.
CREATE TABLE cycles (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  question TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  horizon INTEGER,
  visibility TEXT NOT NULL DEFAULT 'members' CHECK (visibility IN ('public', 'members', 'unlisted')),
  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE phases (
  id INTEGER PRIMARY KEY,
  cycle_id BIGINT NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  starts_on TEXT,
  ends_on TEXT
);
CREATE INDEX phases_cycle ON phases(cycle_id, position);
CREATE TABLE members (
  id INTEGER PRIMARY KEY,
  cycle_id BIGINT NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('facilitator', 'participant')),
  created_at BIGINT NOT NULL,
  UNIQUE (cycle_id, user_id)
);
CREATE INDEX members_user ON members(user_id);
CREATE TABLE invitations (
  id INTEGER PRIMARY KEY,
  cycle_id BIGINT NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('facilitator', 'participant')),
  token_hash TEXT NOT NULL UNIQUE,
  created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  accepted_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  accepted_at BIGINT
);
CREATE INDEX invitations_cycle ON invitations(cycle_id);
CREATE TABLE taxonomies (
  id INTEGER PRIMARY KEY,
  cycle_id BIGINT NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  slug TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  UNIQUE (cycle_id, slug)
);
CREATE TABLE terms (
  id INTEGER PRIMARY KEY,
  taxonomy_id BIGINT NOT NULL REFERENCES taxonomies(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  code TEXT NOT NULL,
  label TEXT NOT NULL,
  definition TEXT NOT NULL DEFAULT '',
  hashtags TEXT NOT NULL DEFAULT '[]',
  examples TEXT NOT NULL DEFAULT '[]',
  UNIQUE (taxonomy_id, code)
);
CREATE TABLE templates (
  id INTEGER PRIMARY KEY,
  cycle_id BIGINT NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  slug TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  sections TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (cycle_id, slug)
);
CREATE TABLE library (
  id INTEGER PRIMARY KEY,
  cycle_id BIGINT NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
  uid TEXT NOT NULL,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  source TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL DEFAULT '',
  date TEXT,
  summary TEXT NOT NULL DEFAULT '',
  tags TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL DEFAULT '',
  speaker_type TEXT NOT NULL DEFAULT '',
  problem_category TEXT NOT NULL DEFAULT '',
  created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (cycle_id, uid)
);
CREATE INDEX library_kind ON library(cycle_id, kind);
CREATE TABLE observations (
  id INTEGER PRIMARY KEY,
  item_id BIGINT NOT NULL REFERENCES library(id) ON DELETE CASCADE,
  observed_on TEXT,
  status TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX observations_item ON observations(item_id);
CREATE TABLE scenarios (
  id INTEGER PRIMARY KEY,
  cycle_id BIGINT NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
  uid TEXT NOT NULL,
  template_id BIGINT NOT NULL REFERENCES templates(id),
  title TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'brouillon',
  parent_id BIGINT REFERENCES scenarios(id) ON DELETE SET NULL,
  opening INTEGER NOT NULL DEFAULT 0 CHECK (opening IN (0, 1)),
  sections TEXT NOT NULL DEFAULT '{}',
  revision INTEGER NOT NULL DEFAULT 0,
  created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (cycle_id, uid)
);
CREATE INDEX scenarios_template ON scenarios(template_id);
CREATE INDEX scenarios_parent ON scenarios(parent_id);
CREATE TABLE scenario_authors (
  id INTEGER PRIMARY KEY,
  scenario_id BIGINT NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  UNIQUE (scenario_id, user_id)
);
CREATE INDEX scenario_authors_user ON scenario_authors(user_id);
CREATE TABLE revisions (
  id INTEGER PRIMARY KEY,
  scenario_id BIGINT NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  title TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  sections TEXT NOT NULL,
  author_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
  note TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  UNIQUE (scenario_id, number)
);
CREATE TABLE taggings (
  id INTEGER PRIMARY KEY,
  cycle_id BIGINT NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
  taxonomy TEXT NOT NULL,
  code TEXT NOT NULL,
  target_kind TEXT NOT NULL,
  target_id BIGINT NOT NULL
);
CREATE INDEX taggings_term ON taggings(cycle_id, taxonomy, code);
CREATE INDEX taggings_target ON taggings(target_kind, target_id);
-- The search index holds folded text (accents and case removed in C, see
-- src/engines/fold.h); it is derived data, rebuilt after a restore, so it
-- is not part of backups.
CREATE VIRTUAL TABLE search_index USING fts5(
  title, body, cycle_id UNINDEXED, kind UNINDEXED, target_id UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2'
);
