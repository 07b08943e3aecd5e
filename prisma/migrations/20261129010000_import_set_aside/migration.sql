-- Records an import set aside (issue « Hardening », item 1): one bad record no longer refuses an
-- académie's whole export. Each record in conflict keeps its previous state and is listed here
-- with its file, line and reason; `npm run cli -- imports` shows them.
CREATE TABLE "directory_import_set_aside" (
    "import_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "file" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "category" TEXT NOT NULL,
    "aaf_id" TEXT NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "directory_import_set_aside_pkey" PRIMARY KEY ("import_id", "position"),
    CONSTRAINT "directory_import_set_aside_import_id_fkey" FOREIGN KEY ("import_id")
      REFERENCES "directory_import"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
