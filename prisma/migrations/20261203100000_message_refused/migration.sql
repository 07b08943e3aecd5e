-- A message the provider refuses for good (an SMTP server's 5xx for the address, an SMS gateway's
-- 4xx) is marked REFUSED and never tried again, where FAILED (provider unreachable, a temporary
-- refusal) is tried again by its job (lib/messaging/deliver-messages.ts).
ALTER TYPE "message_status" ADD VALUE 'REFUSED';
