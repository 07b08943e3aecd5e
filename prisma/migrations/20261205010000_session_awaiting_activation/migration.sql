-- A session opened while the C07 click is awaited (after the first login, a sign-in with the chosen
-- password, or a new password after a reset): it shows where the activation e-mail went — refused or
-- not — and lets the parent correct the address and ask for a new one (guide, annexe A1.3: « connectez-
-- vous à nouveau pour modifier votre adresse de messagerie »); nothing else of the portal.
ALTER TYPE "guardian_session_stage" ADD VALUE 'AWAITING_ACTIVATION';
