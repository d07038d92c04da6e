import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {root} from './support/paths.ts';

// Which way imports flow (README, "Architecture"), checked on the sources' static imports.

/** Every module `file` reaches through static imports (relative ones as paths, packages by name). */
function reach(file: string, seen = new Set<string>()): Set<string> {
	if (seen.has(file)) return seen;
	seen.add(file);
	if (!file.startsWith('/')) return seen;
	for (const [, specifier] of fs.readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s(?!type\b)[^'"]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm)) {
		if (!specifier) continue;
		reach(specifier.startsWith('.') ? path.resolve(path.dirname(file), specifier) : specifier, seen);
	}
	return seen;
}

const inside = (folder: string) => (module: string) => module.startsWith(path.join(root, folder) + path.sep);

test('a child loads neither the run, nor the broker, nor the CLI', () => {
	const loaded = [...reach(path.join(root, 'src/child/child.ts'))];
	for (const folder of ['src/run', 'src/broker', 'src/cli', 'scenarios']) {
		assert.deepEqual(loaded.filter(inside(folder)), [], `the child reaches ${folder}`);
	}
	assert.deepEqual(
		loaded.filter(module => !module.startsWith('/') && !module.startsWith('node:')),
		[],
		'no package',
	);
});

test('primitives and ipc stand on their own: no run, broker, CLI or scenario, no CLI package', () => {
	for (const folder of ['src/primitives', 'src/ipc']) {
		for (const name of fs.readdirSync(path.join(root, folder))) {
			const loaded = [...reach(path.join(root, folder, name))];
			for (const other of ['src/run', 'src/broker', 'src/cli', 'scenarios']) {
				assert.deepEqual(loaded.filter(inside(other)), [], `${folder}/${name} reaches ${other}`);
			}
			assert.deepEqual(
				loaded.filter(module => ['commander', 'chalk', 'cli-table3'].includes(module)),
				[],
				`${folder}/${name} loads a CLI package`,
			);
		}
	}
});

test('the library (src/index.ts) loads no CLI code or package', () => {
	const loaded = [...reach(path.join(root, 'src/index.ts'))];
	assert.deepEqual(loaded.filter(inside('src/cli')), []);
	assert.deepEqual(
		loaded.filter(module => ['commander', 'chalk', 'cli-table3'].includes(module)),
		[],
	);
});

test('the catalogues (src/lang) are data: no other code of the project, no package', () => {
	for (const name of ['index.ts', 'en/index.ts', 'zh/index.ts']) {
		const loaded = [...reach(path.join(root, 'src/lang', name))].filter(module => module !== path.join(root, 'src/lang', name));
		assert.deepEqual(
			loaded.filter(module => !inside('src/lang')(module)),
			[],
			`src/lang/${name} reaches outside src/lang`,
		);
	}
});
