// The process the CLI loads a module in (see module-loader.ts): TypeScript through tsx, as in bin/gradviz.mjs.
import { register } from 'tsx/esm/api';

register();
await import('./module-child.ts');
