/** 阻塞的进程为什么永远不会被唤醒, 每个等待者一行 (由 src/run/hang.ts 选择)。 */
import type {Catalogue} from '../en/index.ts';

export const hang: Catalogue['hang'] = {
	blockedIn: (who, call) => `${who} 阻塞在 ${call}`,
	queueGet: (head, target, exited) => `${head}: 队列 "${target}" 是空的; ${exited.length > 0 ? `${exited.join(', ')} 已经退出, ` : ''}没有存活的进程能放入数据`,
	queuePut: (head, target) => `${head}: 队列 "${target}" 已满; 没有存活的进程能取走数据`,
	queueJoin: (head, target, unfinished) => `${head}: 队列 "${target}" 还有 ${unfinished} 个未完成任务; 没有存活的进程能调用 taskDone()`,
	eventWait: (head, target) => `${head}: 事件 "${target}" 已被清除; 没有存活的进程能设置它`,
	lockName: (kind, target) => `${kind === 'rlock' ? '可重入锁' : '锁'} "${target}"`,
	atDepth: depth => ` (重入深度 ${depth})`,
	returning: condition => ` (为了从条件变量 "${condition}" 的 wait() 返回)`,
	lockUnknown: (head, lock, path, reason) => `${head}: ${lock} 被未知的持有者占着: ${path} 不是持有者记录 (${reason})`,
	lockHeld: (head, lock, holder) => `${head}: ${lock} 被 ${holder} 持有`,
	selfDeadlock: (who, lock, call, returning) => `${who} 持有${lock}, 却又在 ${call} 中等待它${returning}: 死锁 (Lock 不可重入)`,
	cycleStart: (who, held, depth, waitsFor, returning) => `${who} 持有${held}${depth}, 等待${waitsFor}${returning}`,
	cycleLink: (who, depth, waitsFor, returning) => `它被 ${who} 持有${depth}, 而后者在等待${waitsFor}${returning}`,
	cycle: (start, links, first) => [start, ...links, `它被 ${first} 持有: 死锁`].join('; '),
	itselfBlocked: (who, call) => `${who} (它自己也阻塞在 ${call})`,
	anotherProcess: '另一个进程',
	conditionWait: (head, target) => `${head}: 没有存活的进程能通知条件变量 "${target}"`,
	semaphoreAcquire: (head, target) => `${head}: 信号量 "${target}" 没有空闲的许可; 没有存活的持有者能释放许可`,
	barrierWait: (head, target, waiting, parties) => `${head}: 屏障 "${target}" 已到达 ${waiting}/${parties} 方; 没有其他存活的进程能到达`,
	pipeRecv: (head, target, end, readBy, held) =>
		`${head}: 管道 "${target}" 的第 ${end} 端${readBy === null ? '' : ` (先由 ${readBy} 读取, 直到它放手)`}; ${held.length > 0 ? `另一端由 ${held.join(' 和 ')} 持有` : '没有存活的进程持有另一端'}`,
	pipeSend: (head, target, end, unread, readBy, held) =>
		`${head}: 管道 "${target}" 的第 ${end} 端有 ${(unread / 2 ** 20).toFixed(1)} MiB 未被读取; ${readBy !== null ? `另一端由 ${readBy} 读取` : held.length > 0 ? `没有进程读取另一端, 它由 ${held.join(' 和 ')} 持有` : '没有存活的进程读取另一端'}`,
	pipeOwnEnd: who => `${who} 自己 (它从未关闭自己的那一份, 所以收不到 EOFError)`,
	barrierAction: (head, target, runners) => `${head}: 屏障 "${target}" 的各方都已到达, 正在等待 ${runners.join(' 和 ')} 执行的动作`,
	processJoin: (head, target) => `${head}, 等待 ${target} 结束`,
	other: (head, target) => `${head}: ${target}`,
};
