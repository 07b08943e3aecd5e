-- Resend's webhook names an e-mail by the id Resend gave it (`provider_id`): an e-mail that bounces
-- after Resend took it is found by that id (lib/messaging/provider-events.ts), among a rentrée's
-- hundreds of thousands of messages.
CREATE INDEX "outbound_message_provider_id_idx" ON "outbound_message"("provider_id");
