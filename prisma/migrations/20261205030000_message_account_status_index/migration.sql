-- The partial index of 20261205020000 cannot be written in schema.prisma, whose agreement with the
-- database a test guards (tests/integration/schema-drift.test.ts). The same reads — the refused e-mails
-- of a school's accounts on the director's « Accueil » — go through an index on (account_id, status),
-- which replaces the one on account_id alone (every read by account uses its first column).
DROP INDEX "outbound_message_refused_account_idx";
DROP INDEX "outbound_message_account_id_idx";
CREATE INDEX "outbound_message_account_id_status_idx" ON "outbound_message"("account_id", "status");
