/**
 * The known fingerprints' binary COPY (copy-int8.ts) against a real PostgreSQL: what the server
 * writes is what the reader gives back, across its blocks, and a NULL is refused.
 */
import { describe, expect, it } from 'vitest';
import { copyOutInt8 } from '@/lib/directory/import/copy-int8';
import { useTestClient } from '@/tests/support/pg-client';

const db = useTestClient();

describe('copyOutInt8', () => {
  it('rend les valeurs du serveur, extrêmes comprises, au-delà d’un bloc', async () => {
    const n = 300_000;
    const values = await copyOutInt8(
      db(),
      `select case i when 1 then -9223372036854775808 when 2 then 9223372036854775807
                     else (i * 2654435761) % 9223372036854775807 * (1 - 2 * (i % 2)) end
         from generate_series(1, ${n}) i order by i`,
    );
    expect(values.length).toBe(n);
    const { rows } = await db().query<{ sum: string; third: string; last: string }>(
      `select sum(v)::text as sum, (array_agg(v order by i))[3]::text as third,
              (array_agg(v order by i))[$1]::text as last
         from (select i, case i when 1 then -9223372036854775808 when 2 then 9223372036854775807
                     else (i * 2654435761) % 9223372036854775807 * (1 - 2 * (i % 2)) end as v
                 from generate_series(1, $1) i) x`,
      [n],
    );
    expect(values[0]).toBe(-(2n ** 63n));
    expect(values[1]).toBe(2n ** 63n - 1n);
    expect(values[2]).toBe(BigInt(rows[0].third));
    expect(values[n - 1]).toBe(BigInt(rows[0].last));
    expect(values.reduce((a, v) => a + v, 0n)).toBe(BigInt(rows[0].sum));
  });

  it('rien, c’est un tableau vide', async () => {
    expect((await copyOutInt8(db(), 'select 1::bigint where false')).length).toBe(0);
  });

  it('refuse une valeur nulle ou une autre colonne, et la connexion reste utilisable', async () => {
    await expect(copyOutInt8(db(), 'select null::bigint')).rejects.toThrow(/valeur nulle/);
    await expect(copyOutInt8(db(), 'select 1::int')).rejects.toThrow(/4 octets/);
    expect((await db().query('select 1 as one')).rows[0].one).toBe(1);
  });
});
