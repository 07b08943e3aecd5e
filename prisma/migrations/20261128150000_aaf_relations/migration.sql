-- What the directory last said of each relation list: the pupil's ENTEleveAutoriteParentale and the
-- guardian's ENTPersRelEleveEleve. The import rebuilds links only where these lists changed.
ALTER TABLE "pupil" ADD COLUMN "aaf_legal_ids" TEXT[];
ALTER TABLE "guardian" ADD COLUMN "aaf_pupil_ids" TEXT[];
