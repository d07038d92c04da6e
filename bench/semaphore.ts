/**
 * Twin of anchors/semaphore.py: P processes × K acquire/release cycles on a
 * Semaphore(LIMIT). The broker counts holders itself and records the peak
 * (a release counts only once the broker has seen it, so its count is never
 * below the true one): the peak must not exceed LIMIT, and every permit must
 * be back at the end. --watched listens to the run first, as the CLI does.
 */
import {Event, Process, Queue, Semaphore, shutdown} from '../src/index.ts';
import {Run} from '../src/run/run.ts';
import {intOptions, nowS, report, round, workersUrl} from './common.ts';

const {
	values: {procs, ops, limit},
	flags,
} = intOptions({procs: 10, ops: 5000, limit: 4}, ['watched']);
const watched = flags.watched === true;
// A listener makes the broker build an event for every operation and turns off the unwatched fast paths.
if (watched) Run.current().on(() => {});

const semaphore = new Semaphore(limit, {name: 'sem'});
const ready = new Queue({name: 'ready'});
const go = new Event({name: 'go'});
const done = new Queue({name: 'done'});
const workers = Array.from(
	{length: procs},
	(_, i) =>
		new Process({
			module: workersUrl(import.meta.url),
			target: 'semaphoreWorker',
			name: `worker-${i}`,
			args: [semaphore, ops, ready, go, done],
		}),
);
for (const worker of workers) await worker.start();
for (let i = 0; i < procs; i++) await ready.get();
const t0 = nowS();
await go.set();
for (let i = 0; i < procs; i++) await done.get();
const t1 = nowS();
const codes = await Promise.all(workers.map(worker => worker.join()));
const info = await semaphore.info();
await shutdown();

const total = procs * ops;
const seconds = t1 - t0;
report({
	bench: 'semaphore',
	impl: watched ? 'sync-demo-watched' : 'sync-demo',
	procs,
	limit,
	hold_us: 0,
	ops: total,
	seconds: round(seconds, 4),
	ops_per_s: round(total / seconds, 1),
	peak_holders: info.peak,
	correct: info.peak <= limit && info.peak >= 1 && info.value === limit && codes.every(code => code === 0),
});
