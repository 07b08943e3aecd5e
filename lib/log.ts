import { inspect } from 'node:util';
import pino from 'pino';

/**
 * A text as a log may carry it: e-mail addresses and international phone numbers replaced, since
 * relays, gateways and libraries quote them in their errors (« 450 <jean.dupont@…>: try later ») and a
 * log is no place for a parent's address. The rows that need them (a message's own) keep the whole text.
 */
export const withoutAddresses = (text: string) =>
  text
    .replace(/[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu, '<adresse>')
    .replace(/\+\d{8,15}\b/g, '<numéro>');

/**
 * Logs go to standard error, so that a command's results on standard output can be piped
 * (operator CLI). Never log a password, a token or a code: pass ids, not secrets.
 */
export const LOG_OPTIONS: pino.LoggerOptions = {
  level: process.env.LOG_LEVEL ?? 'info',
  base: undefined,
  // An error's own `code` (ECONNREFUSED, PostgreSQL's 23505, oauth4webapi's ERR_JWS_…, a domain
  // error's name) is what an operator searches for: it is written as `errorCode`, out of the
  // reach of the `code` redaction below, which is there for the SMS codes.
  // Its message and stack are written without the addresses and numbers they may quote.
  serializers: {
    err: (e: Error) => {
      const out = pino.stdSerializers.err(e) as ReturnType<typeof pino.stdSerializers.err> & { code?: unknown };
      out.message = withoutAddresses(out.message);
      if (out.stack) out.stack = withoutAddresses(out.stack);
      if (out.code === undefined) return out;
      const { code, ...rest } = out;
      return { ...rest, errorCode: code };
    },
  },
  // A secret passed by mistake under one of these names never reaches the log.
  redact: {
    paths: [
      'password',
      '*.password',
      'token',
      '*.token',
      'code',
      '*.code',
      'secret',
      '*.secret',
      'cookie',
      '*.cookie',
      'headers.authorization',
      '*.headers.authorization',
      'headers.cookie',
      '*.headers.cookie',
    ],
    censor: '[masqué]',
  },
};

export const log = pino(LOG_OPTIONS, pino.destination({ fd: 2, sync: true }));

/**
 * What Next and the libraries print with console.error and console.warn, written to the same log as
 * JSON lines (a web process calls it at its start: instrumentation.ts). Next printed a request's
 * failure as several lines of plain text — message, stack, and the `digest` that the error page shows
 * the director as its reference — which a log collector cuts into unrelated lines, with whatever
 * address the message quoted. Now one line: the error (its digest among its fields, the addresses
 * replaced) and the words around it.
 */
export function routeConsoleToLog(logger: pino.Logger = log): void {
  const next = logger.child({ composant: 'next' });
  const write =
    (level: 'error' | 'warn') =>
    (...args: unknown[]) => {
      const err = args.find((a): a is Error => a instanceof Error);
      // Next opens its lines with a mark (« ⨯ »): the error's own message says more.
      const words = args
        .filter((a) => a !== err && a !== '⨯')
        .map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 3, breakLength: Infinity })))
        .join(' ');
      next[level](err ? { err } : {}, withoutAddresses(words || err?.message || ''));
    };
  console.error = write('error');
  console.warn = write('warn');
}
