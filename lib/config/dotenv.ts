import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '@/lib/config/paths';

/** Reads the project's `.env`, if any; variables already set in the environment win. */
export function loadDotEnv() {
  const file = path.join(projectRoot, '.env');
  if (fs.existsSync(file)) process.loadEnvFile(file);
}
