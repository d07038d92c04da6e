/** Build step: write the scenarios' data (names, options) to catalog.json for the CLI, and their code listings to code.json. */
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import type {Listing} from '../scenarios/index.ts';
import {catalogFile, codeFile, info, loadAll} from '../scenarios/index.ts';
import {pythonProgram, typescriptParts} from './code-listing.ts';

const scenarios = await loadAll();
fs.writeFileSync(catalogFile, `${JSON.stringify(scenarios.map(info), null, '\t')}\n`);

// The sources, not the build: dist/scripts/ → the checkout.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const listings: Record<string, Listing> = {};
for (const scenario of scenarios) {
	const file = path.join(root, 'scenarios', `${scenario.name}.ts`);
	listings[scenario.name] = {
		file: path.relative(root, file),
		typescript: typescriptParts(file, root),
		python: scenario.programs.map(program => pythonProgram(path.join(root, 'scenarios', 'python', program))),
	};
}
fs.writeFileSync(codeFile, `${JSON.stringify(listings)}\n`);
