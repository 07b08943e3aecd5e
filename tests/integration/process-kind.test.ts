/**
 * Each process tells PostgreSQL what it is (application_name, seen in pg_stat_activity), and a web
 * process's connections carry its limits: a statement of 30 s, a transaction idle for a minute
 * (lib/database/prisma.ts). Checked on real connections, as each kind of process opens them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { processEnv, type ProcessKind } from '@/lib/config/process-kind';
import { createPrismaClient } from '@/lib/database/prisma';

const saved = { EDUCONNECT_PROCESS: process.env.EDUCONNECT_PROCESS, PGAPPNAME: process.env.PGAPPNAME };
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

async function settingsOf(kind: ProcessKind) {
  Object.assign(process.env, processEnv(kind));
  const client = createPrismaClient();
  try {
    const [row] = await client.$queryRaw<{ statement: string; idle: string; name: string }[]>`
      select current_setting('statement_timeout') as statement,
             current_setting('idle_in_transaction_session_timeout') as idle,
             current_setting('application_name') as name`;
    return row;
  } finally {
    await client.$disconnect();
  }
}

describe('ce que chaque processus dit à PostgreSQL', () => {
  it('un processus web : son nom, 30 s par instruction, une minute de transaction inactive', async () => {
    expect(await settingsOf('web')).toEqual({ statement: '30s', idle: '1min', name: 'educonnect-web' });
  });

  it('un worker, la ligne de commande : leur nom, sans limite (un import bâtit des index des minutes)', async () => {
    expect(await settingsOf('worker')).toEqual({ statement: '0', idle: '0', name: 'educonnect-worker' });
    expect(await settingsOf('cli')).toEqual({ statement: '0', idle: '0', name: 'educonnect-cli' });
  });
});
