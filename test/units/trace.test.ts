import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {writeTrace} from '../../src/cli/trace.ts';
import {scratch} from '../support/sandbox.ts';

test('the trace is written through a fresh temp file: a symlink planted at a predictable name is not followed', t => {
	const dir = scratch(t, 'units-trace');
	const victim = path.join(dir, 'victim');
	fs.writeFileSync(victim, 'precious\n');
	const file = path.join(dir, 'run.json');
	// The name an earlier version used: <file>.<pid>.tmp.
	fs.symlinkSync(victim, `${file}.${process.pid}.tmp`);
	writeTrace(file, [{type: 'log', t: 1, proc: 'main', pid: process.pid, text: 'hello'}], 2, 'ticket-grab');
	assert.equal(fs.readFileSync(victim, 'utf8'), 'precious\n', 'the victim is untouched');
	const trace = JSON.parse(fs.readFileSync(file, 'utf8')) as {otherData: {scenario: string}};
	assert.equal(trace.otherData.scenario, 'ticket-grab');
	assert.deepEqual(
		fs.readdirSync(dir).filter(name => name.endsWith('.tmp') && !name.includes(String(process.pid))),
		[],
		'no temp file left',
	);
});
