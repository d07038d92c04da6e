/** 教程之外的课 (同步工具箱里的其余工具), 中文: list 的一行, 要点, 程序打印的行, 结论。 */
import type {Catalogue} from '../en/index.ts';

type Lessons = Catalogue['scenarios'];

/** "哲学家0拿着叉子0, 等待叉子1; 叉子1在哲学家1手里, 他在等待 …; 叉子0在哲学家0手里"。 */
function circleOfWaits(circle: readonly number[], n: number): string {
	const fork = (i: number) => `叉子${(i + 1) % n}`;
	const [first, ...rest] = circle;
	return [`哲学家${first}拿着叉子${first}, 等待${fork(first!)}`, ...rest.map(i => `它在哲学家${i}手里, 他在等待${fork(i)}`), `它在哲学家${first}手里`].join(
		'; ',
	);
}

export const lessonsMore: Pick<Lessons, 'dining-philosophers' | 'rlock' | 'counter-race' | 'barrier' | 'bounded-buffer' | 'pipe'> = {
	'dining-philosophers': {
		summary: '五位哲学家, 五把叉子 (锁), 每人先拿左边再拿右边: 经典的死锁, 以及两种解法',
		explain: [
			'Dijkstra 的哲学家就餐问题: n 位哲学家围坐一桌, 每两人之间放一把叉子, 拿到两把叉子才能吃饭。每把叉子是一个 Lock; 哲学家 i 左边是叉子 i, 右边是叉子 i+1。',
			'每个人先拿左边的叉子, 再去拿右边的。如果大家同时坐下, 每位哲学家都拿着左边的叉子, 等待右边那把 —— 而它在邻座手里: 等待连成了一个圈, 谁也放不下手里的叉子。这就是死锁: 没有进程出错, 它们只是永远地等下去。',
			'死锁需要四个条件同时成立: 互斥 (一把叉子只能有一个人拿), 占有并等待 (拿着一把叉子去等另一把), 不可抢占 (没人能把叉子夺走), 循环等待。破坏其中任何一个, 死锁就不会发生。',
			'--fix ordered 打破循环: 每个人都先拿编号小的叉子, 于是最后一位先去拿叉子 0 再拿叉子 n-1, 等待再也连不成圈。给所有锁规定一个全局顺序, 是实际程序里最常用的办法。',
			'--fix butler 从整张桌子上打破 "占有并等待": 一位服务员 (Semaphore(n-1)) 最多让 n-1 位哲学家入座, 所以总有一位能拿到两把叉子, 吃完再放回去。',
			'sync-demo 发现所有进程都阻塞了, 便顺着每个等待找到叉子的持有者, 用一行说出整个等待圈。哲学家们在起跑线上一起开始, 拿到第一把叉子后稍等片刻再拿第二把, 这样第一次运行就能看到死锁, 正如最坏的交错那样。',
		],
		lines: {
			picksUp: (i, left, fork) => `哲学家${i}拿起了${left ? '左' : '右'}边的叉子 (fork-${fork})`,
			eats: (i, left, fork, meal) => `哲学家${i}拿起了${left ? '左' : '右'}边的叉子 (fork-${fork}), 开始吃第${meal}顿饭`,
			putsDown: i => `哲学家${i}放下了两把叉子`,
		},
		hangHint: '每位哲学家都拿着一把叉子, 等待下一把: --fix ordered 或 --fix butler 能打破这个圈',
		verdict: {
			deadlock: (circle, n) => `${circleOfWaits(circle, n)}: 等待连成了一个圈, 谁也吃不上饭`,
			fed: eaten => `所有的饭都吃完了 (${eaten} 顿), 没有一把叉子同时被两个人拿着`,
			fedByLuck: eaten => `没有任何解法, 所有的饭也都吃完了 (${eaten} 顿): 这一次哲学家们没有同时拿着左边的叉子 (是运气, 不是安全)`,
			hungry: (eaten, planned) => `计划 ${planned} 顿饭, 只吃了 ${eaten} 顿`,
			shared: holders => `有一把叉子同时被 ${holders} 位哲学家拿着`,
		},
	},
	rlock: {
		summary: '递归函数两次获取同一把锁: Lock 会自己锁死自己, RLock 允许持有者重新进入',
		explain: [
			'Lock 只有一个持有者, 而且不管是谁在申请: 持有它的进程再次调用 acquire(), 就会等待 —— 等它自己, 永远等下去。这是最小的死锁, 一个人的等待圈。',
			'这种事往往不是有意的: 一个获取了锁的函数, 调用了另一个 (或它自己) 也要获取同一把锁的函数。这里的 worker 递归 --depth 层, 每进入下一层之前都要获取锁 L。',
			'RLock (可重入锁) 记得它的持有者和获取的次数: 持有者再调用 acquire() 会立刻返回, 计数加一; 每次 release() 计数减一; 计数回到 0 时其他进程才能获取它。Python 的 multiprocessing.RLock 也是这样。',
			'不加 --rlock 时, worker 在第 1 层拿到 L, 在第 2 层阻塞: sync-demo 发现所有进程都阻塞了, 把它说成一个人的死锁 ("worker 持有锁 L, 却又在等待它")。加上 --rlock, 每一层都能拿到锁, 各层再按相反的顺序释放。',
			'RLock 不是万能药: 获取了几次就必须释放几次, 而且比 Lock 慢。只有持有锁的代码必须调用同样要获取这把锁的代码时, 才用它。',
		],
		lines: {
			takes: level => `第${level}层: 获取锁 L`,
			took: (level, depth) => `第${level}层: 持有锁 L (深度 ${depth})`,
			released: level => `第${level}层: 释放了锁 L`,
		},
		hangHint: 'Lock 不可重入: worker 在等待它自己持有的锁; --rlock 允许持有者再次获取',
		verdict: {
			selfDeadlock: level => `worker 在第 ${level} 层获取了锁 L, 到下一层又去等待它: 它在等自己, 永远等下去`,
			reentered: depth => `worker 在 ${depth} 层中每一层都获取了锁 L, 并释放了 ${depth} 次`,
			stuck: (deepest, depth) => `worker 只进入了 ${depth} 层中的 ${deepest} 层`,
		},
	},
	'counter-race': {
		summary: '四个进程各给共享的 Value 加一千次 1: 不加锁就会丢失更新',
		explain: [
			'Value 是放在共享内存里的一个数 (这里是本次运行目录里的一个文件, 每个进程都直接读写它): 没有消息, 没有拷贝, 每个进程都能看到最新写入的值。',
			'v.value += 1 看起来是一步, 其实是两步: 读出这个数, 再写回它加一。两个进程都读到 41, 就都写回 42: 有一次加法丢了, 而且没有任何提示。',
			'四个 worker 各做 --increments 次 v.value += 1 (默认 10 000 次: 这样每个循环都足够长, 四个进程一定会重叠), 在起跑线上一起开始。不加 --lock 时, 总数会比 进程数 × 次数 少, 每次运行少的都不一样。',
			'Python 的 Value 自带一把锁 (v.get_lock(), 一个 RLock), 但它只保护单独的一次读或一次写, 不保护你的 "读-改-写"。加上 --lock, 每次 += 1 都在持有这把锁时完成 (这里是在前后调用 lock.acquire() 和 lock.release(), 即 Python 的 `with v.get_lock():`), 总数就准确了。',
			'代价是: 每次加法都要获取并归还一次锁, 各个 worker 只能轮流来。只有在能避免每一步都加锁时, 共享内存才快 —— 这也是更应该传递消息的又一个理由。',
		],
		lines: {
			done: (i, increments) => `${i}号 worker 做了 ${increments} 次 v.value += 1`,
			total: (got, expected) => `v.value 是 ${got}; 一共做了 ${expected} 次加法`,
			lockSteps: steps => `这把锁的 ${steps} 个步骤没有逐行打印; --json 里都有`,
		},
		verdict: {
			lost: (expected, got) => `应为 ${expected}, 实际 ${got}: "读-改-写" 的竞争丢失了 ${expected - got} 次更新`,
			exact: got => `总数准确: ${got}`,
		},
	},
	barrier: {
		summary: '选手们在屏障 (Barrier) 前排队: 所有人都到齐之前谁也不能起跑; 有人缺席就会打破它',
		explain: [
			'Barrier(n) 让每个调用 wait() 的进程等着, 直到有 n 个进程在等, 然后同时放行这 n 个。它就是一条起跑线: 选手们热身的时间各不相同, 但比赛一起开始。',
			'这里有 --runners 个进程, 在起跑线 (一个事件) 上一起开始, 每个随机热身 0–2 秒, 然后用 barrier.wait() 排队。输出会显示它们到达的时间相差多少, 起跑的时间又靠得多近: 屏障把先来后到变成了同一时刻。每次 wait() 返回该选手在队伍里的位置, 0 到 n-1。',
			'屏障可以重复使用: n 个进程通过之后, 接下来的 n 次 wait() 组成下一轮 (比如步调一致的循环中的每一轮)。',
			'如果有一方一直不来, 其他人就会永远等下去 —— 除非屏障设了超时。加上 --no-show 1, 有一位选手待在家里; --barrier-timeout 秒之后 (在很高的 --speed 下也至少等半秒实际时间, 免得繁忙的机器上晚到的进程被当成缺席), 等待超时的那位选手打破了屏障, 所有在等的选手都收到 BrokenBarrierError: 比赛对所有人都取消了, 而不只是一个人。屏障打破之后一直保持打破状态, 直到 reset()。',
			'Python 的 multiprocessing.Barrier(parties, action, timeout) 也是这样; `action` (在放行之前由其中一方执行) 这里也有。',
		],
		lines: {
			linesUp: i => `${i}号选手就位`,
			starts: i => `${i}号选手起跑!`,
			noShow: i => `${i}号选手待在家里, 一直没来`,
			broken: i => `${i}号选手: 起跑取消了 (BrokenBarrierError)`,
		},
		verdict: {
			together: (runners, arrivals, starts) =>
				`${runners} 位选手一起起跑: 他们在 ${arrivals} 毫秒内陆续就位, 在 ${starts} 毫秒内全部起跑, 没有人在最后一位到达之前起跑`,
			broken: (waiting, noShow) => `屏障被打破: ${waiting} 位在等的选手收到 BrokenBarrierError${noShow > 0 ? `, 因为有 ${noShow} 位选手一直没来` : ''}`,
			early: (started, runners) => `${runners} 位选手中有 ${started} 位起跑, 但并非都在最后一位就位之后`,
		},
	},
	'bounded-buffer': {
		summary: '生产者和消费者通过条件变量 (Condition, 一个管程) 共享一个有界缓冲区; 用 `if` 而不是 `while` 等待, 会从空缓冲区取东西',
		explain: [
			'Queue 把加锁藏了起来。这里的缓冲区只是普通的共享状态 —— 里面的物品数, 最多 --capacity 个 —— 由一个条件变量守护: 一把锁, 加上一队等待状态改变的进程。加锁, 检查, 等待或操作, 通知, 解锁: 这就是管程。',
			'消费者获取锁, 缓冲区为空时调用 cond.wait(): 它会释放锁, 睡到别的进程调用 notify() 或 notifyAll(), 返回之前再重新获取锁。缓冲区满时, 生产者也这样做。每次放入或取出之后, 进程都调用 notifyAll(), 让等待的人再看一眼。',
			'关键就在 "再看一眼": 被唤醒只说明有东西变了, 不说明你等的条件成立了。notifyAll() 为一个物品唤醒所有消费者; 第一个拿走了它, 其他人必须发现缓冲区又空了, 继续等待。所以 wait 要放在 `while` 循环里, 不能放在 `if` 下面 (而且 wait 也可能在没有任何通知的情况下返回)。',
			'加上 --bug if, 消费者只在 `if` 里检查一次: 两个消费者为同一个物品被唤醒, 两个都去拿, 第二个就从空缓冲区里拿了 —— 计数变成了负数。输出会标出这次取出, 结论会统计次数。',
			'Python 的 `threading` 和 `multiprocessing` 的 Condition 也是这样; wait_for(predicate) 会替你写好这个 `while` 循环 (这里是 waitFor())。',
		],
		lines: {
			put: (i, count) => `${i}号生产者放入一个物品 (缓冲区里有 ${count} 个)`,
			took: (i, count) => `${i}号消费者取出一个物品 (还剩 ${count} 个)`,
			underflow: (i, count) => `${i}号消费者从 空的 缓冲区里取出一个物品 (计数 ${count})`,
		},
		hangHint: '所有消费者和生产者都在等这个条件变量, 已经没有人能通知它们',
		verdict: {
			underflow: (takes, lowest) => `从空缓冲区取了 ${takes} 次, 计数降到 ${lowest}: 有消费者在 if 下被唤醒, 没有再检查一次`,
			overflow: (highest, capacity) => `缓冲区里有 ${highest} 个物品, 超过了容量 ${capacity}`,
			complete: (items, capacity) => `${items} 个物品全部放入并取出, 取的时候缓冲区从不为空, 也从未超过 ${capacity} 个`,
			completeByLuck: items => `${items} 个物品全部放入并取出, 没有从空缓冲区取过: 这一次没有两个消费者为同一个物品被唤醒 (是运气: 用 if 仍然是错的)`,
			incomplete: (produced, consumed, items) => `${items} 个物品中放入了 ${produced} 个, 取出了 ${consumed} 个`,
		},
	},
	pipe: {
		summary: '两个进程通过双工管道 (Pipe) 打乒乓; 一端关闭后, 另一端收到 EOFError',
		explain: [
			'管道 (Pipe) 是两个相连的端: 一端 send() 的东西, 另一端按顺序 recv(), 每个值都会被复制 (结构化克隆, 就像 Python 用 `pickle`)。和队列不同, 它只连接两个端, 也比队列快。',
			'Pipe() 默认是双工的: 两端都能发送和接收。这里 pinger 发送 "乒 n", 再等待 "乓 n"; ponger 回应每一个 "乒", 一共 --messages 次。',
			'pinger 发完之后 close() 它那一端。ponger 正在 recv() 里等待: 一旦再也没有进程持有另一端, recv() 就会抛出 EOFError —— 读的一方不需要哨兵, 就能知道不会再有消息了。',
			'"再也没有进程持有": 创建管道的主进程也持有两端, 和 Python 一样, 直到它关闭它们为止。主进程在两个进程启动后就关闭自己的副本; 忘了这一步, ponger 的 recv() 会永远等下去 (sync-demo 会说这是卡死)。',
			'--one-way 创建 Pipe({duplex: false}): 第一端只能接收, 第二端只能发送。每个进程先试一下它那一端不允许的调用, 得到 ValueError (Python 抛出 OSError); 然后 writer 发送、关闭, reader 一直读到 EOFError。',
		],
		lines: {
			ping: n => `乒 ${n}`,
			pong: n => `乓 ${n}`,
			message: n => `消息 ${n}`,
			sent: message => `发送了 "${message}"`,
			got: message => `收到了 "${message}"`,
			closed: '关闭了它那一端',
			eof: 'recv() 抛出 EOFError: 另一端已关闭, 不会再有消息了',
			cannot: call => `在这一端调用 ${call}: ValueError (这一端是单向的)`,
		},
		hangHint: '有一个 recv() 在等一条没人会发的消息: 只要某处还开着另一端 (主进程在关闭之前持有两端), 就不会出现 EOFError',
		verdict: {
			exchanged: messages => `${messages} 个 "乒" 和 ${messages} 个 "乓", 每个都按顺序收到一次; 关闭之后出现 EOFError`,
			oneWay: messages => `单向发送 ${messages} 条消息, 每条都按顺序收到一次; 两端都拒绝了不允许的调用; 关闭之后出现 EOFError`,
			lost: (sent, received, expected) => `应为 ${expected} 条, 发送了 ${sent} 条, 收到了 ${received} 条`,
			outOfOrder: '消息没有按顺序到达',
			noEof: '读的一方一直没有看到 EOFError',
			notOneWay: '单向的一端没有拒绝它不允许的调用',
		},
	},
};
