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
	lockUnknown: (head: string, target: string, path: string, reason: string) =>
		`${head} on lock "${target}", held by an unknown owner: ${path} is not an owner record (${reason})`,
	lockHeld: (head: string, target: string, holder: string, deadlock: boolean) =>
		`${head} on lock "${target}", held by ${holder}${deadlock ? ': a deadlock' : ''}`,
	/** The holder of a lock, or the process joined, when it is blocked too. */
	itselfBlocked: (who: string, call: string) => `${who}, itself blocked in ${call}`,
	anotherProcess: 'another process',
	semaphoreAcquire: (head: string, target: string) => `${head} on semaphore "${target}" with no permit free; no live holder can release one`,
	processJoin: (head: string, target: string) => `${head} waiting for ${target}`,
	/** A wait no line above describes. */
	other: (head: string, target: string) => `${head} on ${target}`,
};
