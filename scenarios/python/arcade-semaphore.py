#: tutorial: Python多进程同步-进程间通信
#: author: nzb
#: date: 2025-04-15
#: section: 二. 信号量(Semaphore) / 示例
#: The program text below is the tutorial's, unchanged; sync-demo shows it with `explain --code`.

import random
import time
from multiprocessing import Process, Semaphore

# 假设10个人去游戏厅玩: 提前设定好,一个房间只有4台游戏机(计数器现在为4),那么同时只能四个人进来,谁先来的谁先占一个游戏机(acquire,计数器减1),4台机器满了之后(计数器为0),第五个人就要等着,等其中一个人出来(release,计数器加1),他就可以占用那台游戏机了.


def play(i, s):
    with s:
        # s.acquire()
        print("{}号顾客来玩游戏了".format(i))
        time.sleep(random.randrange(2, 5))  # 每位顾客游戏时间不同
        # s.release()


if __name__ == '__main__':
    s = Semaphore(4)    # 设定好一次只能4个人进来
    for i in range(10):  # 创建10位顾客
        p = Process(target=play, args=(i, s))
        p.start()
