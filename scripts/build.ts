/** `npm run build`: the production build as `npm start` makes it (scripts/next-build.ts). */
import { buildApp } from './next-build';

buildApp(process.env).catch((e: Error) => {
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
});
