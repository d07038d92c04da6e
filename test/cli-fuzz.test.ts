/**
 * A fuzz of the CLI's arguments: whatever comes, the exit status is 0, 1 or
 * 2, a usage error is one line without a stack, and nothing is left behind.
 *
 * Needs the build (`npm run build`): the bin runs dist/.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {test} from 'node:test';
import {random as seededRandom} from '../scenarios/kit/scenario.ts';
import {untilDead} from './support/processes.ts';
import {runFolders} from './support/run-folders.ts';
import {cliIn, sandbox} from './support/sandbox.ts';

test('fuzz: a few hundred random argument vectors end with 0, 1 or 2; usage errors are one line without a stack', async t => {
	const seed = Number(process.env.FUZZ_SEED ?? 20_251_128);
	const cases = Number(process.env.FUZZ_CASES ?? 200);
	// Keeps the test near two minutes on a loaded machine: past it, no new vector starts (reported, not failed).
	const budgetMs = Number(process.env.FUZZ_BUDGET_MS ?? 100_000);
	const started = Date.now();
	const random = seededRandom({speed: 1, seed, lang: 'en'}, 'fuzz');
	const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
	const commands = [
		'print-race',
		'print',
		'ticket-grab',
		'ticket',
		'arcade-semaphore',
		'arcade',
		'semaphore',
		'event-basics',
		'event',
		'traffic-light',
		'traffic',
		'queue-basics',
		'queue',
		'queue-message',
		'message',
		'queue-safety',
		'safety',
		'pc-v0',
		'pc-hang',
		'pc-v1',
		'pc-exception',
		'pc-v2',
		'pc-sentinel',
		'pc-v3',
		'pc-multi',
		'joinable',
		'pc-joinable',
		'list',
		'explain',
		'help',
		'ticke',
		'arcde',
		'ALL',
		'run',
		'',
		'-',
		'--',
		'--help',
		'-h',
		'--version',
		'-V',
		'tickets',
		'💥',
		'pc-v9',
	];
	const counts = [
		'--clients',
		'--tickets',
		'--machines',
		'--customers',
		'--items',
		'--producers',
		'--consumers',
		'--workers',
		'--getters',
		'--putters',
		'--maxsize',
		'--cars',
	];
	const numbers = ['--duration', '--green', '--red'];
	const goodCount = ['0', '1', '2', '3', '5'];
	const goodNumber = ['0.5', '1', '2'];
	const bad = [
		'-1',
		'abc',
		'',
		' ',
		'1.5',
		'1e3',
		'0x10',
		'NaN',
		'Infinity',
		'99999999999999999999',
		'65',
		'1001',
		'--json',
		'-0',
		'٣',
		'%s',
		// biome-ignore lint/suspicious/noTemplateCurlyInString: a literal '${HOME}' is one of the bad values
		'${HOME}',
		'\'"',
	];
	const flags = ['--lock', '--json', '--strict', '--no-color', '--timeline', '--quiet', '--fast'];
	const junk = [
		'--nope',
		'-x',
		'-lock',
		'--lock=yes',
		'--clients=2',
		'--seed',
		'--seed=7',
		'--lang',
		'zh',
		'en',
		'xx',
		'--speed',
		'2',
		'--trace',
		'trace.json',
		'missing/dir/trace.json',
		'extra',
		'--sentinel-from',
		'main',
		'producer',
		'nobody',
		'-',
		'--',
		'ä',
		'\t',
		'🙂',
		'a'.repeat(300),
	];
	const vectors: string[][] = [];
	for (let i = 0; i < cases; i++) {
		const args: string[] = [];
		const head = pick(commands);
		if (head !== '' || random() < 0.5) args.push(head);
		if (head === 'explain') args.push(pick([...commands, 'nope']));
		const extra = Math.floor(random() * 5);
		for (let j = 0; j < extra; j++) {
			const r = random();
			if (r < 0.3) args.push(pick(counts), random() < 0.6 ? pick(goodCount) : pick(bad));
			else if (r < 0.4) args.push(pick(numbers), random() < 0.6 ? pick(goodNumber) : pick(bad));
			else if (r < 0.6) args.push(pick(flags));
			else if (r < 0.7) args.push('--seed', random() < 0.5 ? String(Math.floor(random() * 1000)) : pick(bad));
			else args.push(pick(junk));
		}
		// Never a long run: fast, quiet, a watchdog, and counts capped above.
		vectors.push([...args, '--fast', '--quiet', '--timeout', '2']);
	}

	const box = sandbox(t, 'fuzz');
	const failures: string[] = [];
	const seen = new Map<number, number>();
	let next = 0;
	const check = async (args: string[]): Promise<string[]> => {
		const found: string[] = [];
		const run = cliIn(box, args);
		const {code, signal} = await run.end(60_000);
		const shown = JSON.stringify(args);
		seen.set(code ?? -1, (seen.get(code ?? -1) ?? 0) + 1);
		if (code === null || ![0, 1, 2].includes(code)) found.push(`${shown}: exit ${code} ${signal ?? ''} ${run.stderr}`);
		if (run.stderr.includes('    at ')) found.push(`${shown}: stack trace on stderr: ${JSON.stringify(run.stderr)}`);
		if (code === 2) {
			const lines = run.stderr.split('\n').filter(line => line !== '');
			const json = args.includes('--json');
			if (json ? lines.length > 0 : lines.length !== 1)
				found.push(`${shown}: usage error should be one line on stderr${json ? ' (none with --json)' : ''}: ${JSON.stringify(run.stderr)}`);
			if (json && !run.lines.some(line => (line.error as {code?: string} | undefined)?.code === 'usage'))
				found.push(`${shown}: --json usage error should be a JSON line`);
		}
		await untilDead(
			run.spawned.map(spawned => spawned.pid),
			`${shown}: its children to end`,
		);
		return found;
	};
	const worker = async (): Promise<void> => {
		while (next < vectors.length && Date.now() - started < budgetMs) {
			const args = vectors[next++]!;
			const found = await check(args);
			if (found.length === 0) continue;
			// Once more before reporting: a build running meanwhile (npm test's pretest) rewrites dist/ under the bin.
			t.diagnostic(`retrying after: ${found.join('; ')}`);
			failures.push(...(await check(args)));
		}
	};
	await Promise.all(Array.from({length: 4}, worker));
	t.diagnostic(`seed ${seed}: ${next} of ${vectors.length} vectors run; exit statuses ${JSON.stringify(Object.fromEntries(seen))}`);
	for (const failure of failures) t.diagnostic(failure);
	assert.deepEqual(failures, [], `seed ${seed}`);
	assert.ok((seen.get(2) ?? 0) > 0 && (seen.get(0) ?? 0) + (seen.get(1) ?? 0) > 0, `both usage errors and runs: ${JSON.stringify([...seen])}`);
	// Only --trace <file> may write to the cwd (whatever came after it: commander takes the next word as its value).
	const traced = new Set(vectors.flatMap(args => args.flatMap((arg, i) => (arg === '--trace' ? [args[i + 1]] : []))));
	assert.deepEqual(
		fs.readdirSync(box.cwd).filter(name => !traced.has(name)),
		[],
	);
	assert.deepEqual(runFolders(box.tmp), [], 'no run folder left');
});
