import {shown} from '../shown.ts';
/** What the CLI itself says during a run and in `list`, `explain` and `all`, in English. */

export const tool = {
	header: (name: string, options: string, speed: number, seed: number) => `▶ ${name}${options}  (speed ${speed}, seed ${seed})`,
	hangHeader: 'hang: every live process is blocked and nothing in flight can wake any of them',
	mainFailed: (shown: string) => `main failed: ${shown}`,
	crashed: (who: string, code: number, holding: string) => `${who} exited with code ${code}${holding}`,
	killed: (who: string, signal: string, holding: string) => `${who} was killed by ${signal} from outside the run${holding}`,
	holding: (held: string[]) => `, holding ${held.join(' and ')} (taken back by the broker)`,
	heldLock: (kind: 'lock' | 'rlock', target: string) => `${kind} ${target}`,
	heldPermits: (n: number, target: string) => `${n} permit(s) of semaphore ${target}`,
	heldTasks: (n: number, target: string) => `${n} unfinished task(s) of queue ${target}`,
	abandoned: (who: string, tasks: number, queue: string) => `${who} died holding ${tasks} unfinished task(s) of queue "${queue}"`,
	finished: (scenario: string, seconds: string, code: number) => `${scenario} finished in ${seconds} s, exit status ${code}`,
	who: (name: string, pid: number) => `${shown(name)} (pid ${pid})`,
	/** A fact's value: true and false as words. */
	yes: 'yes',
	no: 'no',
	started: (daemon: boolean) => `started${daemon ? ' (daemon)' : ''}`,
	stoppedBy: (signal: string) => `stopped by ${signal}`,
	exited: (code: number | null) => `exited with code ${code}`,
	/** Names of the kinds of primitive in sync lines; a kind missing here is shown as it is. */
	kinds: {
		lock: 'lock',
		semaphore: 'semaphore',
		event: 'event',
		queue: 'queue',
		process: 'process',
		rlock: 'rlock',
		condition: 'condition',
		barrier: 'barrier',
		value: 'value',
		array: 'array',
		connection: 'pipe',
	} as Record<string, string>,
	sync: {
		acquire: (what: string) => `waits to acquire ${what}`,
		acquired: (what: string, holders: string) => `acquired ${what}${holders === '' ? '' : ` (${holders} holding)`}`,
		release: (what: string) => `released ${what}`,
		recovered: (what: string, dead: string) => `recovered ${what} from ${dead}, which died holding it`,
		unknownOwner: (what: string, path: string, reason: string) => `${what} is held by an unknown owner: ${path} is not an owner record (${reason})`,
		abandoned: (dead: string, tasks: number, what: string) => `${dead} died with ${tasks} unfinished task(s) of ${what}`,
		getWait: (what: string) => `waits in get() on empty ${what}`,
		putWait: (what: string) => `waits in put() on full ${what}`,
		wait: (what: string) => `waits on ${what}`,
		woke: (what: string) => `woken by ${what}`,
		timeout: (what: string) => `gave up waiting on ${what}`,
		put: (what: string, n: string) => `put ${what}${n}`,
		get: (what: string, n: string) => `get ${what}${n}`,
		set: (what: string) => `set ${what}`,
		clear: (what: string) => `clear ${what}`,
		taskDone: (what: string, n: string) => `task-done ${what}${n}`,
		joinWait: (what: string) => `join-wait ${what}`,
		joined: (what: string) => `joined ${what}`,
		notify: (what: string, woken: number) => `notify ${what}: woke ${woken}`,
		/** A barrier's parties all arrived: it lets them through. */
		passed: (what: string) => `passed ${what}`,
		/** The last party to arrive runs the barrier's action. */
		action: (what: string) => `runs the action of ${what}`,
		abort: (what: string) => `aborted ${what}`,
		reset: (what: string) => `reset ${what}`,
		/** A pipe's ends: what was sent and received, a wait for something to receive, the EOF, a close. */
		send: (what: string, n: string) => `send on ${what}${n}`,
		recvWait: (what: string) => `waits in recv() on ${what}`,
		pollWait: (what: string) => `waits in poll() on ${what}`,
		recv: (what: string, n: string) => `recv on ${what}${n}`,
		eof: (what: string) => `recv() on ${what} finds EOF: the other end is closed everywhere`,
		close: (what: string) => `closes its end of ${what}`,
		broken: (what: string, reason: string) => `${what} is broken: ${reason}`,
		partyDied: (dead: string, acting: boolean, what: string) =>
			`${dead} died ${acting ? 'running the action of' : 'waiting at'} ${what}: it is broken for the others`,
		actionFailed: (what: string, error: string) => `the action of ${what} failed: ${error}`,
		/** A process notified by a condition died before it was back from wait(): the notify went to the next waiter. */
		passedOn: (dead: string, what: string, to: string) => `${dead} died notified by ${what}, before it was back from wait(): the notify went to ${to}`,
		/** The start line: an event main sets once every process is started, so they begin together. */
		startWait: (what: string) => `waits at the start line (${what})`,
		startGo: (what: string) => `leaves the start line (${what})`,
		startSet: (what: string) => `opens the start line: set ${what}`,
		/** An operation without a line of its own (a new primitive's, say). */
		other: (op: string, what: string, n: string) => `${op} ${what}${n}`,
	},
	timeline: {
		more: (n: number) => `… ${n} more processes`,
		hold: 'holds lock/permit',
		wait: 'waits',
		run: 'runs',
		start: 'at the start line',
		/** A process holding a lock or permit while it waits for another. */
		both: 'holds one, waits for another',
	},
	verdicts: {
		interrupted: (signal: string) => `stopped by ${signal}; facts are partial`,
		timeout: (seconds: number) => `the run did not end within --timeout ${seconds} s and was stopped`,
	},
	list: {
		head: ['scenario', 'aliases', 'primitive', 'what it shows'],
		/** The heading of the lessons after the tutorial's. */
		more: "more: beyond the tutorial, the rest of Python's synchronization toolbox",
	},
	explain: {
		try: (name: string) => `Try: sync-demo ${name} --fast`,
		seeCode: (name: string) => `The code beside the tutorial's: sync-demo explain ${name} --code`,
		codeTitle: (name: string, primitive: string) => `${name} (${primitive}): the code beside the lesson`,
		typescript: (file: string) => `TypeScript: the scenario's processes and its main process, from ${file}`,
		target: (name: string, from: string) => `${name}(), run by a process${from === '' ? '' : ` (defined in ${from})`}:`,
		main: 'main(), the main process:',
		/** A lesson beyond the tutorial: no program of the tutorial's to show after the TypeScript. */
		noPython: 'Python: none — a lesson beyond the tutorial, which has no program for it',
		python: (options: string) => `Python: the tutorial's program it re-tells${options === '' ? '' : `, as with ${options}`}`,
		source: (tutorial: string, author: string, date: string, section: string) =>
			`From "${tutorial}" by ${author} (${date}), section ${section}; sync-demo's copy of its text.`,
	},
	all: {head: ['scenario', 'outcome', 'exit', 'time']},
	/** A line before commander's own --help (none: the help is English). */
	helpNote: '',
	signals: {
		stopping: (signal: string) => `sync-demo: ${signal} received, stopping the run (${signal === 'SIGINT' ? 'Ctrl-C' : 'the signal'} again kills at once)…`,
		killing: (signal: string) => `sync-demo: ${signal} again, killing every process of the run now`,
		cannotWrite: (reason: string) => `sync-demo: cannot write output: ${reason}`,
	},
	/** The producer/consumer lessons' shared verdicts. */
	delivery: {
		counts: (produced: number, consumed: number, left: number, twice: number) =>
			`produced ${produced}, consumed ${consumed}, left ${left}, consumed twice ${twice}`,
		duplicated: (counts: string) => `an item was taken twice: ${counts}`,
		hang: (counts: string) => `${counts}; then every live process was blocked for good (the run hung)`,
		leftInQueue: (counts: string, left: number) => `${counts}: ${left} item(s) never taken are still in the queue`,
		lost: (counts: string, lost: number) => `${counts}: ${lost} item(s) were neither taken nor left in the queue`,
		complete: (counts: string) => `${counts}: every item consumed exactly once`,
	},
};
