import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {Process, Run, Semaphore, shutdown} from '../src/index.ts';
import {workers} from './helpers.ts';

// With nobody listening to the run, a process may keep a released permit and
// take it again without a round trip until the broker recalls it. The same
// invariant must hold on that path: Semaphore(1) is a mutex, the counter exact.
test('Semaphore(1) as a mutex with nobody watching: counter exact across 4 processes', async () => {
	const run = Run.current();
	const file = path.join(run.dir, 'counter');
	fs.writeFileSync(file, '0'.padStart(20, '0'));
	const mutex = new Semaphore(1);
	const procs = Array.from({length: 4}, (_, i) => new Process({module: workers, target: 'incrementYielding', args: [file, 300, mutex], name: `incrementer-${i}`}));
	for (const proc of procs) await proc.start();
	for (const proc of procs) assert.equal(await proc.join(), 0);
	assert.equal(Number(fs.readFileSync(file, 'utf8')), 1200);
	// Every permit came back, kept ones included.
	assert.equal(run.broker.semaphoreInfo(mutex.handle.id).value, 1);
	const dir = run.dir;
	await shutdown();
	assert.equal(fs.existsSync(dir), false);
	for (const proc of procs) assert.throws(() => process.kill(proc.pid!, 0), {code: 'ESRCH'});
});
