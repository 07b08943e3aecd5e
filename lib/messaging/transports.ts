/**
 * Where e-mails and SMS leave the machine (DESIGN.md §9). Production: Resend (RESEND_API_KEY) or
 * SMTP (SMTP_URL) for e-mails, an HTTP gateway (SMS_GATEWAY_URL) for SMS. Demo mode: the dev
 * outbox, i.e. the outbound_message table itself, shown at /dev/boite-mail.
 */
import nodemailer from 'nodemailer';
import { Resend } from 'resend';
import { isDemo } from '@/lib/config/settings';
import { SENDER_NAME } from '@/lib/accounts/letters';
import { DomainError } from '@/lib/errors';
import { callResendInTurn } from '@/lib/messaging/provider-turns';
import { workerNumber } from '@/lib/config/worker-numbers';

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

/**
 * What became of one e-mail of a call: sent (the provider's id when it gives one), or not sent —
 * `permanent` when the provider refused it for good (the address does not exist: trying again
 * cannot help), otherwise it may be tried again (provider unreachable, a temporary refusal).
 */
export type SendOutcome = { providerId?: string } | { error: string; permanent: boolean };

export interface Transport {
  name: string;
  /** True when the message body must stay readable after sending (the dev outbox). */
  keepsBody: boolean;
  /** Throws when the message is not sent; a `RefusedByProvider` when it never will be. */
  sendEmail(m: EmailToSend): Promise<{ providerId?: string }>;
  /**
   * Up to 100 e-mails in one call (Resend's batch endpoint, with one idempotency key for the call;
   * it throws when the call itself fails); other transports send them one by one. Either way it
   * answers for each e-mail, in the order given, so that those sent are never sent again.
   */
  sendEmails(ms: EmailToSend[], idempotencyKey: string): Promise<SendOutcome[]>;
  sendSms(m: SmsToSend): Promise<{ providerId?: string }>;
}

/** The provider refused the message for good: it is marked REFUSED and never tried again. */
export class RefusedByProvider extends Error {}

/**
 * One e-mail after the other, for transports without a batch endpoint. An e-mail refused for good
 * does not stop the others; at the first other failure (the server gone, a temporary refusal) the
 * rest is left for the job's next try rather than each waiting for the same failure.
 */
const oneByOne =
  (send: (m: EmailToSend) => Promise<{ providerId?: string }>) =>
  async (ms: EmailToSend[]): Promise<SendOutcome[]> => {
    const out: SendOutcome[] = [];
    for (const m of ms) {
      try {
        out.push(await send(m));
      } catch (e) {
        const error = (e as Error).message;
        if (e instanceof RefusedByProvider) {
          out.push({ error, permanent: true });
          continue;
        }
        out.push({ error, permanent: false });
        while (out.length < ms.length) out.push({ error: `non tenté : ${error}`, permanent: false });
        break;
      }
    }
    return out;
  };

/**
 * The sender of every e-mail: the guide's « Administrateur des services en ligne » (annexe A1), at
 * MAIL_FROM's address; a MAIL_FROM written with its own display name keeps it.
 */
export function mailFrom() {
  const from = (process.env.MAIL_FROM ?? 'ne-pas-repondre@educonnect.localhost').trim();
  return from.includes('<') ? from : `${SENDER_NAME} <${from}>`;
}

/**
 * Every e-mail is sent by a program, to thousands of parents at the start of the year: marked so
 * (RFC 3834), and Exchange's own header, so that out-of-office replies are not sent back to it.
 */
const AUTOMATED = { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' };

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

type SmtpError = Error & { code?: string; command?: string; responseCode?: number; response?: string };

/**
 * Only the server's refusal of the address itself is final: a 5xx answer to RCPT TO, or an address
 * nodemailer cannot even write. A refusal of the sender (MAIL FROM: the relay's configuration) or of
 * the message (DATA: a filter, a size) would hit every e-mail of the rentrée alike, so it is worth
 * another try once the operator has fixed it, as is anything else (connection, authentication, a
 * 4xx « try later »). The operator's error says what the server answered, never the message.
 */
function smtpFailure(e: SmtpError): Error {
  const answer = ` (${(e.response ?? e.message).slice(0, 200)})`;
  const code = e.responseCode ?? 0;
  const refusedAddress =
    e.code === 'EENVELOPE' &&
    ((e.command === 'RCPT TO' && code >= 500 && code < 600) || (e.command === 'API' && /recipient/i.test(e.message)));
  return refusedAddress
    ? new RefusedByProvider(`SMTP : refusé par le serveur${answer}`)
    : new Error(`SMTP : non envoyé, ${e.code ?? 'erreur'}${answer}`);
}

/**
 * How long a provider may take to answer (PROVIDER_TIMEOUT_MS, 15 s by default, as the SMS gateway
 * had): the connection, each SMTP reply, a call to Resend or to the SMS gateway. One that hangs — a
 * relay that accepts the connection and then says nothing, an API that never answers — would
 * otherwise hold a worker's slot for as long as the socket lives (nodemailer waits 10 minutes of
 * silence; fetch, for ever), and the urgent slots are two. Past it the message is FAILED and its job
 * tries again later; the idempotency key keeps a call that did arrive from being sent twice.
 */
export const providerTimeoutMs = () => workerNumber('PROVIDER_TIMEOUT_MS');

/**
 * One pool of SMTP connections per process and server: a batch's e-mails leave over the same few
 * connections (a relay limits how many a sender opens) instead of one connection, and one TLS
 * handshake, per e-mail. Closed by closeTransports() when a worker stops.
 */
const openSmtpPool = (url: string) => {
  const timeout = providerTimeoutMs();
  // The url's own parameters (…?maxConnections=5) win over these defaults.
  return nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: 2,
    maxMessages: 100,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
};
const smtpPools = new Map<string, ReturnType<typeof openSmtpPool>>();
function smtpTransport(url: string) {
  let pool = smtpPools.get(url);
  if (!pool) smtpPools.set(url, (pool = openSmtpPool(url)));
  return pool;
}

/** Closes the SMTP connections this process keeps open (a worker's stop, the end of a test). */
export function closeTransports() {
  for (const pool of smtpPools.values()) pool.close();
  smtpPools.clear();
}

/** Resend's words for a refusal of the recipient's address (its `to` field), not of the sender or the call. */
const aboutTheAddress = (message: string) => /`to`|recipient/i.test(message);

/** One e-mail as Resend's API takes it, alone or in a batch. */
const resendEmail = (m: EmailToSend) => ({
  from: mailFrom(),
  to: m.to,
  subject: m.subject,
  html: m.html ?? undefined,
  text: m.text,
  headers: AUTOMATED,
});

function emailTransport(): Pick<Transport, 'sendEmail' | 'sendEmails'> & { name: string } {
  if (process.env.RESEND_API_KEY) {
    const resend = new Resend(process.env.RESEND_API_KEY);
    return {
      name: 'resend',
      async sendEmail(m) {
        const { data, error } = await callResendInTurn(() =>
          resend.emails.send(resendEmail(m), {
            idempotencyKey: m.idempotencyKey,
            signal: AbortSignal.timeout(providerTimeoutMs()),
          }),
        );
        // A validation error of its address concerns this message alone: the others are worth a new try.
        if (error?.name === 'validation_error' && aboutTheAddress(error.message))
          throw new RefusedByProvider(`Resend : refusé (${error.message})`);
        if (error) throw new Error(`Resend : ${error.message}`);
        return { providerId: data?.id };
      },
      async sendEmails(ms, idempotencyKey) {
        // « permissive »: an e-mail Resend refuses (a malformed address) does not refuse the others
        // of the call; it answers which ones, by their place in the call.
        const { data, error } = await callResendInTurn(
          () =>
            resend.batch.send(ms.map(resendEmail), {
              idempotencyKey,
              batchValidation: 'permissive',
              signal: AbortSignal.timeout(providerTimeoutMs()),
            }),
          { batch: true },
        );
        if (error) throw new Error(`Resend : ${error.message}`);
        const refused = new Map((data.errors ?? []).map((e) => [e.index, e.message]));
        const ids = data.data.map((d) => d.id);
        let next = 0;
        // Refused for good only for its address: a sender or a domain refused would refuse them all.
        return ms.map((_, i) =>
          refused.has(i)
            ? { error: `Resend : refusé (${refused.get(i)})`, permanent: aboutTheAddress(refused.get(i)!) }
            : { providerId: ids[next++] },
        );
      },
    };
  }
  if (process.env.SMTP_URL) {
    const smtp = smtpTransport(process.env.SMTP_URL);
    const sendEmail = async (m: EmailToSend) => {
      try {
        const info = await smtp.sendMail({
          from: mailFrom(),
          to: m.to,
          subject: m.subject,
          html: m.html ?? undefined,
          text: m.text,
          headers: { ...AUTOMATED, 'X-Idempotency-Key': m.idempotencyKey },
        });
        return { providerId: info.messageId as string };
      } catch (e) {
        throw smtpFailure(e as SmtpError);
      }
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
      const timeout = providerTimeoutMs();
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': m.idempotencyKey,
            ...(process.env.SMS_GATEWAY_TOKEN ? { authorization: `Bearer ${process.env.SMS_GATEWAY_TOKEN}` } : {}),
          },
          body: JSON.stringify({ to: m.to, text: m.text }),
          signal: AbortSignal.timeout(timeout),
        });
      } catch (e) {
        const err = e as Error & { cause?: { code?: string } };
        throw new Error(
          err.name === 'TimeoutError'
            ? `Passerelle SMS : pas de réponse en ${timeout / 1000} s`
            : `Passerelle SMS : injoignable (${err.cause?.code ?? err.message})`,
        );
      }
      if (!res.ok) {
        const answer = `Passerelle SMS : réponse ${res.status}`;
        // 400 and 422 refuse this message (a number the gateway cannot serve): final. Anything else —
        // a refused token (401, 403), a wrong address (404), « too many » (429), the gateway's own
        // trouble (5xx) — would refuse every SMS alike, and is tried again once it is fixed.
        const final = res.status === 400 || res.status === 422;
        throw final ? new RefusedByProvider(answer) : new Error(answer);
      }
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
