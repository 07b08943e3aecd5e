import pino from 'pino';

/**
 * Logs go to standard error, so that a command's results on standard output can be piped
 * (operator CLI). Never log a password, a token or a code: pass ids, not secrets.
 */
export const log = pino(
  {
    level: process.env.LOG_LEVEL ?? 'info',
    base: undefined,
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'code', '*.code', 'secret', '*.secret'],
      censor: '[masqué]',
    },
  },
  pino.destination({ fd: 2, sync: true }),
);
