/**
 * --lang zh all the way: every scenario (through `all`, and with the options
 * that change what it says), list, explain, an interrupted and a timed-out
 * run, and `sync-demo run` of each example program (its own console lines
 * aside: they are the program's words, not sync-demo's) — not one English
 * sentence, names aside (test/support/english.ts).
 * Then where the language comes from, and fact labels.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {describe, test} from 'node:test';
import {catalog} from '../scenarios/index.ts';
import {cli, jsonRun, pool} from './support/cli.ts';
import {englishLines} from './support/english.ts';
import {startCli} from './support/watched.ts';
import {tooWide} from './support/width.ts';

const CJK = /[\u4e00-\u9fff]/;

/** The example programs `sync-demo run` takes. */
const EXAMPLES = fs.readdirSync(new URL('../examples/', import.meta.url)).filter(name => name.endsWith('.ts'));
/** What the examples call their processes and primitives. */
const EXAMPLE_NAMES = ['left', 'right', 'a-held', 'b-held', 'reader', 'shouter', 'printer', 'raw', 'loud', 'tasks', 'results'];
/** A line a program printed itself: a process's line that is none of sync-demo's own (marked `·` or `!`). */
const PROGRAM_LINE = /^ *\d+\.\d{3}s \S+ +\d+ {2}(?![·!] )/;

/** Every name and alias a scenario answers to (the finder lets them through). */
async function scenarioNames(): Promise<string[]> {
	const listed = JSON.parse((await cli(['list', '--json'])).stdout) as Array<{name: string; aliases: string[]}>;
	return listed.flatMap(s => [s.name, ...s.aliases]);
}

/** Runs with options that change what a scenario says; `all` covers every scenario's defaults. */
const VARIANTS = [
	['print-race', '--lock'],
	['ticket', '--lock'],
	['pc-v1', '--consumer-delay', '0.2'],
	['pc-v2', '--sentinel-from', 'main'],
	['queue-safety', '--putters', '5', '--getters', '3'],
	['queue-safety', '--putters', '3', '--getters', '5'],
	['queue-safety', '--putters', '10', '--getters', '3'],
	['traffic', '--duration', '3'],
	['joinable', '--without-sentinel', '--items', '3'],
	['philosophers', '--fix', 'butler'],
	['rlock', '--rlock'],
	['counter', '--lock', '--increments', '100'],
	['barrier', '--no-show', '1'],
	['condition', '--bug', 'if'],
	['pipe', '--one-way'],
];

describe('--lang zh: no English sentence anywhere', () => {
	test('every scenario, every command', async () => {
		const names = await scenarioNames();
		const commands = [
			['all', '--fast', '--timeline'],
			...VARIANTS.map(args => [...args, '--fast']),
			['pc-v2', '--speed', '1', '--timeout', '1'],
			['print-race', '--speed', '1000'],
			['list'],
			...catalog.map(entry => ['explain', entry.name]),
			...catalog.map(entry => ['explain', entry.name, '--code']),
			...EXAMPLES.map(name => ['run', `examples/${name}`]),
		];
		const results = await pool(
			2,
			commands.map(args => () => cli([...args, '--lang', 'zh'])),
		);
		const leaks: string[] = [];
		for (const result of results) {
			const where = `sync-demo ${result.args.join(' ')}`;
			assert.ok(CJK.test(result.stdout), `${where} prints Chinese:\n${result.stdout}\n${result.stderr}`);
			const said = `${result.stdout}\n${result.stderr}`
				.split('\n')
				.filter(line => result.args[0] !== 'run' || !PROGRAM_LINE.test(line))
				.join('\n');
			for (const line of englishLines(said, [...names, ...EXAMPLE_NAMES])) leaks.push(`${where}: ${line}`);
		}
		assert.deepEqual(leaks, []);
		// Chinese takes two columns a character: still within 80.
		assert.deepEqual(
			results.flatMap(result => tooWide(result)),
			[],
		);
		// `all` ran every scenario, each ending in a verdict line.
		const all = results[0]!.stdout;
		for (const entry of catalog) assert.match(all, new RegExp(`^▶ ${entry.name}`, 'm'), entry.name);
		assert.equal(all.match(/^[✔✘◆] \S+: /gm)?.length, catalog.length);
		// Each example ran to its verdict, its program's own lines among the output.
		for (const result of results.filter(result => result.args[0] === 'run')) {
			assert.match(result.stdout, /^[✔✘◆] (?:clean|deadlock): /m, result.args.join(' '));
			assert.ok(
				result.stdout.split('\n').some(line => PROGRAM_LINE.test(line)),
				`${result.args.join(' ')} shows the program's own lines`,
			);
		}
	});

	test('an interrupted run says it is stopping, and its partial summary, in Chinese', async () => {
		const run = startCli(['ticket', '--speed', '1', '--lang', 'zh']);
		await run.waitFor(() => run.stdout.includes('剩余票数'), 'the clients to look at the tickets');
		run.child.kill('SIGINT');
		const result = await run.end();
		assert.equal(result.code, 130);
		assert.match(result.stderr, /收到 SIGINT/);
		assert.match(result.stdout, /^✘ interrupted: 被 SIGINT 停止/m);
		assert.deepEqual(englishLines(`${result.stdout}\n${result.stderr}`, ['ticket-grab']), []);
	});

	test("--help says first, in Chinese, that commander's help is English", async () => {
		for (const args of [['--help'], ['run', '--help']]) {
			const help = await cli([...args, '--lang', 'zh']);
			assert.equal(help.code, 0);
			const [first] = help.stdout.split('\n');
			assert.match(first!, /commander/);
			assert.ok(CJK.test(first!), first);
			assert.match(help.stdout, /Usage: sync-demo/);
			assert.deepEqual(tooWide(help), []);
		}
		assert.doesNotMatch((await cli(['--help'])).stdout.split('\n')[0]!, CJK);
	});
});

describe('where the language comes from', () => {
	test('--lang, else SYNC_DEMO_LANG, else the locale', async () => {
		const zhLocale = {LANG: 'zh_CN.UTF-8'};
		const [locale, envWins, flagWins, bad, badButFlag] = await Promise.all([
			cli(['explain', 'ticket'], {env: zhLocale}),
			cli(['explain', 'ticket'], {env: {...zhLocale, SYNC_DEMO_LANG: 'en'}}),
			cli(['explain', 'ticket', '--lang', 'en'], {env: {SYNC_DEMO_LANG: 'zh'}}),
			cli(['explain', 'ticket'], {env: {SYNC_DEMO_LANG: 'fr'}}),
			cli(['explain', 'ticket', '--lang', 'zh'], {env: {SYNC_DEMO_LANG: 'fr'}}),
		]);
		assert.match(locale.stdout, /试试/);
		assert.match(envWins.stdout, /Try: /);
		assert.match(flagWins.stdout, /Try: /);
		assert.equal(bad.code, 2);
		assert.match(bad.stderr, /SYNC_DEMO_LANG must be one of en, zh, got "fr"/);
		assert.match(badButFlag.stdout, /试试/);
		const run = await jsonRun(['event', '--fast']);
		assert.equal(run.run.env.lang, 'en');
	});

	test('a run under a Chinese locale prints the tutorial’s lines; --json carries the language', async () => {
		const [text, json] = await Promise.all([
			cli(['event', '--fast'], {env: {LANG: 'zh_CN.UTF-8'}}),
			cli(['event', '--fast', '--json'], {env: {LANG: 'zh_CN.UTF-8'}}),
		]);
		assert.match(text.stdout, /我在wait之前!/);
		assert.equal(JSON.parse(json.stdout.split('\n')[0]!).env.lang, 'zh');
	});
});

describe('facts: labels in text, keys in JSON', () => {
	test('arcade --fast', async () => {
		const [[zh, en], json] = await Promise.all([
			pool(2, [() => cli(['arcade', '--fast', '--quiet', '--lang', 'zh']), () => cli(['arcade', '--fast', '--quiet'])]),
			jsonRun(['arcade', '--fast', '--lang', 'zh']),
		]);
		assert.match(zh!.stdout, /│ 最长等待 \(毫秒\) +│ \d+ +│/);
		assert.match(en!.stdout, /│ longest wait \(ms\) +│ \d+ +│/);
		for (const text of [zh!.stdout, en!.stdout]) assert.doesNotMatch(text, /longestWaitMs|peakPlayers/);
		assert.equal(typeof json.summary.facts.longestWaitMs, 'number');
		assert.equal(typeof json.summary.facts.peakPlayers, 'number');
	});
});
