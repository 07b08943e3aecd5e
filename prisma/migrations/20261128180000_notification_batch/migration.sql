-- (Re)notification (guide §5.3) runs as a batch: one row per request, one item per account, in
-- the order of the letters (class, then pupil). Items are processed in chunks, each chunk in one
-- transaction with its state changes, audit events and queued e-mails, so that a worker killed
-- mid-batch resumes where it stopped and never sends or resets twice. The PDF of a paper batch
-- lives here (several web nodes, no local disk) and is purged after its expiry.
DROP TABLE "letter_batch";
DROP TYPE "letter_batch_status";

CREATE TYPE "notification_channel" AS ENUM ('PAPER', 'EMAIL');
CREATE TYPE "notification_batch_status" AS ENUM ('PENDING', 'RUNNING', 'DONE', 'FAILED');

CREATE TABLE "notification_batch" (
    "id" SERIAL NOT NULL,
    "school_id" INTEGER NOT NULL,
    "agent_id" INTEGER,
    "channel" "notification_channel" NOT NULL,
    "reset" BOOLEAN NOT NULL,
    "status" "notification_batch_status" NOT NULL DEFAULT 'PENDING',
    "total" INTEGER NOT NULL,
    "done" INTEGER NOT NULL DEFAULT 0,
    "not_reset" INTEGER NOT NULL DEFAULT 0,
    "pdf" BYTEA,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "notification_batch_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "notification_item" (
    "batch_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "account_id" INTEGER NOT NULL,
    "letter" TEXT,
    "processed_at" TIMESTAMPTZ(3),

    CONSTRAINT "notification_item_pkey" PRIMARY KEY ("batch_id", "position")
);

CREATE INDEX "notification_batch_school_id_created_at_idx" ON "notification_batch"("school_id", "created_at");
CREATE INDEX "notification_batch_expires_at_idx" ON "notification_batch"("expires_at");
CREATE UNIQUE INDEX "notification_item_batch_id_account_id_key" ON "notification_item"("batch_id", "account_id");
CREATE INDEX "notification_item_account_id_idx" ON "notification_item"("account_id");

ALTER TABLE "notification_batch" ADD CONSTRAINT "notification_batch_school_id_fkey" FOREIGN KEY ("school_id") REFERENCES "school"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "notification_item" ADD CONSTRAINT "notification_item_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "notification_batch"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "notification_item" ADD CONSTRAINT "notification_item_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;
