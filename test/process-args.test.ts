/**
 * Process arguments that hold primitives arrive as the primitives, wherever
 * they sit (top level, arrays, plain objects, a child's child); plain data
 * that merely looks like a handle (parsed from JSON, say) arrives as that
 * data — never as a primitive opening the file it names.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, test} from 'node:test';
import {Lock, Process, Queue, Value} from '../src/index.ts';
import {fixtures} from './support/fixtures.ts';
import {useRun} from './support/use-run.ts';

describe('Process arguments and handles', () => {
	useRun();

	test('lookalike handles arrive as plain data, the file they name untouched; real primitives beside them arrive usable, in a child and its child', async () => {
		const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'victim-'));
		const victim = path.join(folder, 'file');
		fs.writeFileSync(victim, 'A');
		try {
			const fakeValue = JSON.parse(`{"__sync":"value","id":"spoof","name":"fake-value","path":${JSON.stringify(victim)},"typecode":"b","length":1}`);
			const fakeLock = {__sync: 'lock', id: 'spoof-lock', name: 'fake-lock', path: victim};
			const unknownKind = {__sync: 'no-such-kind', id: 'y'};
			const results = new Queue({name: 'results'});
			const lock = new Lock({name: 'real-lock'});
			const value = new Value('i', 10, {name: 'real-value'});
			const args = {lock, note: 'x', fakeLock, values: [value, fakeValue, [unknownKind]]};
			// A lookalike at the top level of the arguments, too.
			const child = new Process({module: fixtures.args, target: 'report', args: [results, 'child', true, args, fakeValue], name: 'child'});
			await child.start();
			const reports = [await results.get({timeout: 30_000}), await results.get({timeout: 30_000})];
			assert.equal(await child.join(), 0);
			const seen = {lock: '<Lock real-lock>', note: 'x', fakeLock, values: ['<Value real-value>', fakeValue, [unknownKind]]};
			assert.deepEqual(reports, [
				{who: 'child', args: [seen, fakeValue]},
				{who: "child's child", args: [seen, fakeValue]},
			]);
			assert.equal(value.value, 12, 'each process added one to the real value');
			assert.equal(fs.readFileSync(victim, 'utf8'), 'A');
		} finally {
			fs.rmSync(folder, {recursive: true, force: true});
		}
	});
});
