-- The directors' rows of pupils and guardians whose names, class or contact details changed are written
-- in place (20261129070000_director_row). PostgreSQL estimates a statement's transition tables at about
-- a thousand rows whatever they hold: for a rentrée's export, where every pupil changed class, it looked
-- up each pupil's rows by index, sorted the 1.07 million rows (and every column of the pupil) on disk to
-- join them with the old pupils, then updated them: 19.7 s, of which 6.3 s before the first row was
-- written. The changed pupils (guardians) are now found first, by a query planned on its own (OFFSET 0),
-- and their rows are looked up by index in that order: no sort of the rows. Same rows, same values.
CREATE OR REPLACE FUNCTION "director_rows_after_pupil"() RETURNS TRIGGER
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
    UPDATE "director_row" r SET "school_id" = c.school_id, "class_id" = c.class_id, "level" = c.level,
           "pupil_last_name" = c.last_name, "pupil_first_name" = c.first_name, "pupil_birth_date" = c.birth_date,
           "pupil_last_key" = c.last_name_key, "pupil_first_key" = c.first_name_key
      FROM (SELECT n.* FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE n.detached_at IS NULL AND n.admitted AND n.ine IS NOT NULL AND n.class_id IS NOT NULL
               AND n.school_id IS NOT NULL
               AND (n.school_id, n.class_id, n.level, n.last_name, n.first_name, n.birth_date)
                   IS DISTINCT FROM (o.school_id, o.class_id, o.level, o.last_name, o.first_name, o.birth_date)
            OFFSET 0) c
     WHERE r."pupil_id" = c.id;
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

CREATE OR REPLACE FUNCTION "director_rows_after_guardian"() RETURNS TRIGGER
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
                   IS DISTINCT FROM (o.last_name, o.first_name, o.email, o.mobile)
            OFFSET 0) c
     WHERE r."guardian_id" = c.id;
    PERFORM refresh_director_rows(array(
      SELECT DISTINCT l.pupil_id FROM new_rows n JOIN old_rows o ON o.id = n.id
       CROSS JOIN LATERAL (SELECT pupil_id FROM "guardian_link" x WHERE x.guardian_id = n.id AND x.legal OFFSET 0) l
       WHERE (n.detached_at, n.account_id) IS DISTINCT FROM (o.detached_at, o.account_id)));
  END IF;
  RETURN NULL;
END
$$;
