/** 阻塞的进程为什么永远不会被唤醒, 每个等待者一行 (由 src/run/hang.ts 选择)。 */
import type {Catalogue} from '../en/index.ts';

export const hang: Catalogue['hang'] = {
	blockedIn: (who, call) => `${who} 阻塞在 ${call}`,
	queueGet: (head, target, exited) => `${head}: 队列 "${target}" 是空的; ${exited.length > 0 ? `${exited.join(', ')} 已经退出, ` : ''}没有存活的进程能放入数据`,
	queuePut: (head, target) => `${head}: 队列 "${target}" 已满; 没有存活的进程能取走数据`,
	queueJoin: (head, target, unfinished) => `${head}: 队列 "${target}" 还有 ${unfinished} 个未完成任务; 没有存活的进程能调用 taskDone()`,
	eventWait: (head, target) => `${head}: 事件 "${target}" 已被清除; 没有存活的进程能设置它`,
	lockUnknown: (head, target, path, reason) => `${head}: 锁 "${target}" 被未知的持有者占着: ${path} 不是持有者记录 (${reason})`,
	lockHeld: (head, target, holder, deadlock) => `${head}: 锁 "${target}" 被 ${holder} 持有${deadlock ? ': 死锁' : ''}`,
	itselfBlocked: (who, call) => `${who} (它自己也阻塞在 ${call})`,
	anotherProcess: '另一个进程',
	semaphoreAcquire: (head, target) => `${head}: 信号量 "${target}" 没有空闲的许可; 没有存活的持有者能释放许可`,
	processJoin: (head, target) => `${head}, 等待 ${target} 结束`,
	other: (head, target) => `${head}: ${target}`,
};
