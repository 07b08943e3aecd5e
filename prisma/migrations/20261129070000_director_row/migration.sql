-- The rows of the director scope, kept ready (issue « Speed », item 2). « Responsables » joined, for
-- every row of a school, the pupil, the link, the guardian and the account: four index lookups per
-- row, 15 to 23 ms for the bench's school of 1,783 rows before the first row could be sorted. What
-- the directory decides (pupil, class, guardian, which account, that account still open) now lives in
-- `director_row`, one row per (eligible pupil, legal guardian still in the directory, live account),
-- stored by school. The account's state, dates and e-mail (what directors and parents change all
-- day) are still read live: for all rows when the search filters or sorts on them, otherwise for the
-- page's 50 rows only (lib/accounts/search-accounts.ts).
--
-- PostgreSQL keeps the table in step, whoever writes, in the writer's transaction: statement triggers
-- on pupil, guardian and guardian_link read the statement's transition tables; new names, class or
-- contact details of a pupil or guardian who keeps their rows are written into those rows, and the
-- rows of pupils whose set of rows may change (eligibility, links, a guardian detached or given
-- another account) are recomputed from the view director_row_source, the one definition. A row
-- trigger on account does the same when an account is closed.
CREATE TABLE "director_row" (
  "pupil_id" INTEGER NOT NULL,
  "guardian_id" INTEGER NOT NULL,
  "school_id" INTEGER NOT NULL,
  "class_id" INTEGER NOT NULL,
  "level" "level",
  "pupil_last_name" TEXT NOT NULL,
  "pupil_first_name" TEXT NOT NULL,
  "pupil_birth_date" DATE,
  "pupil_last_key" TEXT,
  "pupil_first_key" TEXT,
  "guardian_last_name" TEXT NOT NULL,
  "guardian_first_name" TEXT NOT NULL,
  "guardian_last_key" TEXT,
  "guardian_first_key" TEXT,
  "guardian_email" TEXT,
  "guardian_mobile" TEXT,
  "account_id" INTEGER,
  CONSTRAINT "director_row_pkey" PRIMARY KEY ("pupil_id", "guardian_id")
);
CREATE INDEX "director_row_school_id_idx" ON "director_row"("school_id");
CREATE INDEX "director_row_account_id_idx" ON "director_row"("account_id");
CREATE INDEX "director_row_guardian_id_idx" ON "director_row"("guardian_id");

-- The definition of the rows, read only to store them: eligible pupil, legal link, guardian still in
-- the directory, live account.
CREATE VIEW "director_row_source" AS
SELECT p."id" AS "pupil_id", g."id" AS "guardian_id", p."school_id", p."class_id", p."level",
       p."last_name" AS "pupil_last_name", p."first_name" AS "pupil_first_name", p."birth_date" AS "pupil_birth_date",
       p."last_name_key" AS "pupil_last_key", p."first_name_key" AS "pupil_first_key",
       g."last_name" AS "guardian_last_name", g."first_name" AS "guardian_first_name",
       g."last_name_key" AS "guardian_last_key", g."first_name_key" AS "guardian_first_key",
       g."email" AS "guardian_email", g."mobile" AS "guardian_mobile", g."account_id"
  FROM "eligible_pupil" p
  JOIN "guardian_link" l ON l."pupil_id" = p."id" AND l."legal"
  JOIN "guardian" g ON g."id" = l."guardian_id" AND g."detached_at" IS NULL
  JOIN "account" a ON a."id" = g."account_id" AND a."deleted_at" IS NULL;

CREATE FUNCTION "director_rows_deferred"() RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('educonnect.director_rows', true), '') = 'deferred'
$$;

-- Recomputes the rows of these pupils. A first import into an empty directory sets
-- `educonnect.director_rows` to 'deferred' for its transaction and stores every row once at the end
-- (lib/directory/import/bulk-load.ts): one insert instead of one per statement.
CREATE FUNCTION "refresh_director_rows"(pupil_ids INTEGER[]) RETURNS VOID
LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(cardinality(pupil_ids), 0) = 0 OR director_rows_deferred() THEN
    RETURN;
  END IF;
  -- Pupil by pupil through the primary keys, whatever the planner's statistics say (an import's
  -- tables may not have been analysed yet: a hash of the whole directory cost 0.4 s for 3,000 pupils;
  -- an anti-join of the old rows against the new ones, estimated tiny, ran as a nested loop and grew
  -- with the square of the pupils touched: +11 s for a 2 % delta of 4,000 schools).
  DELETE FROM "director_row" r WHERE r."pupil_id" = ANY(pupil_ids);
  WITH fresh AS (
    SELECT s.* FROM (SELECT DISTINCT unnest(pupil_ids) AS id) u
     CROSS JOIN LATERAL (SELECT * FROM "director_row_source" x WHERE x."pupil_id" = u.id OFFSET 0) s
  )
  INSERT INTO "director_row" SELECT * FROM fresh
  -- Two transactions refreshing the same pupil (an import and a parent's regroupement): the second
  -- one waits for the first, then writes its own reading.
  ON CONFLICT ("pupil_id", "guardian_id") DO UPDATE SET
    "school_id" = excluded."school_id", "class_id" = excluded."class_id", "level" = excluded."level",
    "pupil_last_name" = excluded."pupil_last_name", "pupil_first_name" = excluded."pupil_first_name",
    "pupil_birth_date" = excluded."pupil_birth_date", "pupil_last_key" = excluded."pupil_last_key",
    "pupil_first_key" = excluded."pupil_first_key", "guardian_last_name" = excluded."guardian_last_name",
    "guardian_first_name" = excluded."guardian_first_name", "guardian_last_key" = excluded."guardian_last_key",
    "guardian_first_key" = excluded."guardian_first_key", "guardian_email" = excluded."guardian_email",
    "guardian_mobile" = excluded."guardian_mobile", "account_id" = excluded."account_id";
END
$$;

-- The pupils a statement touched, from its transition tables (old_rows / new_rows).
CREATE FUNCTION "director_rows_after_pupil"() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  IF director_rows_deferred() THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN
    PERFORM refresh_director_rows(array(SELECT id FROM old_rows));
  ELSIF TG_OP = 'INSERT' THEN
    PERFORM refresh_director_rows(array(SELECT id FROM new_rows));
  ELSE
    -- A pupil who stays eligible keeps the same rows: their columns are written directly (a class
    -- change is most of a delta). Only a pupil who becomes eligible or stops being so is recomputed.
    UPDATE "director_row" r SET "school_id" = n.school_id, "class_id" = n.class_id, "level" = n.level,
           "pupil_last_name" = n.last_name, "pupil_first_name" = n.first_name, "pupil_birth_date" = n.birth_date,
           "pupil_last_key" = n.last_name_key, "pupil_first_key" = n.first_name_key
      FROM new_rows n JOIN old_rows o ON o.id = n.id
     WHERE r."pupil_id" = n.id
       AND n.detached_at IS NULL AND n.admitted AND n.ine IS NOT NULL AND n.class_id IS NOT NULL
       AND n.school_id IS NOT NULL
       AND (n.school_id, n.class_id, n.level, n.last_name, n.first_name, n.birth_date)
           IS DISTINCT FROM (o.school_id, o.class_id, o.level, o.last_name, o.first_name, o.birth_date);
    PERFORM refresh_director_rows(array(
      SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
       WHERE (n.detached_at IS NULL AND n.admitted AND n.ine IS NOT NULL AND n.class_id IS NOT NULL
              AND n.school_id IS NOT NULL)
             IS DISTINCT FROM (o.detached_at IS NULL AND o.admitted AND o.ine IS NOT NULL AND o.class_id IS NOT NULL
              AND o.school_id IS NOT NULL)));
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION "director_rows_after_link"() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  IF director_rows_deferred() THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM refresh_director_rows(array(SELECT pupil_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM refresh_director_rows(array(SELECT pupil_id FROM old_rows));
  ELSE
    PERFORM refresh_director_rows(array(SELECT pupil_id FROM new_rows UNION SELECT pupil_id FROM old_rows));
  END IF;
  RETURN NULL;
END
$$;

-- A guardian's detachment, return or new account (regroupement, purge) touches the rows of every
-- pupil they are linked to; new names or contact details from the directory (most of a delta's
-- changes) are written into their rows directly.
CREATE FUNCTION "director_rows_after_guardian"() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  IF director_rows_deferred() THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN
    PERFORM refresh_director_rows(array(
      SELECT DISTINCT r.pupil_id FROM "director_row" r JOIN old_rows o ON o.id = r.guardian_id));
  ELSIF TG_OP = 'INSERT' THEN
    PERFORM refresh_director_rows(array(
      SELECT DISTINCT l.pupil_id FROM new_rows n
       CROSS JOIN LATERAL (SELECT pupil_id FROM "guardian_link" x WHERE x.guardian_id = n.id AND x.legal OFFSET 0) l));
  ELSE
    -- Names, e-mail and mobile of a guardian who keeps their rows are written directly; only a
    -- detachment, a return or a new account recomputes the rows of their pupils.
    UPDATE "director_row" r SET "guardian_last_name" = c.last_name, "guardian_first_name" = c.first_name,
           "guardian_last_key" = c.last_name_key, "guardian_first_key" = c.first_name_key,
           "guardian_email" = c.email, "guardian_mobile" = c.mobile
      FROM (SELECT n.* FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE n.detached_at IS NULL AND (n.last_name, n.first_name, n.email, n.mobile)
                   IS DISTINCT FROM (o.last_name, o.first_name, o.email, o.mobile)) c
     WHERE r."guardian_id" = c.id;
    PERFORM refresh_director_rows(array(
      SELECT DISTINCT l.pupil_id FROM new_rows n JOIN old_rows o ON o.id = n.id
       CROSS JOIN LATERAL (SELECT pupil_id FROM "guardian_link" x WHERE x.guardian_id = n.id AND x.legal OFFSET 0) l
       WHERE (n.detached_at, n.account_id) IS DISTINCT FROM (o.detached_at, o.account_id)));
  END IF;
  RETURN NULL;
END
$$;

-- An account closed (regroupement, purge) or reopened: the rows of its guardians' pupils.
CREATE FUNCTION "director_rows_after_account"() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_director_rows(array(
    SELECT DISTINCT l.pupil_id FROM "guardian" g JOIN "guardian_link" l ON l.guardian_id = g.id AND l.legal
     WHERE g.account_id = NEW.id));
  RETURN NULL;
END
$$;

-- TRUNCATE of any source empties the derived rows too.
CREATE FUNCTION "director_rows_after_truncate"() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE "director_row";
  RETURN NULL;
END
$$;

CREATE TRIGGER "director_rows_pupil_insert" AFTER INSERT ON "pupil"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION director_rows_after_pupil();
CREATE TRIGGER "director_rows_pupil_update" AFTER UPDATE ON "pupil"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION director_rows_after_pupil();
CREATE TRIGGER "director_rows_pupil_delete" AFTER DELETE ON "pupil"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION director_rows_after_pupil();
CREATE TRIGGER "director_rows_link_insert" AFTER INSERT ON "guardian_link"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION director_rows_after_link();
CREATE TRIGGER "director_rows_link_update" AFTER UPDATE ON "guardian_link"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION director_rows_after_link();
CREATE TRIGGER "director_rows_link_delete" AFTER DELETE ON "guardian_link"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION director_rows_after_link();
CREATE TRIGGER "director_rows_guardian_insert" AFTER INSERT ON "guardian"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION director_rows_after_guardian();
CREATE TRIGGER "director_rows_guardian_update" AFTER UPDATE ON "guardian"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION director_rows_after_guardian();
CREATE TRIGGER "director_rows_guardian_delete" AFTER DELETE ON "guardian"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION director_rows_after_guardian();
-- Only when deleted_at changes: a sign-in or a notification does not pay for it.
CREATE TRIGGER "director_rows_account_closed" AFTER UPDATE OF "deleted_at" ON "account"
  FOR EACH ROW WHEN (OLD."deleted_at" IS DISTINCT FROM NEW."deleted_at")
  EXECUTE FUNCTION director_rows_after_account();
CREATE TRIGGER "director_rows_pupil_truncate" AFTER TRUNCATE ON "pupil"
  FOR EACH STATEMENT EXECUTE FUNCTION director_rows_after_truncate();
CREATE TRIGGER "director_rows_guardian_truncate" AFTER TRUNCATE ON "guardian"
  FOR EACH STATEMENT EXECUTE FUNCTION director_rows_after_truncate();
CREATE TRIGGER "director_rows_link_truncate" AFTER TRUNCATE ON "guardian_link"
  FOR EACH STATEMENT EXECUTE FUNCTION director_rows_after_truncate();
CREATE TRIGGER "director_rows_account_truncate" AFTER TRUNCATE ON "account"
  FOR EACH STATEMENT EXECUTE FUNCTION director_rows_after_truncate();

-- The rows of the directory as it is now, stored school by school.
INSERT INTO "director_row" SELECT * FROM "director_row_source" ORDER BY "school_id", "pupil_id";
ANALYZE "director_row";

-- Same view, same columns: the account is joined live (its state, dates and e-mail change all day).
CREATE OR REPLACE VIEW "director_scope" AS
SELECT r."school_id", r."pupil_id", r."class_id", r."level",
       r."pupil_last_name", r."pupil_first_name", r."pupil_birth_date",
       r."guardian_id", r."guardian_last_name", r."guardian_first_name",
       r."guardian_email", r."guardian_mobile",
       a."id" AS "account_id", a."identifiant", a."state", a."origin", a."email" AS "account_email",
       a."mobile" AS "account_mobile", a."distributed_at", a."last_login_at",
       a."provisional_password_enc", a."password_hash",
       r."pupil_last_key", r."pupil_first_key", r."guardian_last_key", r."guardian_first_key"
  FROM "director_row" r
  JOIN "account" a ON a."id" = r."account_id" AND a."deleted_at" IS NULL;
