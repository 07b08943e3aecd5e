import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dataRoot } from '@/lib/config/paths';

export interface DemoSecrets {
  AUTH_SECRET: string;
  ACCOUNT_SECRET_KEY: string;
  STANDIN_CLIENT_SECRET: string;
}

/**
 * Secrets of a demo install, generated once into `.data/secrets.json` (git-ignored, mode 600) so
 * that a second `npm start` can still read the provisional passwords it stored. Production sets
 * them in the environment.
 */
export function demoSecrets(): DemoSecrets {
  const file = path.join(dataRoot, 'secrets.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as DemoSecrets;
  const secrets: DemoSecrets = {
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    ACCOUNT_SECRET_KEY: randomBytes(32).toString('base64'),
    STANDIN_CLIENT_SECRET: randomBytes(24).toString('base64url'),
  };
  fs.mkdirSync(dataRoot, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
