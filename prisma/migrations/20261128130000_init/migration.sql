-- EduConnect-libre: the whole domain of DESIGN.md §4–§6.

-- CreateEnum
CREATE TYPE "account_state" AS ENUM ('NON_NOTIFIE', 'NOTIFIE_NON_ACTIVE', 'EN_COURS_ACTIVATION', 'ACTIVE');
CREATE TYPE "account_origin" AS ENUM ('NON_RENSEIGNE', 'ETABLISSEMENT', 'RESPONSABLE', 'FRANCECONNECT');
CREATE TYPE "level" AS ENUM ('PS', 'MS', 'GS', 'CP', 'CE1', 'CE2', 'CM1', 'CM2');
CREATE TYPE "message_channel" AS ENUM ('EMAIL', 'SMS');
CREATE TYPE "message_status" AS ENUM ('PENDING', 'SENT', 'FAILED');
CREATE TYPE "import_outcome" AS ENUM ('RUNNING', 'SUCCEEDED', 'FAILED');
CREATE TYPE "actor_type" AS ENUM ('AGENT', 'GUARDIAN', 'SYSTEM');
CREATE TYPE "sms_purpose" AS ENUM ('SIGNUP', 'FRANCECONNECT', 'RECOVERY');
CREATE TYPE "letter_batch_status" AS ENUM ('PENDING', 'RUNNING', 'DONE', 'FAILED');

-- CreateTable
CREATE TABLE "school" (
    "id" SERIAL NOT NULL,
    "uai" VARCHAR(8) NOT NULL,
    "name" TEXT NOT NULL,
    "academie" TEXT,
    "city" TEXT,
    "detached_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "school_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "school_class" (
    "id" SERIAL NOT NULL,
    "school_id" INTEGER NOT NULL,
    "aaf_id" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "detached_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "school_class_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "pupil" (
    "id" SERIAL NOT NULL,
    "aaf_id" TEXT NOT NULL,
    "ine" TEXT,
    "last_name" TEXT NOT NULL,
    "first_name" TEXT NOT NULL,
    "birth_date" DATE,
    "school_id" INTEGER,
    "class_id" INTEGER,
    "level" "level",
    "admitted" BOOLEAN NOT NULL DEFAULT true,
    "detached_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "pupil_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "guardian" (
    "id" SERIAL NOT NULL,
    "aaf_id" TEXT NOT NULL,
    "civility" TEXT,
    "last_name" TEXT NOT NULL,
    "first_name" TEXT NOT NULL,
    "email" TEXT,
    "mobile" TEXT,
    "address_line" TEXT,
    "postal_code" TEXT,
    "city" TEXT,
    "country" TEXT,
    "account_id" INTEGER,
    "detached_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "guardian_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "guardian_link" (
    "pupil_id" INTEGER NOT NULL,
    "guardian_id" INTEGER NOT NULL,
    "legal" BOOLEAN NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "guardian_link_pkey" PRIMARY KEY ("pupil_id","guardian_id")
);

CREATE TABLE "account" (
    "id" SERIAL NOT NULL,
    "identifiant" TEXT NOT NULL,
    "state" "account_state" NOT NULL DEFAULT 'NON_NOTIFIE',
    "origin" "account_origin" NOT NULL DEFAULT 'NON_RENSEIGNE',
    "provisional_password_enc" TEXT,
    "password_hash" TEXT,
    "email" TEXT,
    "email_verified_at" TIMESTAMPTZ(3),
    "mobile" TEXT,
    "distributed_at" TIMESTAMPTZ(3),
    "letter_valid_until" TIMESTAMPTZ(3),
    "last_login_at" TIMESTAMPTZ(3),
    "password_changed_at" TIMESTAMPTZ(3),
    "franceconnect_sub" TEXT,
    "merged_into_id" INTEGER,
    "deleted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "account_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "identifiant_counter" (
    "base" TEXT NOT NULL,
    "last" INTEGER NOT NULL,
    CONSTRAINT "identifiant_counter_pkey" PRIMARY KEY ("base")
);

CREATE TABLE "agent" (
    "id" SERIAL NOT NULL,
    "aaf_id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "last_name" TEXT NOT NULL,
    "first_name" TEXT NOT NULL,
    "last_login_at" TIMESTAMPTZ(3),
    "detached_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "agent_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "agent_school" (
    "agent_id" INTEGER NOT NULL,
    "school_id" INTEGER NOT NULL,
    CONSTRAINT "agent_school_pkey" PRIMARY KEY ("agent_id","school_id")
);

CREATE TABLE "stats_snapshot" (
    "id" SERIAL NOT NULL,
    "school_id" INTEGER NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "data" JSONB NOT NULL,
    CONSTRAINT "stats_snapshot_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "audit_event" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_type" "actor_type" NOT NULL,
    "actor_id" TEXT,
    "action" TEXT NOT NULL,
    "account_id" INTEGER,
    "school_id" INTEGER,
    "details" JSONB,
    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "activation_token" (
    "id" SERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "token_hash" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    CONSTRAINT "activation_token_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "sms_code" (
    "id" SERIAL NOT NULL,
    "purpose" "sms_purpose" NOT NULL,
    "mobile" TEXT NOT NULL,
    "code_hash" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "context" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "consumed_at" TIMESTAMPTZ(3),
    CONSTRAINT "sms_code_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "outbound_message" (
    "id" SERIAL NOT NULL,
    "channel" "message_channel" NOT NULL,
    "recipient" TEXT NOT NULL,
    "subject" TEXT,
    "template" TEXT NOT NULL,
    "html" TEXT,
    "text" TEXT NOT NULL,
    "account_id" INTEGER,
    "idempotency_key" TEXT,
    "status" "message_status" NOT NULL DEFAULT 'PENDING',
    "transport" TEXT,
    "provider_id" TEXT,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),
    CONSTRAINT "outbound_message_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "directory_import" (
    "id" SERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "outcome" "import_outcome" NOT NULL DEFAULT 'RUNNING',
    "counts" JSONB,
    "error" TEXT,
    CONSTRAINT "directory_import_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "letter_batch" (
    "id" SERIAL NOT NULL,
    "school_id" INTEGER NOT NULL,
    "agent_id" INTEGER NOT NULL,
    "status" "letter_batch_status" NOT NULL DEFAULT 'PENDING',
    "total" INTEGER NOT NULL,
    "done" INTEGER NOT NULL DEFAULT 0,
    "request" JSONB NOT NULL,
    "pdf" BYTEA,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "letter_batch_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "school_uai_key" ON "school"("uai");
CREATE UNIQUE INDEX "school_class_school_id_aaf_id_key" ON "school_class"("school_id", "aaf_id");
CREATE UNIQUE INDEX "pupil_aaf_id_key" ON "pupil"("aaf_id");
CREATE INDEX "pupil_school_id_idx" ON "pupil"("school_id");
CREATE INDEX "pupil_class_id_idx" ON "pupil"("class_id");
CREATE UNIQUE INDEX "guardian_aaf_id_key" ON "guardian"("aaf_id");
CREATE INDEX "guardian_account_id_idx" ON "guardian"("account_id");
CREATE INDEX "guardian_link_guardian_id_idx" ON "guardian_link"("guardian_id");
CREATE UNIQUE INDEX "account_identifiant_key" ON "account"("identifiant");
CREATE UNIQUE INDEX "account_franceconnect_sub_key" ON "account"("franceconnect_sub");
CREATE INDEX "account_state_idx" ON "account"("state");
CREATE UNIQUE INDEX "agent_aaf_id_key" ON "agent"("aaf_id");
CREATE UNIQUE INDEX "agent_email_key" ON "agent"("email");
CREATE INDEX "agent_school_school_id_idx" ON "agent_school"("school_id");
CREATE INDEX "stats_snapshot_school_id_computed_at_idx" ON "stats_snapshot"("school_id", "computed_at" DESC);
CREATE INDEX "audit_event_account_id_at_idx" ON "audit_event"("account_id", "at");
CREATE INDEX "audit_event_school_id_at_idx" ON "audit_event"("school_id", "at");
CREATE UNIQUE INDEX "activation_token_token_hash_key" ON "activation_token"("token_hash");
CREATE INDEX "activation_token_account_id_idx" ON "activation_token"("account_id");
CREATE INDEX "sms_code_mobile_created_at_idx" ON "sms_code"("mobile", "created_at");
CREATE UNIQUE INDEX "outbound_message_idempotency_key_key" ON "outbound_message"("idempotency_key");
CREATE INDEX "outbound_message_created_at_idx" ON "outbound_message"("created_at" DESC);
CREATE INDEX "outbound_message_account_id_idx" ON "outbound_message"("account_id");
CREATE INDEX "letter_batch_school_id_created_at_idx" ON "letter_batch"("school_id", "created_at");

-- AddForeignKey
ALTER TABLE "school_class" ADD CONSTRAINT "school_class_school_id_fkey" FOREIGN KEY ("school_id") REFERENCES "school"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "pupil" ADD CONSTRAINT "pupil_school_id_fkey" FOREIGN KEY ("school_id") REFERENCES "school"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "pupil" ADD CONSTRAINT "pupil_class_id_fkey" FOREIGN KEY ("class_id") REFERENCES "school_class"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "guardian" ADD CONSTRAINT "guardian_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "guardian_link" ADD CONSTRAINT "guardian_link_pupil_id_fkey" FOREIGN KEY ("pupil_id") REFERENCES "pupil"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "guardian_link" ADD CONSTRAINT "guardian_link_guardian_id_fkey" FOREIGN KEY ("guardian_id") REFERENCES "guardian"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "account" ADD CONSTRAINT "account_merged_into_id_fkey" FOREIGN KEY ("merged_into_id") REFERENCES "account"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "agent_school" ADD CONSTRAINT "agent_school_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "agent_school" ADD CONSTRAINT "agent_school_school_id_fkey" FOREIGN KEY ("school_id") REFERENCES "school"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "stats_snapshot" ADD CONSTRAINT "stats_snapshot_school_id_fkey" FOREIGN KEY ("school_id") REFERENCES "school"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "audit_event" ADD CONSTRAINT "audit_event_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "activation_token" ADD CONSTRAINT "activation_token_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "outbound_message" ADD CONSTRAINT "outbound_message_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "letter_batch" ADD CONSTRAINT "letter_batch_school_id_fkey" FOREIGN KEY ("school_id") REFERENCES "school"("id") ON DELETE CASCADE ON UPDATE CASCADE;
