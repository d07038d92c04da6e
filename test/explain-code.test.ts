/**
 * `explain <scenario> --code`: the scenario's process targets and main, then
 * the tutorial's Python programs it re-tells, each naming its source — for
 * every scenario, the Python exactly as the project's copy holds it.
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {catalog, load} from '../scenarios/index.ts';
import {cli, pool} from './support/cli.ts';
import {root} from './support/paths.ts';

const GUTTER = /^ {2}│ ?/;

/** The code under each heading of a listing: headings are the lines without a gutter. */
function sections(output: string): Array<{heading: string; code: string}> {
	const out: Array<{heading: string; lines: string[]}> = [];
	for (const line of output.split('\n')) {
		if (GUTTER.test(line)) out.at(-1)!.lines.push(line.replace(GUTTER, ''));
		else if (line !== '') out.push({heading: line, lines: []});
	}
	return out.map(({heading, lines}) => ({heading, code: lines.join('\n')}));
}

/** A program file's text without its `#:` header, as the tutorial printed it. */
function programText(file: string): string {
	const lines = fs.readFileSync(path.join(root, 'scenarios', 'python', file), 'utf8').split('\n');
	return lines
		.slice(lines.findIndex(line => !line.startsWith('#:')))
		.join('\n')
		.trim();
}

test("every scenario's code: its process targets and main, then each Python program it re-tells, whole", async () => {
	const names = catalog.map(entry => entry.name);
	// Wide enough that no line of code is wrapped: the text is compared as it is.
	const results = await pool(
		3,
		names.map(name => () => cli(['explain', name, '--code'], {env: {COLUMNS: '300'}})),
	);
	for (const [i, name] of names.entries()) {
		const result = results[i]!;
		assert.equal(result.code, 0, `${name}: ${result.stderr}`);
		const parts = sections(result.stdout);
		const scenario = await load(name);
		// Every target a Process of this scenario runs is listed as its code, and main too.
		const source = fs.readFileSync(path.join(root, 'scenarios', `${name}.ts`), 'utf8');
		const targets = [...source.matchAll(/target: '(\w+)'/g)].map(match => match[1]!);
		for (const target of new Set(targets)) {
			const part = parts.find(p => p.heading.startsWith(`${target}(), run by a process`));
			assert.ok(part, `${name}: ${target}() listed`);
			assert.match(part.code, new RegExp(`^export async function ${target}\\(`, 'm'), `${name}: the code of ${target}()`);
		}
		assert.match(parts.find(p => p.heading === 'main(), the main process:')?.code ?? '', /^async main\(ctx\) \{/, `${name}: main()`);
		// Then the tutorial's programs, in order, each named by its source and exactly its text.
		const python = parts.filter(p => p.heading.startsWith('From "Python多进程同步-进程间通信" by nzb (2025-04-15), section '));
		// The text as it is, trailing spaces aside.
		const trimmed = (code: string) => code.replace(/[ \t]+$/gm, '');
		assert.deepEqual(
			python.map(p => trimmed(p.code)),
			scenario.programs.map(file => trimmed(programText(file))),
			`${name}: the Python programs`,
		);
		assert.ok(result.stdout.indexOf('TypeScript:') < result.stdout.indexOf('Python:'), `${name}: the TypeScript first`);
	}
	// A program re-told by an option says which.
	const pcv2 = results[names.indexOf('pc-v2')]!.stdout;
	assert.match(pcv2, /Python: the tutorial's program it re-tells, as with --sentinel-from main/);
});

test('the project ships a copy of each program: every file is a Python program, used by a scenario, naming its source', async t => {
	const files = fs.readdirSync(path.join(root, 'scenarios', 'python')).filter(file => file.endsWith('.py'));
	const used = (await Promise.all(catalog.map(entry => load(entry.name)))).flatMap(scenario => scenario.programs);
	assert.deepEqual([...files].sort(), [...used].sort());
	for (const file of files)
		assert.match(fs.readFileSync(path.join(root, 'scenarios', 'python', file), 'utf8'), /^#: tutorial: .+\n#: author: .+\n#: date: .+\n#: section: .+\n/);
	const python = spawnSync('python3', ['--version']);
	if (python.error) {
		t.skip('no python3 on the PATH to parse the programs');
		return;
	}
	for (const file of files) {
		const parsed = spawnSync('python3', [
			'-c',
			'import ast, sys; ast.parse(open(sys.argv[1], encoding="utf-8").read())',
			path.join(root, 'scenarios', 'python', file),
		]);
		assert.equal(parsed.status, 0, `${file}: ${parsed.stderr}`);
	}
});
