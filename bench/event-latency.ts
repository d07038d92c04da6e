/**
 * Twin of anchors/event_latency.py: ping-pong with two Events over R timed
 * rounds after 100 warm-up rounds. One round, in the main process:
 * t = now; ping.set(); pong.wait(); pong.clear(); rtt = now - t.
 */
import {Event, Process, shutdown} from '../src/index.ts';
import {intOptions, report, rttStats, workersUrl} from './common.ts';
import {pingPong} from './crew.ts';

const WARMUP = 100;
const {
	values: {rounds},
} = intOptions({rounds: 2000});

const ping = new Event({name: 'ping'});
const pong = new Event({name: 'pong'});
const total = WARMUP + rounds;
const child = new Process({module: workersUrl(import.meta.url), target: 'responder', name: 'responder', args: [ping, pong, total]});
await child.start();

const {rtts} = await pingPong(WARMUP, rounds, async () => {
	await ping.set();
	await pong.wait();
	await pong.clear();
	return true;
});
const code = await child.join();
await shutdown();

report({bench: 'event-latency', impl: 'sync-demo', rounds, ...rttStats(rtts, true), correct: code === 0 && rtts.length === rounds});
