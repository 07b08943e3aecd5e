// Registered with `--import` by every script of package.json that runs lib/ code outside Next.js.
// lib/ modules start with `import 'server-only'` (they must never reach a browser bundle); outside
// React Server Components that marker throws, so here it resolves to an empty module instead.
import { register } from 'node:module';

register('./server-only-resolve.mjs', import.meta.url);
