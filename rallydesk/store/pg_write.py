"""One keyed time on a server in one round trip (issue 25): the server rules step
:data:`WRITE_STEP` installs ``rallydesk_put_time``.

A write made six statements, each a round trip to the server (the event's lock, the old row, the
journal head, the row, the journal row, the change id), and BEGIN and COMMIT around them. The
function makes the same statements on the server, sent as one ``SELECT`` in autocommit: one
round trip, one transaction, one durable COMMIT.

It runs with the caller's rights (SECURITY INVOKER): it can do nothing the desk's login could not
do statement by statement, and every rule of ``pg_rules`` holds for it as for them — the journal
row's login, role and place in the chain (its BEFORE trigger), the change and its journal row in
one transaction, the official-unit lock (both checked at COMMIT), the grants of ``pg_roles``.

The desk checks the replacement rule and ``expected=`` against the result it last saw
(``seen``); the function writes only when the stored result is still that one, under the event's
lock. Otherwise it writes nothing and answers ``stale`` (or ``applied``: the change id was applied
already), and the desk makes its write the long way (``results.Results.put_time``), which reads
what is stored and decides again.

The journal row's hash is the one ``journal.row_hash`` makes: the desk sends its payload but the
row's id and the previous row's hash (``journal.payload_around_head``), which the function reads
under the lock and puts in their places.
"""

from __future__ import annotations

from typing import Any

from .pg import EVENT_LOCK, JOURNAL_CHANNEL, ServerBackend
from .rows import TIME_COLUMNS

#: The server rules step that installs the function (recorded with ``pg_rules.STEPS``).
WRITE_STEP = "r0004_write_function"
FUNCTION = "rallydesk_put_time"
_PARAMS = (
    "p_seen jsonb, p_row jsonb, p_at text, p_user text, p_desk text, p_action text,"
    " p_target text, p_old text, p_new text, p_reason text, p_official text,"
    " p_change_id text, p_before text, p_after text"
)
#: The call the desk makes (its text never changes: the server plans it once per connection).
CALL = (
    f"SELECT outcome, journal_id FROM {FUNCTION}"
    "($1::jsonb, $2::jsonb, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
)


def write_sql() -> list[str]:
    """The function (idempotent: run again, the same object)."""
    cols = ", ".join(TIME_COLUMNS)
    picked = ", ".join(f"r.{c}" for c in TIME_COLUMNS)
    sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in TIME_COLUMNS[2:])
    return [
        f"""
CREATE OR REPLACE FUNCTION {FUNCTION}({_PARAMS}, OUT outcome text, OUT journal_id bigint)
LANGUAGE plpgsql SECURITY INVOKER SET search_path = public, pg_temp AS $$
DECLARE stored jsonb; last_id bigint; last_hash text; v_id bigint; v_prev text; payload text;
BEGIN
  PERFORM pg_advisory_xact_lock({EVENT_LOCK});
  IF p_change_id IS NOT NULL
     AND EXISTS (SELECT 1 FROM applied_changes a WHERE a.change_id = p_change_id) THEN
    outcome := 'applied';
    RETURN;
  END IF;
  SELECT to_jsonb(s) - 'updated_at' - 'updated_by' INTO stored FROM stage_times s
   WHERE s.stage = (p_row->>'stage')::bigint AND s.number = (p_row->>'number')::bigint;
  IF stored IS DISTINCT FROM p_seen THEN
    outcome := 'stale';
    RETURN;
  END IF;
  INSERT INTO stage_times ({cols})
    SELECT {picked} FROM jsonb_populate_record(NULL::stage_times, p_row) r
    ON CONFLICT (stage, number) DO UPDATE SET {sets};
  SELECT j.id, j.hash INTO last_id, last_hash FROM journal j ORDER BY j.id DESC LIMIT 1;
  v_id := coalesce(last_id, 0) + 1;
  v_prev := coalesce(last_hash, repeat('0', 64));
  payload := '[' || v_id || ',' || p_before || ',"' || v_prev || '"'
             || CASE WHEN p_after = '' THEN '' ELSE ',' || p_after END || ']';
  INSERT INTO journal (id, at, "user", desk, action, target, old, new, reason, prev_hash, hash,
                       stage, number, official, change_id)
    VALUES (v_id, p_at, p_user, p_desk, p_action, p_target, p_old, p_new, p_reason, v_prev,
            encode(sha256(convert_to(payload, 'UTF8')), 'hex'),
            (p_row->>'stage')::bigint, (p_row->>'number')::bigint, p_official, p_change_id);
  PERFORM pg_notify('{JOURNAL_CHANNEL}', v_id::text);
  IF p_change_id IS NOT NULL THEN
    INSERT INTO applied_changes (change_id, journal_id) VALUES (p_change_id, v_id);
  END IF;
  outcome := 'done';
  journal_id := v_id;
END $$;
""",
    ]


def call_params(
    seen: dict[str, Any] | None, row: dict[str, Any], journal_row: dict[str, Any]
) -> list[Any]:
    """The call's parameters: the result the desk saw (None: none), the new row, and the journal
    row without its place in the chain (``journal.new_row``)."""
    import json

    from .journal import payload_around_head

    before, after = payload_around_head(journal_row)
    j = journal_row
    return [
        None if seen is None else json.dumps(seen),
        json.dumps(row),
        j["at"],
        j["user"],
        j["desk"],
        j["action"],
        j["target"],
        j["old"],
        j["new"],
        j["reason"],
        j["official"],
        j["change_id"],
        before,
        after,
    ]


def put_time_once(db: ServerBackend, params: list[Any]) -> tuple[str, int | None] | None:
    """Call the function (one round trip, its own transaction): ``("done", journal id)``,
    ``("stale", None)`` or ``("applied", None)``; None when the event lacks the step (its owner
    has not opened it since) or a transaction is open (a batch writes statement by statement)."""
    if db.in_transaction:
        return None
    if db.one_trip is None:
        from .pg_rules import MIGRATION_SET

        db.one_trip = bool(
            db.execute(
                "SELECT 1 FROM rallydesk_migrations WHERE migration_set = $1 AND name = $2",
                [MIGRATION_SET, WRITE_STEP],
            ).rows
        )
    if not db.one_trip:
        return None
    outcome, journal_id = db.execute(CALL, params).rows[0]
    return str(outcome), journal_id
