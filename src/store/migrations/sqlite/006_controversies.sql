-- 006_controversies.sql (SQLite) — controversies: short statements that
-- participants vote on (agree 1, disagree -1, pass 0; one vote per
-- participant and statement, a later vote replacing the earlier), their
-- moderation, the opinion map computed from the votes by the background
-- worker (opinion_results, one row per controversy, the engine's output as
-- JSON), and reports frozen into the cycle's record. Participants are the
-- identities of 005, shared with seminars.
CREATE TABLE controversies (
  id INTEGER PRIMARY KEY,
  cycle_id BIGINT NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
  uid TEXT NOT NULL,
  title TEXT NOT NULL,
  question TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('draft', 'open', 'closed')),
  proposals INTEGER NOT NULL DEFAULT 1 CHECK (proposals IN (0, 1)),
  join_code TEXT NOT NULL UNIQUE,
  seed BIGINT NOT NULL DEFAULT 0,
  next_number INTEGER NOT NULL DEFAULT 1,
  revision BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (cycle_id, uid)
);
CREATE TABLE statements (
  id INTEGER PRIMARY KEY,
  controversy_id BIGINT NOT NULL REFERENCES controversies(id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  body TEXT NOT NULL,
  origin TEXT NOT NULL DEFAULT 'facilitator' CHECK (origin IN ('facilitator', 'participant', 'import')),
  author_participant BIGINT REFERENCES participants(id) ON DELETE SET NULL,
  author_user BIGINT REFERENCES users(id) ON DELETE SET NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
  is_meta INTEGER NOT NULL DEFAULT 0 CHECK (is_meta IN (0, 1)),
  note TEXT NOT NULL DEFAULT '',
  priority BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  moderated_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  moderated_at BIGINT,
  UNIQUE (controversy_id, number)
);
CREATE INDEX statements_author ON statements(author_participant);
CREATE TABLE opinion_votes (
  id INTEGER PRIMARY KEY,
  controversy_id BIGINT NOT NULL REFERENCES controversies(id) ON DELETE CASCADE,
  statement_id BIGINT NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
  participant_id BIGINT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
  value INTEGER NOT NULL CHECK (value IN (-1, 0, 1)),
  voted_at BIGINT NOT NULL,
  UNIQUE (participant_id, statement_id)
);
CREATE INDEX opinion_votes_controversy ON opinion_votes(controversy_id, voted_at);
CREATE INDEX opinion_votes_statement ON opinion_votes(statement_id);
CREATE TABLE opinion_results (
  id INTEGER PRIMARY KEY,
  controversy_id BIGINT NOT NULL UNIQUE REFERENCES controversies(id) ON DELETE CASCADE,
  computed_at BIGINT NOT NULL,
  nvotes BIGINT NOT NULL,
  last_vote_at BIGINT NOT NULL,
  vote_sum BIGINT NOT NULL DEFAULT 0,
  revision BIGINT NOT NULL DEFAULT 0,
  data TEXT NOT NULL
);
CREATE TABLE opinion_reports (
  id INTEGER PRIMARY KEY,
  controversy_id BIGINT NOT NULL REFERENCES controversies(id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  title TEXT NOT NULL,
  frozen_at BIGINT NOT NULL,
  frozen_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  data TEXT NOT NULL,
  UNIQUE (controversy_id, number)
);
-- Who joined a controversy by its code: what lets someone from outside a
-- members-only cycle reach that controversy's pages, and nothing else.
CREATE TABLE controversy_joins (
  id INTEGER PRIMARY KEY,
  controversy_id BIGINT NOT NULL REFERENCES controversies(id) ON DELETE CASCADE,
  participant_id BIGINT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
  joined_at BIGINT NOT NULL,
  UNIQUE (controversy_id, participant_id)
);
CREATE INDEX controversy_joins_participant ON controversy_joins(participant_id);
