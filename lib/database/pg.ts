import pg from 'pg';

/** A plain node-postgres client on DATABASE_URL for set-based work (COPY, big statements). */
export async function withPgClient<T>(
  fn: (client: pg.Client) => Promise<T>,
  connectionString = process.env.DATABASE_URL,
): Promise<T> {
  if (!connectionString) throw new Error("DATABASE_URL n'est pas défini.");
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
