/**
 * Twin of anchors/queue_throughput.py: P producers put 0..M-1, C consumers
 * get them; after the producers are joined the main process puts one null
 * sentinel per consumer. Clock: from "go" to the latest consumer's sentinel.
 * --watched listens to the run first, as the CLI does.
 */
import {Event, Process, Queue, shutdown} from '../src/index.ts';
import {Run} from '../src/run/run.ts';
import {intOptions, report, round, workersUrl} from './common.ts';
import {spawnWorkers, startReady} from './crew.ts';

const {
	values: {items: m, maxsize, producers: nProd, consumers: nCons},
	flags,
} = intOptions({items: 200_000, maxsize: 0, producers: 1, consumers: 1}, ['watched']);
const watched = flags.watched === true;
// A listener makes the broker build an event for every operation and turns off the unwatched fast paths.
if (watched) Run.current().on(() => {});

const queue = new Queue<number | null>({maxsize, name: 'work'});
const results = new Queue<[number, number[]]>({name: 'results'});
const ready = new Queue({name: 'ready'});
const go = new Event({name: 'go'});
const module = workersUrl(import.meta.url);
// Each producer has its own first item, so its own arguments.
const prods = Array.from({length: nProd}, (_, p) => new Process({module, target: 'producer', name: `producer-${p}`, args: [queue, ready, go, p, nProd, m]}));
const conss = spawnWorkers(module, 'consumer', nCons, [queue, ready, results], 'consumer');

await startReady([...prods, ...conss], ready);

const t0 = Number(process.hrtime.bigint()) / 1e6;
await go.set();
const prodCodes = await Promise.all(prods.map(p => p.join()));
for (let i = 0; i < nCons; i++) await queue.put(null);
const reports: [number, number[]][] = [];
for (let i = 0; i < nCons; i++) reports.push(await results.get());
const consCodes = await Promise.all(conss.map(c => c.join()));
await shutdown();

const t1 = Math.max(...reports.map(([stamp]) => stamp));
const seen = new Uint8Array(m);
let sum = 0;
let once = true;
for (const [, got] of reports) {
	for (const item of got) {
		sum += item;
		if (!Number.isInteger(item) || item < 0 || item >= m || seen[item]) once = false;
		else seen[item] = 1;
	}
}
const count = reports.reduce((n, [, got]) => n + got.length, 0);
const seconds = (t1 - t0) / 1000;
report({
	bench: 'queue-throughput',
	impl: watched ? 'sync-demo-watched' : 'sync-demo',
	producers: nProd,
	consumers: nCons,
	maxsize,
	items: m,
	seconds: round(seconds, 4),
	items_per_s: round(m / seconds, 1),
	per_consumer: reports.map(([, got]) => got.length),
	sum_ok: sum === (m * (m - 1)) / 2,
	correct: once && count === m && [...prodCodes, ...consCodes].every(code => code === 0),
});
