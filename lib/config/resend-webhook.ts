import { Webhook } from 'standardwebhooks';

/**
 * RESEND_WEBHOOK_SECRET: the signing secret (`whsec_…`) of the endpoint declared in Resend's
 * dashboard for `/api/resend/webhook` (docs/DEPLOYMENT.md). Unset: the endpoint answers 404.
 */
export function resendWebhookSecret(env: Record<string, string | undefined> = process.env): string | null {
  return env.RESEND_WEBHOOK_SECRET || null;
}

/** Whether `secret` is a signing secret as Resend gives them (checked at start). */
export function isWebhookSecret(secret: string): boolean {
  if (!secret.startsWith('whsec_')) return false;
  try {
    new Webhook(secret);
    return true;
  } catch {
    return false;
  }
}
