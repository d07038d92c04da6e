/** What `sync-demo run <file>` says about a program of the learner's own, in English. */

/** "a", "a and b", "a, b and c". */
function list(names: readonly string[]): string {
	return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

const them = (names: readonly string[]) => (names.length === 1 ? 'it' : 'them');
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export const program = {
	/** Errors before anything starts (exit 2). */
	errors: {
		noFile: (file: string) => `no such file: ${file}`,
		notFile: (file: string) => `${file} is not a file`,
		extension: (file: string, extensions: readonly string[]) =>
			`${file} is not a JavaScript or TypeScript module: sync-demo run takes ${extensions.join(', ')}`,
		notModule: (file: string, why: string) => `cannot load ${file}: ${why}`,
		scenarioOnly: (flag: string) => `${flag} sets a scenario's pace; a program of your own runs at its own pace`,
	},
	/** The first line of the run. */
	title: (file: string, args: readonly string[]) => `▶ ${[file, ...args].join(' ')}  (your program)`,
	/** Said when main returns while children still run. */
	leaked: (names: readonly string[]) => `main returned while ${list(names)} still ran: joining ${them(names)}, as Python does at exit`,
	/** Verdict sentences. */
	verdicts: {
		clean: (children: number, status: number) =>
			`${children === 0 ? 'saw no processes: the program started none' : `${children} process(es) started and all ended: none hung, crashed or was left running`}${status === 0 ? '' : `; the program's exit status is ${status}`}`,
		leaked: (names: readonly string[]) =>
			`main returned while ${list(names)} still ran; sync-demo joined ${them(names)} as Python does at exit — join() ${them(names)} in main, or make ${names.length === 1 ? 'it a daemon' : 'them daemons'}`,
		crashed: (who: readonly string[]) => list(who),
		crashedChild: (who: string, code: number, first: string | undefined) => `${who} exited with code ${code}${first === undefined ? '' : `: ${first}`}`,
		crashedMain: (proc: string, error: string) => `${proc} threw ${error}`,
		killedChild: (who: string, signal: string) => `${who} was killed by ${signal}`,
		deadlock: (cycle: readonly string[]) =>
			cycle.length === 1
				? `${cycle[0]} waits for what it holds itself, and nobody else can release it (a Lock is not reentrant: release it first, or use an RLock)`
				: `${[...cycle, cycle[0]].join(' → ')}: each waits for what the next holds, and none can go on — take what they share in one order everywhere`,
	},
	/** The sync profile's tables. */
	profile: {
		primitivesHead: ['primitive', 'operations', 'waits', 'waited', 'longest wait', 'peak'],
		processesHead: ['process', 'pid', 'ran', 'blocked', 'blocked on'],
		noPrimitives: 'no primitive was used',
		holders: (n: number) => `${n} holding`,
		size: (n: number) => `${n} queued`,
		seconds,
		share: (blocked: number, ran: number) => `${seconds(blocked)} (${ran > 0 ? Math.round((blocked / ran) * 100) : 0}%)`,
		on: (label: string, ms: number) => `${label} ${seconds(ms)}`,
	},
};
