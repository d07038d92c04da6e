/**
 * Twin of anchors/semaphore.py: P processes × K acquire/release cycles on a
 * Semaphore(LIMIT). The broker counts holders itself and records the peak
 * (a release counts only once the broker has seen it, so its count is never
 * below the true one): the peak must not exceed LIMIT, and every permit must
 * be back at the end. --watched listens to the run first, as the CLI does.
 */
import {Semaphore, shutdown} from '../src/index.ts';
import {Run} from '../src/run/run.ts';
import {intOptions, report, round, workersUrl} from './common.ts';
import {goDone} from './crew.ts';

const {
	values: {procs, ops, limit},
	flags,
} = intOptions({procs: 10, ops: 5000, limit: 4}, ['watched']);
const watched = flags.watched === true;
// A listener makes the broker build an event for every operation and turns off the unwatched fast paths.
if (watched) Run.current().on(() => {});

const semaphore = new Semaphore(limit, {name: 'sem'});
const {seconds, codes} = await goDone(workersUrl(import.meta.url), 'semaphoreWorker', procs, [semaphore, ops]);
const info = await semaphore.info();
await shutdown();

const total = procs * ops;
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
