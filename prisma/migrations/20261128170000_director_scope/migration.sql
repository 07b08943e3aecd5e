-- The director scope (DESIGN.md §11): ONE definition of what a director may see and act on.
-- Every query that shows or changes guardians' accounts reads these views; the planner inlines
-- them, so they cost nothing over a hand-written join.

-- Guide §1.3.1: a pupil opens accounts for their legal guardians only when definitively admitted,
-- holding a national INE and assigned to a class (and attached to a school of the directory).
CREATE VIEW "eligible_pupil" AS
SELECT p.*
  FROM "pupil" p
 WHERE p."detached_at" IS NULL AND p."admitted" AND p."ine" IS NOT NULL
   AND p."class_id" IS NOT NULL AND p."school_id" IS NOT NULL;

-- One row per (eligible pupil, legal guardian still in the directory, live account): the rows of
-- « Responsables » (guide §5.1). A director of `school_id` sees exactly the rows of that school.
CREATE VIEW "director_scope" AS
SELECT p."school_id", p."id" AS "pupil_id", p."class_id", p."level",
       p."last_name" AS "pupil_last_name", p."first_name" AS "pupil_first_name", p."birth_date" AS "pupil_birth_date",
       g."id" AS "guardian_id", g."last_name" AS "guardian_last_name", g."first_name" AS "guardian_first_name",
       g."email" AS "guardian_email", g."mobile" AS "guardian_mobile",
       a."id" AS "account_id", a."identifiant", a."state", a."origin", a."email" AS "account_email",
       a."mobile" AS "account_mobile", a."distributed_at", a."last_login_at",
       a."provisional_password_enc", a."password_hash"
  FROM "eligible_pupil" p
  JOIN "guardian_link" l ON l."pupil_id" = p."id" AND l."legal"
  JOIN "guardian" g ON g."id" = l."guardian_id" AND g."detached_at" IS NULL
  JOIN "account" a ON a."id" = g."account_id" AND a."deleted_at" IS NULL;
