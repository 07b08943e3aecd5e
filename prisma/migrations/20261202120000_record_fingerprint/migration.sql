-- The fingerprint of the full-export record last merged into a pupil or guardian row
-- (lib/directory/aaf/record-fingerprint.ts): the next full export's identical record is recognised
-- from its bytes and neither read, mapped, copied nor compared. Null: not known (a delta wrote the
-- row, it was detached, or it predates this column); such a record is read as before.
-- With it, the warnings that record raised when it was read (one bit each, in the order of
-- warningLabels in lib/directory/aaf/aaf-mapping.ts): a recognised record counts in the import's
-- report as if it had been read.
ALTER TABLE "pupil" ADD COLUMN "aaf_fingerprint" BIGINT, ADD COLUMN "aaf_warnings" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "guardian" ADD COLUMN "aaf_fingerprint" BIGINT, ADD COLUMN "aaf_warnings" INTEGER NOT NULL DEFAULT 0;
