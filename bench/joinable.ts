/**
 * Twin of anchors/joinable.py: the main process puts 0..M-1 on a
 * JoinableQueue and joins it; C consumers get → taskDone. Clock: first put
 * to join() returning. Verified afterwards with sentinels and (count, sum).
 */
import {JoinableQueue, Queue, shutdown} from '../src/index.ts';
import {intOptions, nowS, report, round, workersUrl} from './common.ts';
import {spawnWorkers, startReady} from './crew.ts';

const {
	values: {items: m, consumers: nCons},
} = intOptions({items: 200_000, consumers: 2});

const queue = new JoinableQueue<number | null>({name: 'work'});
const results = new Queue<[number, number]>({name: 'results'});
const ready = new Queue({name: 'ready'});
const conss = spawnWorkers(workersUrl(import.meta.url), 'joinableConsumer', nCons, [queue, ready, results], 'consumer');
await startReady(conss, ready);

const t0 = nowS();
for (let i = 0; i < m; i++) await queue.put(i);
await queue.join();
const t1 = nowS();

for (let i = 0; i < nCons; i++) await queue.put(null);
const reports: [number, number][] = [];
for (let i = 0; i < nCons; i++) reports.push(await results.get());
const codes = await Promise.all(conss.map(c => c.join()));
await shutdown();

const count = reports.reduce((n, [c]) => n + c, 0);
const total = reports.reduce((n, [, s]) => n + s, 0);
const seconds = t1 - t0;
report({
	bench: 'joinable-queue',
	impl: 'sync-demo',
	consumers: nCons,
	items: m,
	seconds: round(seconds, 4),
	items_per_s: round(m / seconds, 1),
	per_consumer: reports.map(([c]) => c),
	correct: count === m && total === (m * (m - 1)) / 2 && codes.every(code => code === 0),
});
