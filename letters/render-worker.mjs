// Worker thread entry: TypeScript through tsx's API (a worker does not inherit the parent's loader).
import { register } from 'tsx/esm/api';

// A thread that only renders PDFs has no use for React's development checks, which cost a fifth
// of the rendering time; the tests keep theirs (NODE_ENV=test).
process.env.NODE_ENV ||= 'production';
register({ tsconfig: new URL('../tsconfig.json', import.meta.url).pathname });
await import('./render-worker-body.tsx');
