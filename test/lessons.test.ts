/**
 * What the output tells the learner: items left in a queue are not lost
 * items, a hang of uneven counts is the lesson, the sentinel is named, a race
 * that did not show says so, the marks tell safe from lesson from broken,
 * the start line is not contention, and lines added to the tutorial's
 * programs are marked as sync-demo's own.
 */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {cli, jsonRun, pool} from './support/cli.ts';

describe('left-in-queue and hang, in queue-safety and pc-v1', () => {
	test('uneven counts: the items not taken are still in the queue, or the extra getters hang — both the lesson, exit 0', async () => {
		const [morePutters, moreGetters, early, full] = await pool(2, [
			() => jsonRun(['queue-safety', '--putters', '5', '--getters', '3', '--fast']),
			() => jsonRun(['queue-safety', '--putters', '3', '--getters', '5', '--fast']),
			() => jsonRun(['pc-v1', '--consumer-delay', '0.2', '--items', '20', '--fast']),
			// The consumer, five times faster, stops at its first Empty long before 40 items are taken: 60 overflow Queue(20).
			() => jsonRun(['pc-v1', '--consumer-delay', '0.2', '--items', '60', '--fast']),
		]);
		assert.equal(morePutters!.summary.verdict.code, 'left-in-queue');
		assert.deepEqual([morePutters!.summary.facts.left, morePutters!.summary.facts.inQueue], [2, 2]);
		assert.equal(morePutters!.result.code, 0);
		assert.equal(moreGetters!.summary.verdict.code, 'hang');
		assert.equal(moreGetters!.result.code, 0);
		assert.equal(moreGetters!.summary.hang.filter((line: string) => /^getter-\d \(pid \d+\) is blocked in queue\.get\(\)/.test(line)).length, 2);
		assert.equal(early!.summary.verdict.code, 'left-in-queue');
		assert.ok(early!.summary.facts.left > 0 && early!.summary.facts.inQueue === early!.summary.facts.left, JSON.stringify(early!.summary.facts));
		assert.equal(early!.result.code, 0);
		assert.equal(full!.summary.verdict.code, 'hang');
		assert.ok(
			full!.summary.hang.some((line: string) => /^producer \(pid \d+\) is blocked in queue\.put\(\) on the full queue "q"/.test(line)),
			full!.summary.hang.join('\n'),
		);
		assert.equal(full!.result.code, 0, "a producer stuck behind pc-v1's early stop is its lesson");
	});

	test('equal counts that leave nothing behind stay complete', async () => {
		const run = await jsonRun(['queue-safety', '--putters', '4', '--getters', '4', '--fast']);
		assert.equal(run.summary.verdict.code, 'complete');
		assert.equal(run.summary.facts.inQueue, 0);
	});
});

describe('the sentinel is named', () => {
	test('pc-v2 from the producer and from main; pc-v3 one per consumer', async () => {
		const [producer, main, multi] = await pool(2, [
			() => jsonRun(['pc-v2', '--items', '3', '--fast']),
			() => jsonRun(['pc-v2', '--items', '3', '--sentinel-from', 'main', '--fast']),
			() => jsonRun(['pc-v3', '--items', '2', '--fast']),
		]);
		const text = await cli(['pc-v2', '--items', '3', '--fast']);
		const notes = (run: typeof producer, sentinel: string) =>
			run!.events.filter(event => event.type === 'log' && event.data?.note === true && event.data?.sentinel === sentinel).map(event => event.proc);
		assert.deepEqual(notes(producer, 'put'), ['producer']);
		assert.deepEqual(notes(producer, 'got'), ['consumer']);
		assert.deepEqual(
			main!.events.filter(event => event.type === 'log' && event.proc === 'main').map(event => event.text),
			['put the sentinel null: no more items'],
		);
		assert.deepEqual(notes(main, 'got'), ['consumer']);
		assert.match(text.stdout, /^ +[\d.]+s producer +\d+ {2}· put the sentinel null: no more items$/m);
		assert.match(text.stdout, /^ +[\d.]+s consumer +\d+ {2}· got the sentinel null: the consumer stops$/m);
		assert.deepEqual(notes(multi, 'got').sort(), ['consumer-1', 'consumer-2', 'consumer-3']);
		assert.equal(multi!.events.filter(event => event.type === 'log' && event.proc === 'main' && /^put sentinel null \d of 3$/.test(event.text)).length, 3);
	});
});

describe('the daemon consumer of joinable', () => {
	test('--without-sentinel: still in its loop when main ends, it is stopped with main; with the sentinel it leaves on its own', async () => {
		const [daemonRun, ownRun] = await pool(2, [
			() => jsonRun(['joinable', '--without-sentinel', '--items', '3', '--fast']),
			() => jsonRun(['joinable', '--items', '3', '--fast']),
		]);
		const [daemon, own] = [daemonRun!, ownRun!];
		assert.equal(daemon.summary.verdict.code, 'complete');
		assert.equal(daemon.result.code, 0);
		assert.deepEqual([daemon.summary.facts.produced, daemon.summary.facts.consumed, daemon.summary.facts.unfinished], [3, 3, 0]);
		assert.equal(daemon.summary.facts.consumerStoppedWithMain, true);
		const exit = daemon.events.find(event => event.type === 'exit' && event.proc === 'consumer')!;
		assert.equal(exit.signal, 'SIGTERM');
		assert.ok(daemon.events.some(event => event.type === 'log' && event.proc === 'main' && event.data?.note === true && /stopped with main/.test(event.text)));
		assert.match(daemon.summary.verdict.sentence, /the daemon consumer, still in its loop, was stopped when main ended/);
		assert.equal(daemon.events.filter(event => event.type === 'log' && event.data?.sentinel).length, 0, 'no sentinel travelled');
		// With the sentinel the consumer took it and left its loop before main ended.
		assert.ok(own.events.some(event => event.type === 'log' && event.proc === 'consumer' && event.data?.sentinel === 'got'));
		assert.equal(own.summary.verdict.code, 'complete');
	});
});

describe('print-race at --speed 1000', () => {
	test('a race that did not show says so and why', async () => {
		const runs = await pool(2, [
			() => jsonRun(['print-race', '--speed', '1000']),
			() => jsonRun(['print-race', '--speed', '1000']),
			() => jsonRun(['print-race', '--speed', '1000', '--lang', 'zh']),
		]);
		for (const run of runs) {
			const {facts, verdict} = run.summary;
			// The start line: main opened it once every worker was started.
			assert.ok(run.events.some(event => event.type === 'sync' && event.proc === 'main' && event.target === 'start-line' && event.op === 'set'));
			if (verdict.code === 'interleaved') assert.ok(facts.mostRunningAtOnce > 1 && facts.interleaved > 0, JSON.stringify(facts));
			else {
				assert.equal(verdict.code, 'serialized');
				assert.equal(facts.mostRunningAtOnce, 1);
				assert.match(verdict.sentence, run.run.env.lang === 'zh' ? /竞争没有显现.*速度 1000/ : /the race did not show.*speed 1000/);
			}
		}
	});
});

describe('marks, the start line, the lines of sync-demo’s own', () => {
	test('◆ the lesson shown, ✔ safe, ✘ a broken promise', async () => {
		const [lesson, safe, broken] = await pool(2, [
			() => cli(['ticket', '--fast', '--quiet']),
			() => cli(['ticket', '--lock', '--fast', '--quiet']),
			() => cli(['pc-v2', '--speed', '1', '--timeout', '1', '--quiet']),
		]);
		assert.match(lesson!.stdout, /^◆ oversold: /m);
		assert.equal(lesson!.code, 0);
		assert.match(safe!.stdout, /^✔ safe: /m);
		assert.equal(safe!.code, 0);
		assert.match(broken!.stdout, /^✘ timeout: /m);
		assert.equal(broken!.code, 1);
	});

	test('the start-line wait is named and drawn as such, not as a wait', async () => {
		const {stdout} = await cli(['ticket', '--lock', '--fast']);
		// A client whose wait() came after main opened the line passed without waiting: at least one waited.
		const waited = stdout.match(/· waits at the start line \(event start-line\)$/gm)?.length ?? 0;
		assert.ok(waited >= 1, stdout);
		assert.equal(stdout.match(/· leaves the start line \(event start-line\)$/gm)?.length, waited);
		assert.doesNotMatch(stdout, /· waits on event start-line/);
		assert.match(stdout, / main +\d+ {2}· opens the start line: set event start-line$/m);
		assert.match(stdout, /~ at the start line$/m, 'the legend');
		const lanes = stdout.split('\n').filter(line => line.startsWith('client-'));
		assert.equal(lanes.length, 3);
		assert.ok(
			lanes.some(lane => /^client-\d +\|[- ]*~+/.test(lane)),
			`the start line drawn before anything else:\n${lanes.join('\n')}`,
		);
	});

	test("lines not in the tutorial's programs are marked ·", async () => {
		// Continuation lines (31 columns in) joined back to their line.
		const joined = (text: string) => text.replace(/\n {20,}/g, ' ');
		const [arcade, pcv1, traffic] = await pool(2, [
			() => cli(['arcade', '--customers', '2', '--fast']),
			() => cli(['pc-v1', '--consumer-delay', '0.2', '--fast']),
			() => cli(['traffic', '--duration', '2', '--fast']),
		]);
		assert.equal(joined(arcade!.stdout).match(/· customer \d leaves: played [234] s of scenario time, [\d.]+ s real$/gm)?.length, 2);
		assert.match(pcv1!.stdout, /· getNowait\(\) raised Empty: the consumer stops$/m);
		assert.match(joined(traffic!.stdout), /· --duration 2: no more cars arrive; the run ends once the waiting ones have crossed$/m);
		assert.match(
			traffic!.stdout.replace(/\s+/g, ' '),
			/Cars arrived during the first 2 s; the last crossed at [\d.]+ s \(scenario time: [\d.]+ s real at speed 20\)/,
		);
	});
});
