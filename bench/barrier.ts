/**
 * Twin of anchors/barrier.py: P processes pass one Barrier(P) C times.
 * Every cycle hands out each index 0..P-1 once, so over the run each index
 * must come back exactly C times in all; the broker must count C cycles.
 * The clock runs from "go" to the last "done".
 */
import {Barrier, Event, Process, Queue, shutdown} from '../src/index.ts';
import {intOptions, nowS, report, round} from './common.ts';

const {
	values: {parties, cycles},
} = intOptions({parties: 4, cycles: 2000});

const module = new URL(import.meta.url.endsWith('.ts') ? './barrier-worker.ts' : './barrier-worker.js', import.meta.url);
const barrier = new Barrier(parties, {name: 'bench'});
const ready = new Queue({name: 'ready'});
const go = new Event({name: 'go'});
const done = new Queue<number[]>({name: 'done'});
const workers = Array.from(
	{length: parties},
	(_, i) => new Process({module, target: 'barrierWorker', name: `party-${i}`, args: [barrier, cycles, ready, go, done]}),
);
for (const worker of workers) await worker.start();
for (let i = 0; i < parties; i++) await ready.get();
const t0 = nowS();
await go.set();
const counts: number[][] = [];
for (let i = 0; i < parties; i++) counts.push(await done.get());
const t1 = nowS();
const codes = await Promise.all(workers.map(worker => worker.join()));
const info = await barrier.info();
await shutdown();

const perIndex = Array.from({length: parties}, (_, index) => counts.reduce((sum, got) => sum + (got[index] ?? 0), 0));
const seconds = t1 - t0;
report({
	bench: 'barrier',
	impl: 'sync-demo',
	parties,
	cycles,
	seconds: round(seconds, 4),
	cycles_per_s: round(cycles / seconds, 1),
	correct: perIndex.every(n => n === cycles) && info.cycles === cycles && !info.broken && codes.every(code => code === 0),
});
