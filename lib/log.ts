import pino from 'pino';

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
  serializers: {
    err: (e: Error) => {
      const out = pino.stdSerializers.err(e) as ReturnType<typeof pino.stdSerializers.err> & { code?: unknown };
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
