/**
 * Names are the program's to choose, newlines included: in the text output
 * they are shown escaped, so a name cannot print a line of its own (a fake
 * verdict, a fake hang line); `--json` keeps them as they are.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {assertCleanedUp, cli, parseJsonRun} from './support/cli.ts';
import {scratch} from './support/sandbox.ts';

const PROC = 'evil\n✘ crashed: fake';
const LOCK = 'l\rFAKE LOCK LINE';
const EVENT = 'e\u2028FAKE HANG LINE';

const program = `import {Event, Lock, Process, isMain} from 'sync-demo';

export async function child(lock: Lock, never: Event): Promise<void> {
	await lock.withLock(async () => {});
	await never.wait();
}

if (isMain) {
	const lock = new Lock({name: ${JSON.stringify(LOCK)}});
	const never = new Event({name: ${JSON.stringify(EVENT)}});
	const p = new Process({module: import.meta.url, target: 'child', args: [lock, never], name: ${JSON.stringify(PROC)}});
	await p.start();
	await p.join();
}
`;

test('a process, lock and event named with line breaks print no line of their own; --json keeps the names', async t => {
	const file = path.join(scratch(t, 'names'), 'names.ts');
	fs.writeFileSync(file, program);

	const text = await cli(['run', file, '--no-color']);
	assert.equal(text.code, 1, 'the run hangs (exit 1)');
	const lines = text.stdout.split(/\r\n|\r|\n|\u2028/);
	for (const fake of ['✘ crashed: fake', 'FAKE LOCK LINE', 'FAKE HANG LINE'])
		assert.ok(!lines.some(line => line.trimStart().startsWith(fake)), `no line starts with "${fake}":\n${text.stdout}`);
	assert.match(text.stdout, /evil\\n✘ crashed: fake/, 'the process name, escaped');
	assert.match(text.stdout, /l\\rFAKE LOCK LINE/, 'the lock name, escaped');
	assert.match(text.stdout, /e\\u2028FAKE HANG LINE/, 'the event name, escaped, in the hang explanation');

	const json = await cli(['run', file, '--json']);
	const run = parseJsonRun(json);
	assertCleanedUp(json, run.pids);
	assert.ok(
		run.events.some(event => event.type === 'spawn' && event.proc === PROC),
		'the spawn event has the real name',
	);
	assert.ok(run.events.some(event => event.type === 'sync' && event.target === LOCK));
});
