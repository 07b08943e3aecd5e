-- Directors' sessions that end (issue « Hardening », item 4): the signed session cookie now names
-- a row here; « Déconnexion » deletes it, so a copy of the cookie replayed afterwards opens nothing,
-- on any web node.
CREATE TABLE "agent_session" (
    "id" TEXT NOT NULL,
    "agent_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "agent_session_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "agent_session_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agent"("id")
      ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "agent_session_agent_id_idx" ON "agent_session"("agent_id");
