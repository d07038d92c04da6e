/** Where things are: the repository, and the real bin (which runs the build in dist/). */
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const root = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const bin = path.join(root, 'bin', 'sync-demo.js');
