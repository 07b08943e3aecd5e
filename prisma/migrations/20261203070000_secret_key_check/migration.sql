-- One value sealed with ACCOUNT_SECRET_KEY by the first process that finds none
-- (lib/accounts/secret-key-check.ts): a web node or worker started with another key cannot open it,
-- so it says so (health 503, the worker refuses to start) before it seals a single password, letter or
-- message that the other processes could not read. `secrets:rotate` seals it again with the new key.
CREATE TABLE "secret_key_check" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "sealed" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "secret_key_check_pkey" PRIMARY KEY ("id")
);
