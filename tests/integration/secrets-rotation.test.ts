/**
 * Rotating ACCOUNT_SECRET_KEY (DECISIONS « Rotating the secrets' key »): with the new key current and
 * the old one in ACCOUNT_SECRET_KEYS_PREVIOUS, everything sealed before still opens; `secrets:rotate`
 * seals it again with the new key; then the new key alone opens everything, and a second run has
 * nothing to do.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rotateSecrets } from '@/lib/accounts/rotate-secrets';
import { decryptSecret, openBytes, sealBytes } from '@/lib/accounts/secrets';
import { TS_ENTRY_NODE_ARGS } from '@/lib/config/service-env';
import { db } from '@/lib/db';
import { openBodies } from '@/lib/messaging/message-body';
import { queueMessage } from '@/lib/messaging/queue-message';
import { createFamily, createSchool, withDb } from '@/tests/support/factories';

const root = path.resolve(__dirname, '../..');
const oldKey = process.env.ACCOUNT_SECRET_KEY!;
const newKey = randomBytes(32).toString('base64');
const useKeys = (current: string, previous?: string) => {
  process.env.ACCOUNT_SECRET_KEY = current;
  if (previous) process.env.ACCOUNT_SECRET_KEYS_PREVIOUS = previous;
  else delete process.env.ACCOUNT_SECRET_KEYS_PREVIOUS;
};
afterEach(() => useKeys(oldKey));

describe('rotation de la clé des secrets', () => {
  it('l’ancienne clé ouvre encore ; secrets:rotate scelle tout à nouveau ; la nouvelle suffit ensuite', async () => {
    // Sealed with the old key: a provisional password, a batch's letters, a waiting e-mail; and an
    // e-mail queued in clear before bodies were sealed.
    const school = await createSchool();
    const f = await createFamily(school, {
      first: 'Lou',
      last: 'ROTATION',
      classLabel: 'CP',
      level: 'CP',
      guardians: [{ first: 'Anne', state: 'NOTIFIE_NON_ACTIVE', provisional: 'ROTA7ION' }],
    });
    const pdf = Buffer.from('%PDF-1.7\nMot de passe * : ROTA7ION\n%%EOF');
    const batch = await db.notificationBatch.create({
      data: {
        schoolId: school.id,
        channel: 'PAPER',
        reset: false,
        total: 1,
        status: 'DONE',
        pdf: new Uint8Array(sealBytes(pdf)),
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    const sealed = await db.$transaction((tx) =>
      queueMessage(tx, {
        channel: 'EMAIL',
        recipient: 'anne@exemple.fr',
        subject: 'Sujet',
        template: 'C02',
        html: '<p>Mot de passe * : ROTA7ION</p>',
        text: 'Mot de passe * : ROTA7ION',
        accountId: f.accounts[0].id,
        idempotencyKey: `rotation-${school.id}`,
      }),
    );
    const clear = await withDb(
      async (c) =>
        (
          await c.query<{ id: number }>(
            `insert into outbound_message (channel, recipient, template, text, idempotency_key)
             values ('SMS', '+33600000000', 'SMS_CODE', 'Votre code : 123456', $1) returning id`,
            [`rotation-clair-${school.id}`],
          )
        ).rows[0].id,
    );
    const read = async () => {
      const account = await db.account.findUniqueOrThrow({ where: { id: f.accounts[0].id } });
      const b = await db.notificationBatch.findUniqueOrThrow({ where: { id: batch.id } });
      const messages = await db.outboundMessage.findMany({
        where: { id: { in: [sealed!, clear] } },
        orderBy: { id: 'asc' },
      });
      return {
        password: decryptSecret(account.provisionalPasswordEnc!),
        pdf: openBytes(b.pdf!).toString('latin1'),
        bodies: messages.map(openBodies).map((m) => [m.html, m.text]),
        raw: { password: account.provisionalPasswordEnc, pdf: Buffer.from(b.pdf!), text: messages.map((m) => m.text) },
      };
    };
    const expected = {
      password: 'ROTA7ION',
      pdf: pdf.toString('latin1'),
      bodies: [
        ['<p>Mot de passe * : ROTA7ION</p>', 'Mot de passe * : ROTA7ION'],
        [null, 'Votre code : 123456'],
      ],
    };
    const before = await read();

    // The new key alone cannot open what the old one sealed.
    useKeys(newKey);
    await expect(read()).rejects.toThrow(/illisible/);
    // With the old key among the previous ones, everything opens.
    useKeys(newKey, `${randomBytes(32).toString('base64')},${oldKey}`);
    expect(await read()).toMatchObject(expected);

    // The operator's command, as it runs in production.
    const r = spawnSync(process.execPath, [...TS_ENTRY_NODE_ARGS, 'workers/cli.ts', 'secrets:rotate', '--json'], {
      cwd: root,
      env: process.env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.clesPrecedentes).toBe(2);
    // Other files of the run share this database: at least ours.
    expect(report.motsDePasse).toBeGreaterThanOrEqual(1);
    expect(report.courriers).toBeGreaterThanOrEqual(1);
    expect(report.messages).toBeGreaterThanOrEqual(2);

    // Now the new key alone opens everything, and everything was sealed again (the clear body too).
    useKeys(newKey);
    const after = await read();
    expect(after).toMatchObject(expected);
    expect(after.raw.password).not.toBe(before.raw.password);
    expect(after.raw.pdf.equals(before.raw.pdf)).toBe(false);
    expect(after.raw.text[1]).toMatch(/^v1:/);
    // Nothing left to do.
    expect(await rotateSecrets()).toEqual({ motsDePasse: 0, courriers: 0, messages: 0 });
  });

  it('une clé précédente mal formée est refusée en français', () => {
    useKeys(newKey, 'pas-une-cle');
    expect(() => decryptSecret('v1:a:b:c')).toThrow(/ACCOUNT_SECRET_KEYS_PREVIOUS doit faire 32 octets/);
  });
});
