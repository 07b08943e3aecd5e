import { parseArgs, type ParseArgsConfig } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;
import { DomainError } from '@/lib/errors';

/** A usage error of the operator's command line: printed with the command's usage, exit 2. */
export const usageError = (problem: string) => new DomainError('CLI_USAGE', { problem });

/** The parsed options: text for string options, true for the boolean ones given. */
export type OptionValues<O extends ParseArgsOptionsConfig> = {
  [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string;
};

export interface CommandContext<O extends ParseArgsOptionsConfig> {
  /** The declared options, as parsed (strings and booleans). */
  values: OptionValues<O>;
  positionals: string[];
  /** Opens the database (embedded unless DATABASE_URL) for `db` and returns its URL; released at exit. */
  database(): Promise<string>;
  /** Results: standard output, a line. */
  out(text: string): void;
  /** Results: standard output, as they are (a CSV file). */
  write(text: string): void;
  /** Progress and logs: standard error. */
  err(text: string): void;
}

export interface Command<O extends ParseArgsOptionsConfig = ParseArgsOptionsConfig> {
  name: string;
  usage: string;
  summary: string;
  /** Every option the command takes; anything else is refused. */
  options: O;
  /** How many positional arguments it takes. */
  positionals: { min: number; max: number; label: string };
  run(ctx: CommandContext<O>): Promise<number | void>;
}

export const defineCommand = <O extends ParseArgsOptionsConfig>(c: Command<O>) => c;

/** node:util's strict parser, with its refusals in French. */
export function parseCommandLine<O extends ParseArgsOptionsConfig>(command: Command<O>, argv: string[]) {
  let parsed: { values: OptionValues<O>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: command.options, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (e) {
    const { code, message } = e as { code?: string; message: string };
    const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw usageError(`option inconnue : ${option}`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const name = option.split(' ')[0];
      if (/argument missing/.test(message)) throw usageError(`${name} attend une valeur`);
      // `--limit -3`: node reads « -3 » as an option, not as the value.
      if (/argument is ambiguous/.test(message)) {
        throw usageError(`${name} attend une valeur ; une valeur qui commence par un tiret s'écrit ${name}=…`);
      }
      throw usageError(`${name} ne prend pas de valeur`);
    }
    throw usageError(message);
  }
  const { min, max, label } = command.positionals;
  if (parsed.positionals.length < min) throw usageError(`${command.name} attend ${label}`);
  if (parsed.positionals.length > max) {
    throw usageError(`argument en trop : « ${parsed.positionals[max]} » (${command.name} attend ${label})`);
  }
  return parsed;
}

/** A whole number ≥ 0 from an option's text. */
export function intOption(value: string | undefined, name: string, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw usageError(`--${name} est obligatoire`);
    return fallback;
  }
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw usageError(`--${name} attend un nombre entier positif`);
  return n;
}

export function requiredOption(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw usageError(`--${name} est obligatoire`);
  return value;
}
