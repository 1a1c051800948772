CREATE OR REPLACE FUNCTION rallydesk_locked() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE r jsonb; v_stage bigint; v_num bigint; v_cat text; units text; found text;
        versions jsonb[];
BEGIN
  IF rallydesk_login_may('owner') THEN
    RETURN NULL;  -- the owner (or a superuser): it owns the tables
  END IF;
  IF TG_TABLE_NAME = 'event' AND TG_OP = 'UPDATE'
     AND (to_jsonb(OLD) - ARRAY['document_prefix', 'protest_minutes'])
         = (to_jsonb(NEW) - ARRAY['document_prefix', 'protest_minutes']) THEN
    RETURN NULL;  -- the document prefix or the protest window: no classification changes
  END IF;
  versions := CASE TG_OP WHEN 'DELETE' THEN ARRAY[to_jsonb(OLD)]
                         WHEN 'INSERT' THEN ARRAY[to_jsonb(NEW)]
                         ELSE ARRAY[to_jsonb(OLD), to_jsonb(NEW)] END;
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
    -- an interruption names no crew: every category's units (v_cat NULL), as at the desk
    SELECT string_agg(format('stage %s %s v%s', p.stage, p.category, p.version), ', ')
      INTO found
      FROM publications p
     WHERE p.status IN ('official', 'amended')
       AND p.version = (SELECT max(q.version) FROM publications q
                         WHERE q.stage = p.stage AND q.category = p.category)
       AND (v_stage IS NULL OR p.stage >= v_stage)
       AND (v_cat IS NULL OR p.category = v_cat)
       AND position(format(', stage %s %s v%s, ', p.stage, p.category, p.version)
                    IN ', ' || coalesce(units, '') || ', ') = 0;  -- each unit named once
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
CREATE OR REPLACE FUNCTION rallydesk_journalled() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE r jsonb; prefixes text[]; unit text := TG_ARGV[0];
BEGIN
  r := CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END;
  prefixes := TG_ARGV[1:];
  IF NOT EXISTS (
    SELECT 1 FROM journal j WHERE j.txid = txid_current()
      AND j.action ^@ ANY (prefixes)
      AND (unit <> 'entry' OR (j.stage = (r->>'stage')::bigint
                               AND j.number = (r->>'number')::bigint
                               -- and the row is what the journal row says it became
                               AND CASE WHEN TG_OP = 'DELETE' THEN j.new IS NULL
                                        ELSE j.new IS NOT NULL AND r @> j.new::jsonb END))
      AND (unit <> 'stage' OR j.stage = (r->>'number')::bigint)
      AND (unit <> 'number' OR j.number = (r->>'number')::bigint)
  ) THEN
    RAISE EXCEPTION '% of % % without its journal row: refused (a change is written with its journal row, in one transaction)',
      TG_OP, TG_TABLE_NAME, r USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NULL;
END $$;