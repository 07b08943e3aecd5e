export class UsageError extends Error {}

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

export interface CommandContext {
  args: ParsedArgs;
  /** Opens the database (embedded unless DATABASE_URL) and returns its URL; released at exit. */
  database(): Promise<string>;
  /** Results: standard output. */
  out(text: string): void;
  /** Progress and logs: standard error. */
  err(text: string): void;
}

export interface Command {
  name: string;
  usage: string;
  summary: string;
  run(ctx: CommandContext): Promise<number | void>;
}

export function parseArgs(argv: string[]): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split('=', 2);
      if (inline !== undefined) flags.set(name, inline);
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) flags.set(name, argv[++i]);
      else flags.set(name, true);
    } else positional.push(a);
  }
  return { positional, flags };
}

export function intFlag(args: ParsedArgs, name: string, fallback?: number): number {
  const v = args.flags.get(name);
  if (v === undefined) {
    if (fallback === undefined) throw new UsageError(`--${name} est obligatoire`);
    return fallback;
  }
  const n = Number(v);
  if (v === true || !Number.isInteger(n) || n < 0) throw new UsageError(`--${name} attend un nombre entier positif`);
  return n;
}

export function stringFlag(args: ParsedArgs, name: string, required = false): string | undefined {
  const v = args.flags.get(name);
  if (v === true) throw new UsageError(`--${name} attend une valeur`);
  if (v === undefined && required) throw new UsageError(`--${name} est obligatoire`);
  return v;
}
