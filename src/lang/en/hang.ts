/**
 * Why a blocked process can never wake, one line per waiter (src/run/hang.ts
 * picks the line). `head` is `blockedIn(who, call)`.
 */
export const hang = {
	blockedIn: (who: string, call: string) => `${who} is blocked in ${call}`,
	queueGet: (head: string, target: string, exited: string[]) =>
		`${head} on an empty queue "${target}"; ${exited.length > 0 ? `${exited.join(', ')} ha${exited.length === 1 ? 's' : 've'} exited and ` : ''}no live process can put`,
	queuePut: (head: string, target: string) => `${head} on the full queue "${target}"; no live process can get`,
	queueJoin: (head: string, target: string, unfinished: number) =>
		`${head} on "${target}" with ${unfinished} unfinished task(s); no live process can call taskDone()`,
	eventWait: (head: string, target: string) => `${head} on the cleared event "${target}"; no live process can set it`,
	/** How a lock is named in these lines: `lock "fork-1"`, `rlock "r"`. */
	lockName: (kind: 'lock' | 'rlock', target: string) => `${kind} "${target}"`,
	/** The depth an RLock's holder holds it at. */
	atDepth: (depth: number) => ` at depth ${depth}`,
	/** After a lock's name, when the wait is a condition's wait() taking its lock back. */
	returning: (condition: string) => ` (to return from condition.wait() on "${condition}")`,
	lockUnknown: (head: string, lock: string, path: string, reason: string) =>
		`${head} on ${lock}, held by an unknown owner: ${path} is not an owner record (${reason})`,
	lockHeld: (head: string, lock: string, holder: string) => `${head} on ${lock}, held by ${holder}`,
	/** A process waiting for a (non-reentrant) lock it holds itself. */
	selfDeadlock: (who: string, lock: string, call: string, returning: string) =>
		`${who} holds ${lock} and waits for it again in ${call}${returning}: a deadlock (a Lock is not reentrant)`,
	/** A deadlock cycle in one line: its start, a link per next member, back to the first by name. */
	cycleStart: (who: string, held: string, depth: string, waitsFor: string, returning: string) =>
		`${who} holds ${held}${depth} and waits for ${waitsFor}${returning}`,
	cycleLink: (who: string, depth: string, waitsFor: string, returning: string) => `held by ${who}${depth}, who waits for ${waitsFor}${returning}`,
	cycle: (start: string, links: string[], first: string) => [start, ...links, `held by ${first}: a deadlock`].join(', '),
	/** The holder of a lock, or the process joined, when it is blocked too. */
	itselfBlocked: (who: string, call: string) => `${who}, itself blocked in ${call}`,
	anotherProcess: 'another process',
	conditionWait: (head: string, target: string) => `${head} on condition "${target}"; nobody alive can notify it`,
	semaphoreAcquire: (head: string, target: string) => `${head} on semaphore "${target}" with no permit free; no live holder can release one`,
	barrierWait: (head: string, target: string, waiting: number, parties: number) =>
		`${head} on barrier "${target}" with ${waiting} of ${parties} parties arrived; no other live process can arrive`,
	/** A reader of one end of a pipe; `readBy`: another process reads that end first; `held`: who holds the other end (empty: nobody alive). */
	pipeRecv: (head: string, target: string, end: number, readBy: string | null, held: string[]) =>
		`${head} on end ${end} of pipe "${target}"${readBy === null ? '' : `, read by ${readBy} until it lets go`}; ${held.length > 0 ? `the other end is held by ${held.join(' and ')}` : 'nobody alive holds the other end'}`,
	/** A sender of one end of a pipe with more than the limit unread; `readBy`: who reads the other end; else `held`: who holds it (empty: nobody alive). */
	pipeSend: (head: string, target: string, end: number, unread: number, readBy: string | null, held: string[]) =>
		`${head} on end ${end} of pipe "${target}": ${(unread / 2 ** 20).toFixed(1)} MiB unread; ${readBy !== null ? `the other end is read by ${readBy}` : held.length > 0 ? `nobody reads the other end, held by ${held.join(' and ')}` : 'nobody alive reads the other end'}`,
	/** The waiter holds the other end itself. */
	pipeOwnEnd: (who: string) => `${who} itself (it never closed its copy, so it cannot see EOFError)`,
	/** Every party arrived, and the barrier's action never returns. */
	barrierAction: (head: string, target: string, runners: string[]) =>
		`${head} on barrier "${target}": its parties have arrived and wait for the action run by ${runners.join(' and ')}`,
	processJoin: (head: string, target: string) => `${head} waiting for ${target}`,
	/** A wait no line above describes. */
	other: (head: string, target: string) => `${head} on ${target}`,
};
