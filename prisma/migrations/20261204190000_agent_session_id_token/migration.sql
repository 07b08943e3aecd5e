-- The ID token the agents' portal gave at sign-in, kept with the session it opened: « Déconnexion »
-- sends it back to the portal (id_token_hint) so that the director's session there ends too.
ALTER TABLE "agent_session" ADD COLUMN "id_token" TEXT;
