// Worker thread entry: TypeScript is loaded through tsx's API (a worker does not inherit the
// parent's loader), then the real body in stage-worker.ts.
import { register } from 'tsx/esm/api';

register({ tsconfig: new URL('../../../tsconfig.json', import.meta.url).pathname });
await import('./stage-worker.ts');
