// The process the CLI loads a module in (see module-loader.ts): TypeScript through tsx, as in bin/gradviz.mjs.
import { register } from 'tsx/esm/api';

register();
// `.js`: the compiled file once installed; in a checkout, tsx finds module-child.ts for it.
await import('./module-child.js');
