/**
 * Twin of anchors/value_counter.py: N processes × K rounds of
 * `value.value += 1` under `value.getLock()` on a shared Value('i'), which
 * must end exact; --no-lock races on purpose. Clock: from "go" (every child
 * ready) to the last "done".
 */
import {Event, Process, Queue, shutdown, Value} from '../src/index.ts';
import {intOptions, nowS, report, round, workersUrl} from './common.ts';

const {
	values: {procs, ops},
	flags,
} = intOptions({procs: 4, ops: 5000}, ['no-lock']);
const locked = !flags['no-lock'];

const value = new Value('i', 0, {name: 'counter'});
const ready = new Queue({name: 'ready'});
const go = new Event({name: 'go'});
const done = new Queue({name: 'done'});
const workers = Array.from(
	{length: procs},
	(_, i) =>
		new Process({
			module: workersUrl(import.meta.url),
			target: 'valueCounter',
			name: `worker-${i}`,
			args: [value, ops, locked, ready, go, done],
		}),
);

const tWall = nowS();
for (const worker of workers) await worker.start();
for (let i = 0; i < procs; i++) await ready.get();
const t0 = nowS();
await go.set();
for (let i = 0; i < procs; i++) await done.get();
const t1 = nowS();
const codes = await Promise.all(workers.map(worker => worker.join()));
const wall = nowS() - tWall;
const final = value.value;
await shutdown();

const expected = procs * ops;
const seconds = t1 - t0;
report({
	bench: 'value-counter',
	impl: `sync-demo${locked ? '' : '-nolock'}`,
	procs,
	ops: expected,
	seconds: round(seconds, 4),
	ops_per_s: round(expected / seconds, 1),
	final,
	lost: expected - final,
	correct: (locked ? final === expected : final <= expected) && codes.every(code => code === 0),
	wall_seconds_incl_spawn: round(wall, 4),
});
