import pg from 'pg';

/**
 * A plain pg client for the long operations that hold their own connection (the import, the
 * migrations). A connection the server ends (PostgreSQL restarted, the session terminated) is
 * reported by pg as an `error` event: without a listener it would kill the whole process — a
 * worker and every job it runs. Here the event is kept, and the operation waiting on the
 * connection fails with it, cleanly, as its own error.
 */
export function newPgClient(config: pg.ClientConfig): pg.Client {
  const client = new pg.Client(config);
  client.on('error', () => {
    /* the pending or next query rejects with the same error */
  });
  return client;
}
