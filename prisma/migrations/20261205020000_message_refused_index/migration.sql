-- The e-mails refused by a parent's mail server, by account: what the director's « Accueil » lists for
-- the chosen school at every visit (« Courriels non remis », lib/messaging/undelivered-messages.ts).
-- Few rows, so a small index; without it the page read every message of the school's accounts
-- (7.8 → 1.3 ms for a school of 1,000 pupils after a rentrée of three e-mails per account).
-- Partial: not expressible in schema.prisma (see the model's comment there).
CREATE INDEX "outbound_message_refused_account_idx" ON "outbound_message"("account_id") WHERE "status" = 'REFUSED';
