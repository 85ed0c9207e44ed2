-- Custom SQL migration file, put your code below! --
-- Wake the usersync.process job at once when rows become pending (1 = add/change, 2 = delete):
-- on INSERT, and on UPDATE (a retry sets 3 → 1 or 4 → 2). One NOTIFY per statement, however many
-- rows it wrote; the processor's own updates (to 0, 3, 4) leave no pending row and send nothing.
CREATE FUNCTION theusersync_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM new_rows WHERE syncstate IN (1, 2)) THEN
    PERFORM pg_notify('theusersync', '');
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER theusersync_notify_insert AFTER INSERT ON theusersync
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION theusersync_notify();
--> statement-breakpoint
CREATE TRIGGER theusersync_notify_update AFTER UPDATE ON theusersync
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION theusersync_notify();
