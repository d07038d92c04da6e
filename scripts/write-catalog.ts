/** Build step: write the scenarios' data (names, options, lessons) to catalog.json for the CLI. */
import fs from 'node:fs';
import {catalogFile, info, loadAll} from '../scenarios/index.ts';

fs.writeFileSync(catalogFile, `${JSON.stringify((await loadAll()).map(info), null, '\t')}\n`);
