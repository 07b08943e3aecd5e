-- Each worker process says it is alive every few seconds. A worker that stops saying so (killed,
-- machine lost) leaves jobs locked for 4 hours in graphile-worker; the live workers unlock them
-- after a minute of silence, so that a batch cut short resumes at once.
CREATE TABLE "worker_heartbeat" (
    "pool_id" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "worker_heartbeat_pkey" PRIMARY KEY ("pool_id")
);
