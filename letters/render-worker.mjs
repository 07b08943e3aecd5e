// Worker thread entry: TypeScript through tsx's API (a worker does not inherit the parent's loader).
import { register } from 'tsx/esm/api';

register({ tsconfig: new URL('../tsconfig.json', import.meta.url).pathname });
await import('./render-worker-body.tsx');
