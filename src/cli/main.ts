import fs from 'node:fs';
import {Command, CommanderError, Help, Option} from 'commander';
import type {ScenarioInfo} from '../../scenarios/index.ts';
import {infos, load, loadAll} from '../../scenarios/index.ts';
import {RunFolderError} from '../errors.ts';
import type {Lang, ScenarioName} from '../lang/index.ts';
import {LANGS, texts} from '../lang/index.ts';
import {earlyLang} from './lang.ts';
import {addSpec, checkTraceTarget, FAST_SPEED, globals, langOf, scenarioOptions, UsageError} from './options.ts';
import type {Summary} from './runner.ts';
import {Interrupter, installSignalHandlers, releaseTerminal} from './signals.ts';
import {suggest, terminalWidth, wrap} from './text.ts';
import {integer, positiveNumber, speedFactor} from './validate.ts';

// The runner (chalk, the timeline), cli-table3 and the like load only when a command needs them:
// --help, explain and usage errors stay quick.
const runner = () => import('./runner.ts');
const tables = async () => (await import('cli-table3')).default;

const version = (JSON.parse(fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {version: string}).version;
const jsonMode = process.argv.includes('--json');
/** Longest scenario term (`name|alias [options]`) in the help's list of commands. */
const MAX_TERM = 34;

let commanderError = '';
const interrupter = new Interrupter();

async function main(): Promise<void> {
	// Only the scenario that runs is loaded (and with it the library).
	const scenarios = await infos();
	const early = texts(earlyLang(process.argv.slice(2)));
	const width = terminalWidth();
	const write = (line: string) => void (process.stdout.writable && process.stdout.write(`${line}\n`));
	const program = new Command('sync-demo')
		.description('See process synchronization happen: the lessons of a Python multiprocessing tutorial, re-told with real OS processes.')
		.version(version)
		.usage('<scenario> [options]')
		.showSuggestionAfterError(true)
		.exitOverride()
		.configureHelp({
			showGlobalOptions: true,
			// A long name and its alias would leave the descriptions too little room to wrap: the name alone (list shows the aliases).
			subcommandTerm: cmd => {
				const term = new Help().subcommandTerm(cmd);
				return term.length > MAX_TERM ? term.replace(`|${cmd.aliases()[0]}`, '') : term;
			},
		})
		.configureOutput({
			writeErr: text => {
				commanderError += text;
			},
			getOutHelpWidth: () => width,
			getErrHelpWidth: () => width,
		});
	program
		.addOption(new Option('--speed <factor>', "scale every delay: 1 = the tutorial's, 10 = ten times faster").argParser(speedFactor))
		.option('--fast', `a speed for smoke runs (--speed ${FAST_SPEED})`)
		.addOption(new Option('--seed <n>', 'seed for every random delay (printed with each run)').argParser(integer('--seed', 0, 2 ** 31 - 1)))
		.option('--json', 'print only JSON, one object per line')
		.option('--no-color', 'no colour (also NO_COLOR=1 or FORCE_COLOR=0)')
		.addOption(new Option('--lang <lang>', 'language of everything a run, list and explain print (default: SYNC_DEMO_LANG, else the locale)').choices(LANGS))
		.option('--quiet', 'print the summary only')
		.option('--strict', 'exit 1 on every demonstrated defect (oversold, hang, items left in the queue, interleaving)')
		.addOption(new Option('--timeout <seconds>', 'watchdog: stop the run after this long').argParser(positiveNumber('--timeout', 86_400)))
		.option('--trace <file>', 'write a Chrome trace-event JSON file (Perfetto, chrome://tracing)')
		.option('--timeline', 'draw the timeline (on by default for a single scenario)');
	program.addHelpText(
		'after',
		`
Examples:
  $ sync-demo ticket            every client buys the last ticket (no lock)
  $ sync-demo ticket --lock     exactly one does
  $ sync-demo arcade --fast     ten customers, four machines, 20 times faster
  $ sync-demo pc-v0 --fast      a producer/consumer program that hangs, and why
  $ sync-demo all --fast --quiet
  $ sync-demo list
  $ sync-demo explain joinable`,
	);
	if (early.tool.helpNote) program.addHelpText('beforeAll', `${wrap(early.tool.helpNote, width).join('\n')}\n`);

	let summary: Summary | undefined;
	let allSummaries: Summary[] | undefined;
	for (const entry of scenarios) {
		// commander's help is English (in zh it says so first).
		const command = program.command(entry.name).aliases(entry.aliases).description(lessonOf('en', entry.name).summary);
		for (const spec of entry.options) addSpec(command, spec);
		command.action(async (raw: Record<string, unknown>, cmd: Command) => {
			const global = await globals(cmd.optsWithGlobals());
			const scenario = await load(entry.name);
			const options = scenarioOptions(scenario, raw);
			await checkTraceTarget(global.trace);
			if (!cmd.optsWithGlobals().quiet) global.timeline = true;
			summary = await (await runner()).runScenario(scenario, options, global, write, interrupter);
		});
	}
	let programSummary: {exitCode: number} | undefined;
	program
		.command('run')
		.argument('<file>', 'the program: a .js, .mjs, .ts or .mts module')
		.argument('[args...]', "the program's own arguments (after --)")
		.description('run your own program written with the library, seen like a scenario')
		.action(async (file: string, args: string[], _raw: unknown, cmd: Command) => {
			const raw = cmd.optsWithGlobals();
			const say = texts(langOf(raw)).program;
			const pace = ['--speed', '--fast', '--seed'].find(flag => raw[flag.slice(2)] !== undefined);
			if (pace) throw new UsageError(say.errors.scenarioOnly(pace));
			const global = await globals(raw);
			await checkTraceTarget(global.trace);
			const {prepare, runFile} = await import('./program/run-file.ts');
			const prepared = await prepare(file, say.errors);
			if (typeof prepared === 'string') throw new UsageError(prepared);
			if (!raw.quiet) global.timeline = true;
			programSummary = await runFile(prepared, file, args, global, write, interrupter);
		});
	program
		.command('list')
		.description('list the scenarios')
		.action(async (_raw: unknown, cmd: Command) => {
			const lang = langOf(cmd.optsWithGlobals());
			const Table = await tables();
			const table = new Table({
				head: texts(lang).tool.list.head,
				style: {head: [], border: []},
				wordWrap: true,
				colWidths: [21, 14, 15, width - 55],
			});
			for (const [i, scenario] of scenarios.entries()) {
				// The lessons beyond the tutorial come after its own, under a heading of their own.
				if (scenario.more && !scenarios[i - 1]?.more) table.push([{colSpan: 4, content: wrap(texts(lang).tool.list.more, width - 4).join('\n')}]);
				table.push([scenario.name, scenario.aliases.join(', '), scenario.primitive, wrap(lessonOf(lang, scenario.name).summary, width - 57).join('\n')]);
			}
			write(
				jsonMode
					? JSON.stringify(
							scenarios.map(({name, aliases, primitive, more}) => ({
								name,
								aliases,
								primitive,
								group: more ? 'more' : 'tutorial',
								summary: lessonOf(lang, name).summary,
							})),
						)
					: table.toString(),
			);
		});
	program
		.command('explain')
		.argument('<scenario>')
		.description('the lesson of a scenario: every point the tutorial makes around its program')
		.option('--code', "print the scenario's code (its processes' targets and main), followed by the tutorial's Python program it re-tells")
		.action(async (name: string, raw: {code?: boolean}, cmd: Command) => {
			const scenario = scenarios.find(s => s.name === name || s.aliases.includes(name));
			if (!scenario) throw new UsageError(`unknown scenario "${name}"${suggest(name, names(scenarios))}`);
			const lang = langOf(cmd.optsWithGlobals());
			const {renderCode, renderLesson} = await import('./explain.ts');
			write(raw.code ? renderCode(scenario, lang, width) : renderLesson(scenario, lang, width));
		});
	program
		.command('all')
		.description('run every scenario in turn with its defaults, then a summary table')
		.action(async (_raw: unknown, cmd: Command) => {
			const global = await globals(cmd.optsWithGlobals());
			if (global.trace) throw new UsageError('--trace takes a single scenario, not all');
			const {runScenario} = await runner();
			allSummaries = [];
			for (const scenario of await loadAll()) {
				const defaults = scenarioOptions(
					scenario,
					Object.fromEntries(scenario.options.map(spec => [new Option(spec.flag).attributeName(), spec.kind === 'flag' ? false : spec.default])),
				);
				const result = await runScenario(scenario, defaults, global, write, interrupter);
				allSummaries.push(result);
				if (result.interrupted) break;
				if (!global.json) write('');
			}
			if (!global.json) {
				const Table = await tables();
				const table = new Table({head: texts(global.env.lang).tool.all.head, style: {head: [], border: []}});
				for (const s of allSummaries) table.push([s.scenario, s.verdict.code, String(s.exitCode), `${(s.durationMs / 1000).toFixed(2)} s`]);
				write(table.toString());
			} else {
				write(
					JSON.stringify({
						type: 'all',
						exitCode: allExitCode(allSummaries),
						results: allSummaries.map(({scenario, verdict, exitCode, durationMs}) => ({scenario, verdict: verdict.code, exitCode, durationMs})),
					}),
				);
			}
		});

	installSignalHandlers(interrupter, early.tool.signals);
	try {
		await program.parseAsync(process.argv);
	} catch (error) {
		if (error instanceof CommanderError) {
			if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') {
				process.exitCode = 0;
				return;
			}
			if (error.code === 'commander.help') {
				// `help <scenario>` printed to stdout as asked; help meant for stderr means no known scenario was named.
				if (!commanderError) {
					process.exitCode = 0;
					return;
				}
				const named = program.args.find(arg => arg !== 'help');
				fail(
					'usage',
					named
						? `unknown scenario "${named}"${suggest(named, names(scenarios))}`
						: 'no scenario given; sync-demo list shows them, sync-demo --help the options',
				);
				return;
			}
			// One line, whatever commander had to say (e.g. its "Did you mean" hint).
			fail(
				'usage',
				(commanderError || error.message)
					.replace(/^error: /, '')
					.replace(/\s*\n\s*/g, ' ')
					.trim(),
			);
			return;
		}
		if (error instanceof UsageError) {
			fail('usage', error.message);
			return;
		}
		if (error instanceof RunFolderError) {
			fail('environment', error.message);
			return;
		}
		throw error;
	}
	if (summary) process.exitCode = summary.exitCode;
	if (programSummary) process.exitCode = programSummary.exitCode;
	if (allSummaries) process.exitCode = allExitCode(allSummaries);
}

/** One line, before anything started: bad usage exits 2, an unusable environment (TMPDIR) 1; --json gets an error object on stdout. */
function fail(code: 'usage' | 'environment', message: string): void {
	if (jsonMode) process.stdout.write(`${JSON.stringify({error: {code, message}})}\n`);
	else process.stderr.write(`error: ${message}\n`);
	process.exitCode = code === 'usage' ? 2 : 1;
}

/** What a scenario says in `lang` (every scenario has its entry: test/units/lang.test.ts). */
function lessonOf(lang: Lang, name: string): {summary: string; explain: string[]} {
	return texts(lang).scenarios[name as ScenarioName];
}

/** Every name a scenario answers to. */
function names(scenarios: readonly ScenarioInfo[]): string[] {
	return scenarios.flatMap(s => [s.name, ...s.aliases]);
}

/** `all` exits like an interrupted scenario if one was, else 1 if any scenario did not exit 0. */
function allExitCode(summaries: Summary[]): number {
	const interrupted = summaries.find(s => s.interrupted);
	return interrupted ? interrupted.exitCode : summaries.some(s => s.exitCode !== 0) ? 1 : 0;
}

/** Resolves once what was written to `stream` has gone out (or, if the stream failed, once its 'error' was handled). */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
	return new Promise(resolve => {
		if (!stream.writable) setImmediate(resolve);
		else stream.write('', () => resolve());
	});
}

await main();
// Once the outcome is out, the scenario's own code (a sleep, a get that will never be served) must
// not keep the process alive: its run is over. Flush stdout and stderr (a pipe keeps every line), then exit.
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
// stdout failed (a closed pipe, a full disk): that decides the status, whatever the run's summary said.
if (interrupter.exitCode !== undefined) process.exitCode = interrupter.exitCode;
releaseTerminal();
process.exit();
