/**
 * Where e-mails and SMS leave the machine (DESIGN.md §9). Production: Resend (RESEND_API_KEY) or
 * SMTP (SMTP_URL) for e-mails, an HTTP gateway (SMS_GATEWAY_URL) for SMS. Demo mode: the dev
 * outbox, i.e. the outbound_message table itself, shown at /dev/boite-mail.
 */
import nodemailer from 'nodemailer';
import { Resend } from 'resend';
import { isDemo } from '@/lib/config/settings';
import { DomainError } from '@/lib/errors';

export interface EmailToSend {
  to: string;
  subject: string;
  html: string | null;
  text: string;
  idempotencyKey: string;
}

export interface SmsToSend {
  to: string;
  text: string;
  idempotencyKey: string;
}

export interface Transport {
  name: string;
  /** True when the message body must stay readable after sending (the dev outbox). */
  keepsBody: boolean;
  sendEmail(m: EmailToSend): Promise<{ providerId?: string }>;
  /**
   * Up to 100 e-mails in one call (Resend's batch endpoint, with one idempotency key for the
   * call); other transports send them one by one. Answers in the order given.
   */
  sendEmails(ms: EmailToSend[], idempotencyKey: string): Promise<{ providerId?: string }[]>;
  sendSms(m: SmsToSend): Promise<{ providerId?: string }>;
}

/** One e-mail after the other, for transports without a batch endpoint. */
const oneByOne =
  (send: (m: EmailToSend) => Promise<{ providerId?: string }>) =>
  async (ms: EmailToSend[]): Promise<{ providerId?: string }[]> => {
    const out: { providerId?: string }[] = [];
    for (const m of ms) out.push(await send(m));
    return out;
  };

/** The sender of every e-mail: the guide’s « Administrateur des services en ligne ». */
export function mailFrom() {
  return process.env.MAIL_FROM ?? 'Administrateur des services en ligne <ne-pas-repondre@educonnect.localhost>';
}

const outbox: Transport = {
  name: 'outbox',
  keepsBody: true,
  async sendEmail() {
    return {};
  },
  async sendEmails(ms) {
    return ms.map(() => ({}));
  },
  async sendSms() {
    return {};
  },
};

function emailTransport(): Pick<Transport, 'sendEmail' | 'sendEmails'> & { name: string } {
  if (process.env.RESEND_API_KEY) {
    const resend = new Resend(process.env.RESEND_API_KEY);
    return {
      name: 'resend',
      async sendEmail(m) {
        const { data, error } = await resend.emails.send(
          { from: mailFrom(), to: m.to, subject: m.subject, html: m.html ?? undefined, text: m.text },
          { idempotencyKey: m.idempotencyKey },
        );
        if (error) throw new Error(`Resend : ${error.message}`);
        return { providerId: data?.id };
      },
      async sendEmails(ms, idempotencyKey) {
        const { data, error } = await resend.batch.send(
          ms.map((m) => ({ from: mailFrom(), to: m.to, subject: m.subject, html: m.html ?? undefined, text: m.text })),
          { idempotencyKey },
        );
        if (error) throw new Error(`Resend : ${error.message}`);
        return ms.map((_, i) => ({ providerId: data?.data[i]?.id }));
      },
    };
  }
  if (process.env.SMTP_URL) {
    const smtp = nodemailer.createTransport(process.env.SMTP_URL);
    const sendEmail = async (m: EmailToSend) => {
      const info = await smtp.sendMail({
        from: mailFrom(),
        to: m.to,
        subject: m.subject,
        html: m.html ?? undefined,
        text: m.text,
        headers: { 'X-Idempotency-Key': m.idempotencyKey },
      });
      return { providerId: info.messageId as string };
    };
    return { name: 'smtp', sendEmail, sendEmails: oneByOne(sendEmail) };
  }
  throw new DomainError('TRANSPORT_NOT_CONFIGURED', { channel: 'courriel' });
}

function smsTransport(): Pick<Transport, 'sendSms'> & { name: string } {
  const url = process.env.SMS_GATEWAY_URL;
  if (!url) throw new DomainError('TRANSPORT_NOT_CONFIGURED', { channel: 'sms' });
  return {
    name: 'sms-gateway',
    async sendSms(m) {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': m.idempotencyKey,
          ...(process.env.SMS_GATEWAY_TOKEN ? { authorization: `Bearer ${process.env.SMS_GATEWAY_TOKEN}` } : {}),
        },
        body: JSON.stringify({ to: m.to, text: m.text }),
        signal: AbortSignal.timeout(15_000),
      });
      if (!res.ok) throw new Error(`Passerelle SMS : réponse ${res.status}`);
      const body = (await res.json().catch(() => ({}))) as { id?: string };
      return { providerId: body.id };
    },
  };
}

/** The transport for this process: the dev outbox in demo mode, the real ones otherwise. */
export function getTransport(): Transport {
  if (isDemo() && !process.env.RESEND_API_KEY && !process.env.SMTP_URL && !process.env.SMS_GATEWAY_URL) return outbox;
  return {
    name: 'production',
    keepsBody: false,
    sendEmail: (m) => emailTransport().sendEmail(m),
    sendEmails: (ms, key) => emailTransport().sendEmails(ms, key),
    sendSms: (m) => smsTransport().sendSms(m),
  };
}
