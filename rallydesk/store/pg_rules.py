"""The desk's rules enforced by PostgreSQL itself, for every login (issue 21).

The desk checks roles, the official-unit lock and PINs before it writes, but a desk is a program
on a laptop: with a role login and ``psql`` anyone could skip those checks. So the event's
database holds the same rules as triggers and functions its owner installs:

- every journal row records the login that wrote it (``journal.login``, set by the server,
  never by the client) and its transaction (``journal.txid``); a row whose action the login's
  role may not do (``domain/officials.py``), or that does not follow the last row (its id and
  ``prev_hash``), is refused;
- every row of a table that can change a result or a sheet is changed only together with its
  journal row in the same transaction (same kind of action; for times, starts, second keyings
  and penalties the same stage and race number, and the values its ``new`` says), or the
  transaction is refused at COMMIT;
- a change to the data of an OFFICIAL (or amended) unit needs the clerk's login and a reason;
  an UPDATE is judged by the row it was as well as the one it became (a row moved out of an
  official unit changes it), and an interruption locks every category's units (step r0006);
- publications and the journal are never deleted;
- the PIN hashes and wrong-PIN counts are out of the desk logins' reach: the desk sends the
  PIN's salted hash to ``rallydesk_check_pin`` (SECURITY DEFINER), which counts wrong PINs in a
  sequence per official (not undone by a ROLLBACK) and locks the name after ten in a row;
- a desk reports that it is alive and how many changes it keeps offline (its heartbeat) only
  through ``rallydesk_heartbeat`` (SECURITY DEFINER), which writes the row of the calling login
  alone (``session_user``, never a name the client gives) into a table out of every desk
  login's reach: a heartbeat is not a result, so it needs no journal row, and it can change
  nothing else.

The event's owner (who owns the tables and could drop any trigger) and superusers pass the role
and lock checks; the journal rule holds for them too.

Installed as the server-only step :data:`STEP` (recorded in ``rallydesk_migrations`` under
:data:`MIGRATION_SET`, beside the file's steps): a new event gets it with its schema, an
existing one when its owner next opens it (``pg_schema.apply``).
"""

from __future__ import annotations

from ..domain import officials as O
from .pg import ServerBackend
from .pg_write import FUNCTION as WRITE_FUNCTION
from .pg_write import WRITE_STEP, write_sql

MIGRATION_SET = "rallydesk-server-rules"
STEP = "r0001_server_rules"
#: The desks' heartbeats (issue 23): a later step, installed on an event that has the first.
HEARTBEAT_STEP = "r0002_desk_heartbeats"
#: The desks of the event as any desk login may read them (the status bar, Help > Server).
DESKS_STEP = "r0003_desks_of_event"
#: Issue 26: waypoints, passages and interruptions journalled and locked like the other tables.
WAYPOINT_STEP = "r0005_waypoint_rules"
#: Issue 26: the lock judges an UPDATE by the row it was as well as the row it became (a row
#: moved out of an official unit changes that unit), and an interruption, which names no crew,
#: locks every category's official units of its stage and after (as the desk and verify do).
MOVED_ROWS_STEP = "r0006_lock_moved_rows"
#: Issue 25: the checks every keyed time runs, made cheap with the same answers:
#: ``rallydesk_login_may`` in PL/pgSQL, whose plans the server keeps for the session (as an SQL
#: function with a SET clause it was planned again on every call, twice per keyed time: ~0.35 ms
#: of a 1.1 ms write), and the journalled check's action prefixes as one ``^@ ANY`` test instead
#: of a subquery over ``unnest`` (~50 → ~33 µs per changed row).
PLANNED_LOGIN_STEP = "r0007_planned_checks"
#: Issue 25: the journalled check as one query per kind of unit (the server keeps one plan for
#: each; the single query whose conditions hung on the unit was planned again at every changed
#: row), the row as JSON only where its values are compared, and an ``applied_changes`` row
#: checked by one key probe: the journal row it names is of its own transaction; the lock's
#: query for the official units one per case of what the row names (stage, category, both,
#: neither), which too was planned again at every row.
CHEAPER_CHECKS_STEP = "r0008_cheaper_checks"
#: One keyed time in one round trip (issue 25, ``pg_write``); then issue 26's tables.
STEPS = (
    STEP,
    HEARTBEAT_STEP,
    DESKS_STEP,
    WRITE_STEP,
    WAYPOINT_STEP,
    MOVED_ROWS_STEP,
    PLANNED_LOGIN_STEP,
    CHEAPER_CHECKS_STEP,
)
#: Where the heartbeats are kept (in :data:`PRIVATE`: only rallydesk_heartbeat writes there).
HEARTBEATS = "desk_heartbeats"
#: The longest desk name a heartbeat keeps (PostgreSQL's own identifier length).
DESK_NAME_BYTES = 63
#: Where the wrong-PIN counters live: no desk login has USAGE on it.
PRIVATE = "rallydesk_private"
#: Columns of the journal the server fills (not hashed: the chain stays the file's).
JOURNAL_COLUMNS = ("login", "txid")

#: Table -> (actions whose journal row may go with a change of it, how the row names its unit).
#: "entry": stage and race number; "stage": the stage row's number; "": no unit of its own.
JOURNALLED: dict[str, tuple[tuple[str, ...], str]] = {
    "stage_times": (("time.",), "entry"),
    "start_times": (("start.",), "entry"),
    "second_keyings": (("second.",), "entry"),
    "adjustments": (("adjustment.",), "entry"),
    "stages": (("stage.",), "stage"),
    "groups": (("group.",), ""),
    "entries": (("entry.",), "number"),
    "crew": (("entry.",), "number"),
    "cup_members": (("entry.",), "number"),
    "event": (("event.",), ""),
    "publications": (("publication.",), ""),
    "officials": (("official.",), ""),
    "desk_settings": (("desk.",), ""),
    "applied_changes": (("",), ""),
    "waypoints": (("waypoint.",), ""),
    "passages": (("passage.",), "entry"),
    "interruptions": (("interruption.",), ""),
}
#: The tables whose rows are the data of a published unit (the official-unit lock).
LOCKED: tuple[str, ...] = (
    "stage_times",
    "start_times",
    "second_keyings",
    "adjustments",
    "stages",
    "groups",
    "entries",
    "crew",
    "cup_members",
    "event",
    "waypoints",
    "passages",
    "interruptions",
)
#: Event columns only the publication's bookkeeping changes (no classification changes).
EVENT_PUBLICATION_COLUMNS = ("document_prefix", "protest_minutes")
#: Actions the server knows the role of beyond the domain's table (managing the officials).
EXTRA_NEEDS = {
    "official.put": "clerk",
    "official.remove": "clerk",
    "publication.add": "results-manager",  # official and amended: the clerk (pg_roles' trigger)
}

TRIGGERS = (
    *(f"rallydesk_journalled_{t}" for t in JOURNALLED),
    *(f"rallydesk_locked_{t}" for t in LOCKED),
    "rallydesk_journal_login",
    "rallydesk_publications_kept",
    "rallydesk_official_counter",
)
FUNCTIONS = (
    "rallydesk_login_may",
    "rallydesk_journal_login",
    "rallydesk_journalled",
    "rallydesk_locked",
    "rallydesk_publications_kept",
    "rallydesk_official_counter",
    "rallydesk_check_pin",
    "rallydesk_heartbeat",
    "rallydesk_desks",
    WRITE_FUNCTION,
)


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _needed_sql() -> str:
    """SQL: the least role for the journal row's action (NULL: anyone), as needed_role says."""
    needs = {**O.role_rules(), **EXTRA_NEEDS}
    exact = " ".join(f"WHEN {_lit(a)} THEN {_lit(r)}" for a, r in needs.items() if "." in a)
    first = " ".join(f"WHEN {_lit(a)} THEN {_lit(r)}" for a, r in needs.items() if "." not in a)
    return (
        f"coalesce(CASE NEW.action {exact} ELSE NULL END,"
        f" CASE split_part(NEW.action, '.', 1) {first} ELSE NULL END)"
    )


def _official_units_sql() -> str:
    """PL/pgSQL: ``found``, the official (or amended) units a row of ``v_stage`` (NULL: every
    stage) and ``v_cat`` (NULL: every category) belongs to, not yet in ``units``; one statement
    for each case, so each keeps its plan."""
    cases = []
    for stage_known in (True, False):
        for cat_known in (True, False):
            test = (
                f"v_stage IS {'NOT ' if stage_known else ''}NULL"
                f" AND v_cat IS {'NOT ' if cat_known else ''}NULL"
            )
            where = "".join(
                (
                    "\n       AND p.stage >= v_stage" if stage_known else "",
                    "\n       AND p.category = v_cat" if cat_known else "",
                )
            )
            cases.append(
                f"""{test} THEN
    SELECT string_agg(format('stage %s %s v%s', p.stage, p.category, p.version), ', '
                      ORDER BY p.stage, p.category, p.version)
      INTO found
      FROM publications p
     WHERE p.status IN ('official', 'amended')
       AND p.version = (SELECT max(q.version) FROM publications q
                         WHERE q.stage = p.stage AND q.category = p.category){where}
       AND position(format(', stage %s %s v%s, ', p.stage, p.category, p.version)
                    IN ', ' || coalesce(units, '') || ', ') = 0;  -- each unit named once"""
            )
    return "    IF " + "\n    ELSIF ".join(cases) + "\n    END IF;"


def rules_sql() -> str:
    """The rules' functions and triggers (idempotent: run again, the same objects)."""
    parts = [
        f"CREATE SCHEMA IF NOT EXISTS {PRIVATE};",
        f"REVOKE ALL ON SCHEMA {PRIVATE} FROM PUBLIC;",
        *(
            f"ALTER TABLE journal ADD COLUMN IF NOT EXISTS {c} {t};"
            for c, t in (("login", "TEXT"), ("txid", "BIGINT"))
        ),
        # this transaction's journal rows, by unit (r0008; its first column serves the checks
        # that ask for the transaction alone, as the former index on txid did)
        "CREATE INDEX IF NOT EXISTS rallydesk_journal_by_txid_unit ON journal(txid, stage, number);",
        "DROP INDEX IF EXISTS rallydesk_journal_by_txid;",
        # who may: the owner and superusers always; a role login when it is (or is above) it
        """
CREATE OR REPLACE FUNCTION rallydesk_login_may(needed text) RETURNS boolean
LANGUAGE plpgsql STABLE SET search_path = pg_catalog AS $$
BEGIN
  IF needed IS NULL
     OR session_user = (SELECT pg_get_userbyid(datdba) FROM pg_database
                         WHERE datname = current_database())
     OR coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = session_user), false) THEN
    RETURN true;
  END IF;
  RETURN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_database() || '.' || needed)
         AND pg_has_role(session_user, current_database() || '.' || needed, 'USAGE');
END $$;
""",
        f"""
CREATE OR REPLACE FUNCTION rallydesk_journal_login() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE needed text; last_id bigint; last_hash text;
BEGIN
  SELECT j.id, j.hash INTO last_id, last_hash FROM journal j ORDER BY j.id DESC LIMIT 1;
  IF NEW.id IS DISTINCT FROM coalesce(last_id, 0) + 1
     OR NEW.prev_hash IS DISTINCT FROM coalesce(last_hash, repeat('0', 64)) THEN
    RAISE EXCEPTION 'journal row %: a row is appended after the last one (%), naming its hash',
      NEW.id, coalesce(last_id, 0) USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF NEW.login IS NOT NULL AND NEW.login IS DISTINCT FROM session_user::text THEN
    RAISE EXCEPTION 'journal row %: the login is recorded by the server (% is not %)',
      NEW.id, NEW.login, session_user USING ERRCODE = 'insufficient_privilege';
  END IF;
  NEW.login := session_user;
  NEW.txid := txid_current();
  needed := {_needed_sql()};
  IF NOT rallydesk_login_may(needed) THEN
    RAISE EXCEPTION 'the login % may not write a % (it needs the % login)',
      session_user, NEW.action, needed USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.action = 'official.put' AND NEW.new IS NOT NULL
     AND (NEW.new::jsonb ? 'pin_hash') AND NOT rallydesk_login_may('owner') THEN
    RAISE EXCEPTION 'a PIN hash is never written into the journal on a server'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
""",
        "DROP TRIGGER IF EXISTS rallydesk_journal_login ON journal;",
        "CREATE TRIGGER rallydesk_journal_login BEFORE INSERT ON journal"
        " FOR EACH ROW EXECUTE FUNCTION rallydesk_journal_login();",
        # a change without its journal row, checked at COMMIT (the row comes after the change).
        # r0008: one query per kind of unit, so the server keeps one plan for each (a single
        # query whose conditions hang on the unit was planned again at every row); the row as
        # JSON only where its values are compared (an entry's row) or named in the refusal;
        # the rows of this transaction found by txid and unit (index rallydesk_journal_by_txid_unit:
        # a batch's thousands of rows in one transaction are not scanned for each changed row)
        """
CREATE OR REPLACE FUNCTION rallydesk_journalled() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE unit text := TG_ARGV[0]; prefixes text[] := TG_ARGV[1:]; tx bigint := txid_current();
        r jsonb; v_stage bigint; v_num bigint;
BEGIN
  IF unit = 'entry' THEN
    IF TG_OP = 'DELETE' THEN
      v_stage := OLD.stage; v_num := OLD.number;
      PERFORM FROM journal j WHERE j.txid = tx AND j.stage = v_stage AND j.number = v_num
                               AND j.action ^@ ANY (prefixes) AND j.new IS NULL;
    ELSE
      -- and the row is what the journal row says it became
      v_stage := NEW.stage; v_num := NEW.number; r := to_jsonb(NEW);
      PERFORM FROM journal j WHERE j.txid = tx AND j.stage = v_stage AND j.number = v_num
                               AND j.action ^@ ANY (prefixes) AND j.new IS NOT NULL
                               AND r @> j.new::jsonb;
    END IF;
  ELSIF unit = 'stage' OR unit = 'number' THEN
    v_num := CASE WHEN TG_OP = 'DELETE' THEN OLD.number ELSE NEW.number END;
    IF unit = 'stage' THEN
      PERFORM FROM journal j WHERE j.txid = tx AND j.stage = v_num
                               AND j.action ^@ ANY (prefixes);
    ELSE
      PERFORM FROM journal j WHERE j.txid = tx AND j.number = v_num
                               AND j.action ^@ ANY (prefixes);
    END IF;
  ELSIF TG_TABLE_NAME = 'applied_changes' AND TG_OP = 'INSERT' THEN
    -- a change id is the one of a journal row of this transaction (its own: one key probe)
    v_num := NEW.journal_id;
    PERFORM FROM journal j WHERE j.id = v_num AND j.txid = tx;
  ELSE
    PERFORM FROM journal j WHERE j.txid = tx AND j.action ^@ ANY (prefixes);
  END IF;
  IF NOT FOUND THEN
    r := CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END;
    RAISE EXCEPTION '% of % % without its journal row: refused (a change is written with its journal row, in one transaction)',
      TG_OP, TG_TABLE_NAME, r USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NULL;
END $$;
""",
        # the official-unit lock, checked at COMMIT (the reason is in the journal row); an
        # UPDATE is judged by the row it was and the row it became (r0006: moved rows)
        f"""
CREATE OR REPLACE FUNCTION rallydesk_locked() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE r jsonb; v_stage bigint; v_num bigint; v_cat text; units text; found text;
        versions jsonb[];
BEGIN
  IF rallydesk_login_may('owner') THEN
    RETURN NULL;  -- the owner (or a superuser): it owns the tables
  END IF;
  IF TG_TABLE_NAME = 'event' AND TG_OP = 'UPDATE'
     AND (to_jsonb(OLD) - ARRAY[{", ".join(map(_lit, EVENT_PUBLICATION_COLUMNS))}])
         = (to_jsonb(NEW) - ARRAY[{", ".join(map(_lit, EVENT_PUBLICATION_COLUMNS))}]) THEN
    RETURN NULL;  -- the document prefix or the protest window: no classification changes
  END IF;
  versions := CASE TG_OP WHEN 'DELETE' THEN ARRAY[to_jsonb(OLD)]
                         WHEN 'INSERT' THEN ARRAY[to_jsonb(NEW)]
                         ELSE ARRAY[to_jsonb(OLD), to_jsonb(NEW)] END;
  -- r0008: an UPDATE that names the same stage, number and class as before (a time replaced)
  -- is in the same units: judged once
  IF TG_OP = 'UPDATE' AND versions[1] -> 'stage' IS NOT DISTINCT FROM versions[2] -> 'stage'
     AND versions[1] -> 'number' IS NOT DISTINCT FROM versions[2] -> 'number'
     AND versions[1] -> 'class' IS NOT DISTINCT FROM versions[2] -> 'class' THEN
    versions := versions[2:2];
  END IF;
  FOREACH r IN ARRAY versions LOOP
    v_stage := NULL; v_num := NULL; v_cat := NULL;
    IF TG_TABLE_NAME IN ('stage_times', 'start_times', 'second_keyings', 'adjustments',
                         'waypoints', 'passages', 'interruptions') THEN
      v_stage := (r->>'stage')::bigint;
    ELSIF TG_TABLE_NAME = 'stages' THEN
      v_stage := (r->>'number')::bigint;
    END IF;
    IF TG_TABLE_NAME = 'entries' THEN
      -- the class the row names (the table holds only the new one by now)
      v_num := (r->>'number')::bigint;
      SELECT CASE WHEN g.kind = 'category' THEN g.code ELSE coalesce(g.parent, g.code) END
        INTO v_cat FROM groups g WHERE g.code = r->>'class';
    ELSIF TG_TABLE_NAME IN ('stage_times', 'start_times', 'second_keyings', 'adjustments',
                            'crew', 'cup_members', 'passages') THEN
      v_num := (r->>'number')::bigint;
      SELECT CASE WHEN g.kind = 'category' THEN g.code ELSE coalesce(g.parent, g.code) END
        INTO v_cat FROM entries e JOIN groups g ON g.code = e.class WHERE e.number = v_num;
    END IF;
    -- an interruption names no crew: every category's units (v_cat NULL), as at the desk;
    -- r0008: one query per case of what the row names, so the server keeps one plan for each
    -- (conditions like "v_stage IS NULL OR …" made it plan the query again at every row)
{_official_units_sql()}
    IF found IS NOT NULL THEN
      units := concat_ws(', ', units, found);
    END IF;
  END LOOP;
  IF units IS NULL THEN
    RETURN NULL;
  END IF;
  IF NOT rallydesk_login_may('clerk') THEN
    RAISE EXCEPTION '% is official: a change to its data needs the clerk of the course''s login (% of % refused)',
      units, TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM journal j WHERE j.txid = txid_current()
                  AND coalesce(btrim(j.reason), '') <> '') THEN
    RAISE EXCEPTION '% is official: a change to its data needs a reason in its journal row',
      units USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NULL;
END $$;
""",
        """
CREATE OR REPLACE FUNCTION rallydesk_publications_kept() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a published version is never deleted nor changed (% refused)', TG_OP
    USING ERRCODE = 'integrity_constraint_violation';
END $$;
""",
        "DROP TRIGGER IF EXISTS rallydesk_publications_kept ON publications;",
        "CREATE TRIGGER rallydesk_publications_kept BEFORE DELETE OR UPDATE ON publications"
        " FOR EACH ROW EXECUTE FUNCTION rallydesk_publications_kept();",
        # each official's wrong-PIN counter: a sequence (never rolled back), made with the official
        f"""
CREATE OR REPLACE FUNCTION rallydesk_official_counter() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE seq text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    seq := '{PRIVATE}.pin_' || md5(NEW.name);
    EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %s', seq);
  ELSIF TG_OP = 'DELETE' THEN
    seq := '{PRIVATE}.pin_' || md5(OLD.name);
    EXECUTE format('DROP SEQUENCE IF EXISTS %s', seq);
    DELETE FROM pin_failures WHERE name = OLD.name;
  END IF;
  RETURN NULL;
END $$;
""",
        "DROP TRIGGER IF EXISTS rallydesk_official_counter ON officials;",
        "CREATE TRIGGER rallydesk_official_counter AFTER INSERT OR DELETE ON officials"
        " FOR EACH ROW EXECUTE FUNCTION rallydesk_official_counter();",
        f"DO $$ DECLARE n text; BEGIN FOR n IN SELECT name FROM officials LOOP"
        f" EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %s', '{PRIVATE}.pin_' || md5(n));"
        " END LOOP; END $$;",
        f"""
CREATE OR REPLACE FUNCTION rallydesk_check_pin(p_name text, p_hash text,
    OUT accepted boolean, OUT checked boolean, OUT failures bigint, OUT wait_seconds bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE stored text; seq text; v bigint; called boolean; last_at bigint;
        now_s bigint := floor(extract(epoch FROM clock_timestamp()))::bigint;
BEGIN
  accepted := false; checked := false; failures := 0; wait_seconds := 0;
  SELECT pin_hash INTO stored FROM officials WHERE name = p_name;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('rallydesk_pin ' || p_name));
  seq := '{PRIVATE}.pin_' || md5(p_name);
  EXECUTE format('SELECT last_value, is_called FROM %s', seq) INTO v, called;
  IF called AND v > 1 THEN
    failures := v % 1000; last_at := v / 1000;
  END IF;
  IF failures >= {O.MAX_FAILURES} THEN
    wait_seconds := last_at + {O.LOCK_SECONDS} - now_s;
    IF wait_seconds > 0 THEN
      RETURN;
    END IF;
    failures := 0; wait_seconds := 0;
  END IF;
  checked := true;
  IF stored = p_hash THEN
    PERFORM setval(seq, 1, false);
    accepted := true; failures := 0;
    RETURN;
  END IF;
  failures := failures + 1;
  PERFORM setval(seq, now_s * 1000 + failures);
  IF failures >= {O.MAX_FAILURES} THEN
    wait_seconds := {O.LOCK_SECONDS};
  END IF;
END $$;
""",
        "REVOKE ALL ON FUNCTION rallydesk_check_pin(text, text) FROM PUBLIC;",
        *heartbeat_sql(),
        *desks_sql(),
        *write_sql(),
    ]
    for table, (prefixes, unit) in JOURNALLED.items():
        args = ", ".join(_lit(a) for a in (unit, *prefixes))
        parts.append(f"DROP TRIGGER IF EXISTS rallydesk_journalled_{table} ON {table};")
        parts.append(
            f"CREATE CONSTRAINT TRIGGER rallydesk_journalled_{table}"
            f" AFTER INSERT OR UPDATE OR DELETE ON {table} DEFERRABLE INITIALLY DEFERRED"
            f" FOR EACH ROW EXECUTE FUNCTION rallydesk_journalled({args});"
        )
    for table in LOCKED:
        parts.append(f"DROP TRIGGER IF EXISTS rallydesk_locked_{table} ON {table};")
        parts.append(
            f"CREATE CONSTRAINT TRIGGER rallydesk_locked_{table}"
            f" AFTER INSERT OR UPDATE OR DELETE ON {table} DEFERRABLE INITIALLY DEFERRED"
            f" FOR EACH ROW EXECUTE FUNCTION rallydesk_locked();"
        )
    return "\n".join(parts)


def heartbeat_sql() -> list[str]:
    """The heartbeats' table and the one function that writes it (idempotent).

    The table is in :data:`PRIVATE` (no desk login has USAGE there: no SELECT, INSERT, UPDATE
    nor DELETE of its own); ``rallydesk_heartbeat`` writes the row of ``session_user`` and the
    desk name given (printable, at most :data:`DESK_NAME_BYTES` bytes), with the count of
    changes the desk keeps offline. It writes no other table, so it needs and makes no journal
    row; each login keeps at most 50 desk names (its oldest forgotten)."""
    table = f"{PRIVATE}.{HEARTBEATS}"
    return [
        f"CREATE TABLE IF NOT EXISTS {table} (login TEXT NOT NULL, desk TEXT NOT NULL,"
        " waiting BIGINT NOT NULL CHECK (waiting >= 0), seen_at TIMESTAMPTZ NOT NULL,"
        " PRIMARY KEY (login, desk));",
        f"REVOKE ALL ON {table} FROM PUBLIC;",
        f"""
CREATE OR REPLACE FUNCTION rallydesk_heartbeat(p_desk text, p_waiting bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE d text := btrim(regexp_replace(coalesce(p_desk, ''), '[^\x20-\x7e]', '?', 'g'));
BEGIN
  IF d = '' OR p_waiting IS NULL OR p_waiting < 0 THEN
    RAISE EXCEPTION 'a heartbeat names its desk and a count of changes waiting (0 or more)'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  d := left(d, {DESK_NAME_BYTES});
  INSERT INTO {table} AS h (login, desk, waiting, seen_at)
    VALUES (session_user, d, p_waiting, clock_timestamp())
    ON CONFLICT (login, desk) DO UPDATE SET waiting = EXCLUDED.waiting, seen_at = EXCLUDED.seen_at;
  DELETE FROM {table} WHERE login = session_user AND desk IN (
    SELECT desk FROM {table} WHERE login = session_user ORDER BY seen_at DESC OFFSET 50);
END $$;
""",
        "REVOKE ALL ON FUNCTION rallydesk_heartbeat(text, bigint) FROM PUBLIC;",
    ]


def desks_sql() -> list[str]:
    """``rallydesk_desks()``: the desks of this event, for any of its logins to read (idempotent).

    The heartbeats are out of every desk login's reach, and ``pg_stat_activity`` shows another
    login's sessions without their details; this read-only function (SECURITY DEFINER, the
    owner's) answers each desk once, by login and desk name: online (a connection named
    ``rallydesk DESK (ROLE)`` to this database now), its last heartbeat and the changes it said it
    keeps offline. It reads nothing else and writes nothing."""
    table = f"{PRIVATE}.{HEARTBEATS}"
    return [
        rf"""
CREATE OR REPLACE FUNCTION rallydesk_desks()
RETURNS TABLE (desk text, login text, online boolean, seen_at timestamptz, waiting bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  WITH live AS (
    SELECT DISTINCT a.usename::text AS login,
           substring(a.application_name FROM '^rallydesk (.*) \([^()]*\)$') AS desk
      FROM pg_stat_activity a
     WHERE a.datname = current_database() AND a.application_name LIKE 'rallydesk %'
  )
  SELECT coalesce(b.desk, l.desk), coalesce(b.login, l.login), l.login IS NOT NULL,
         b.seen_at, b.waiting
    FROM {table} b FULL JOIN (SELECT * FROM live WHERE live.desk IS NOT NULL) l
      ON l.login = b.login AND l.desk = b.desk
   ORDER BY 3 DESC, 1, 2
$$;
""",
        "REVOKE ALL ON FUNCTION rallydesk_desks() FROM PUBLIC;",
    ]


def _recorded(db: ServerBackend) -> set[str]:
    return {
        str(r[0])
        for r in db.execute(
            "SELECT name FROM rallydesk_migrations WHERE migration_set = $1", [MIGRATION_SET]
        )
    }


def applied(db: ServerBackend) -> bool:
    """Whether this event's database has every step of the rules (its owner installed them)."""
    return set(STEPS) <= _recorded(db)


def enforced(db: ServerBackend) -> bool:
    """Whether the desk's rules themselves are there (a later step, the heartbeats, may not be)."""
    return STEP in _recorded(db)


def install(db: ServerBackend) -> None:
    """Install the rules and record their steps (inside the caller's transaction)."""
    from datetime import UTC, datetime

    db.executescript(rules_sql())
    for step in [s for s in STEPS if s not in _recorded(db)]:
        db.execute(
            "INSERT INTO rallydesk_migrations (migration_set, name, applied_at) VALUES ($1, $2, $3)",
            [MIGRATION_SET, step, datetime.now(UTC).isoformat()],
        )
