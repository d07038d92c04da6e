/**
 * Twin of anchors/pipe_pingpong.py: main sends a number on one end of a
 * Pipe, a child sends it back on the other; R timed rounds after 2000
 * untimed ones. One round: t = now; send(i); recv(); rtt = now - t.
 */
import {Pipe, Process, shutdown} from '../src/index.ts';
import {intOptions, report, rttStats} from './common.ts';
import {pingPong} from './crew.ts';
import {pipeWorkersUrl} from './pipe-workers.ts';

// Both sides run the same untimed rounds first; V8 has compiled the hot path by the end of them.
const WARMUP = 2000;
const {
	values: {rounds},
} = intOptions({rounds: 10_000});

const [mine, theirs] = Pipe({name: 'ping'});
const child = new Process({module: pipeWorkersUrl(import.meta.url), target: 'pipeEcho', name: 'echo', args: [theirs]});
await child.start();
await theirs.close();

const {rtts, right: echoed} = await pingPong(WARMUP, rounds, async i => {
	await mine.send(i);
	return (await mine.recv()) === i;
});
await mine.send(null);
const code = await child.join();
await shutdown();

report({bench: 'pipe-pingpong', impl: 'sync-demo', rounds, ...rttStats(rtts), correct: code === 0 && rtts.length === rounds && echoed === WARMUP + rounds});
