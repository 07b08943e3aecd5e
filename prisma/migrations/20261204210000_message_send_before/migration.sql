-- A message that carries a code or a link leaves only while they still work: past `send_before` (the
-- code's or the link's expiry) its job marks it EXPIRED, wipes its body and sends nothing
-- (lib/messaging/deliver-message.ts) — after an SMS gateway's outage, parents do not receive codes
-- that died while it was down.
ALTER TYPE "message_status" ADD VALUE 'EXPIRED';
ALTER TABLE "outbound_message" ADD COLUMN "send_before" TIMESTAMPTZ(3);
