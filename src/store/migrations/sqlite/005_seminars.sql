-- 005_seminars.sql (SQLite) — seminar day: seminars and their candidate
-- scenarios, participants who join by code without an account (one identity
-- per cycle, kept in a cookie, optionally attached to an account), ballots
-- (one per participant and round, the choice as comma-separated integers in
-- candidate order, see src/engines/tally.h), working-group preferences and
-- members, and the record of what facilitators decided (state changes, tie
-- resolutions, assignments, manual moves) in seminar_events.
CREATE TABLE seminars (
  id INTEGER PRIMARY KEY,
  cycle_id BIGINT NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
  uid TEXT NOT NULL,
  title TEXT NOT NULL,
  method TEXT NOT NULL CHECK (method IN ('approval', 'dots', 'schulze', 'mj', 'borda')),
  params TEXT NOT NULL DEFAULT '{}',
  seats INTEGER NOT NULL CHECK (seats >= 1),
  state TEXT NOT NULL DEFAULT 'preparation' CHECK (state IN ('preparation', 'presentation',
    'vote_open', 'vote_closed', 'results', 'groups_open', 'groups_done')),
  round INTEGER NOT NULL DEFAULT 1,
  join_code TEXT NOT NULL UNIQUE,
  presenting BIGINT,
  resolution TEXT NOT NULL DEFAULT '',
  group_min INTEGER NOT NULL DEFAULT 0,
  group_max INTEGER NOT NULL DEFAULT 0,
  max_share INTEGER NOT NULL DEFAULT 0,
  group_seed BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (cycle_id, uid)
);
CREATE TABLE seminar_candidates (
  id INTEGER PRIMARY KEY,
  seminar_id BIGINT NOT NULL REFERENCES seminars(id) ON DELETE CASCADE,
  scenario_id BIGINT NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  runoff INTEGER NOT NULL DEFAULT 0 CHECK (runoff IN (0, 1)),
  retained INTEGER CHECK (retained IN (0, 1)),
  group_min INTEGER NOT NULL DEFAULT 0,
  group_max INTEGER NOT NULL DEFAULT 0,
  UNIQUE (seminar_id, scenario_id)
);
CREATE INDEX seminar_candidates_scenario ON seminar_candidates(scenario_id);
CREATE TABLE participants (
  id INTEGER PRIMARY KEY,
  cycle_id BIGINT NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  nickname TEXT NOT NULL,
  org_kind TEXT NOT NULL DEFAULT '',
  user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX participants_cycle ON participants(cycle_id);
CREATE INDEX participants_user ON participants(user_id);
CREATE TABLE seminar_joins (
  id INTEGER PRIMARY KEY,
  seminar_id BIGINT NOT NULL REFERENCES seminars(id) ON DELETE CASCADE,
  participant_id BIGINT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
  joined_at BIGINT NOT NULL,
  UNIQUE (seminar_id, participant_id)
);
CREATE INDEX seminar_joins_participant ON seminar_joins(participant_id);
CREATE TABLE ballots (
  id INTEGER PRIMARY KEY,
  seminar_id BIGINT NOT NULL REFERENCES seminars(id) ON DELETE CASCADE,
  participant_id BIGINT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
  round INTEGER NOT NULL DEFAULT 1,
  choice TEXT NOT NULL,
  cast_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (seminar_id, round, participant_id)
);
CREATE INDEX ballots_participant ON ballots(participant_id);
CREATE TABLE group_prefs (
  id INTEGER PRIMARY KEY,
  seminar_id BIGINT NOT NULL REFERENCES seminars(id) ON DELETE CASCADE,
  participant_id BIGINT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
  ranks TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (seminar_id, participant_id)
);
CREATE INDEX group_prefs_participant ON group_prefs(participant_id);
CREATE TABLE group_members (
  id INTEGER PRIMARY KEY,
  seminar_id BIGINT NOT NULL REFERENCES seminars(id) ON DELETE CASCADE,
  participant_id BIGINT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
  scenario_id BIGINT NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
  rank INTEGER NOT NULL DEFAULT 0,
  manual INTEGER NOT NULL DEFAULT 0 CHECK (manual IN (0, 1)),
  UNIQUE (seminar_id, participant_id)
);
CREATE INDEX group_members_participant ON group_members(participant_id);
CREATE INDEX group_members_scenario ON group_members(scenario_id);
CREATE TABLE seminar_events (
  id INTEGER PRIMARY KEY,
  seminar_id BIGINT NOT NULL REFERENCES seminars(id) ON DELETE CASCADE,
  at BIGINT NOT NULL,
  actor BIGINT REFERENCES users(id) ON DELETE SET NULL,
  kind TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX seminar_events_seminar ON seminar_events(seminar_id, id);
