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