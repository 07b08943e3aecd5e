-- The guardians' portal (guide §1.2, §1.3.4, §1.3.5): sessions kept in PostgreSQL so that a
-- sign-out, a password change or a recovery ends them on every web node; the state of the
-- multi-step SMS and FranceConnect paths; throttling counters shared by every node; and the
-- e-mailed links of the portal beside the C07 one.

CREATE TYPE "guardian_session_stage" AS ENUM ('SIGNED_IN', 'MUST_ACTIVATE', 'MUST_CHANGE_PASSWORD');

CREATE TABLE "guardian_session" (
    "id" TEXT NOT NULL,
    "account_id" INTEGER NOT NULL,
    "stage" "guardian_session_stage" NOT NULL,
    "franceconnect_id_token" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "guardian_session_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "guardian_session_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id")
      ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "guardian_session_account_id_idx" ON "guardian_session"("account_id");

CREATE TABLE "portal_flow" (
    "id" TEXT NOT NULL,
    "purpose" "sms_purpose" NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "portal_flow_pkey" PRIMARY KEY ("id")
);

-- rate-limiter-flexible's Prisma store (key, points, expiry).
CREATE TABLE "rate_limit" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" TIMESTAMPTZ(3),

    CONSTRAINT "rate_limit_pkey" PRIMARY KEY ("key")
);

CREATE TYPE "email_token_purpose" AS ENUM ('ACTIVATION', 'PASSWORD_RESET', 'EMAIL_CHANGE');
ALTER TABLE "activation_token" ADD COLUMN "purpose" "email_token_purpose" NOT NULL DEFAULT 'ACTIVATION';

-- SMS signup and FranceConnect find guardians by their mobile (E.164 since the import).
CREATE INDEX "guardian_mobile_idx" ON "guardian"("mobile");
