import { runCli } from '@/workers/cli-run';

/**
 * The same command line run in this process by the function the process runs (workers/cli-run.ts):
 * the same parsing, commands, outputs and exit codes, without starting Node, tsx and Prisma again
 * for each command line (≈ 1.5 s of processor each). `env` is added to the environment for this
 * command only.
 */
export async function cli(args: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  // A command sets DATABASE_URL and, outside `npm test`, the demo's secrets, as its process would:
  // this process's environment is left as it was (the files of a vitest process share it).
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
    return { code, out, err };
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}
