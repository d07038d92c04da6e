#: tutorial: Python多进程同步-进程间通信
#: author: nzb
#: date: 2025-04-15
#: section: 一. 进程同步(锁) / 加锁：购票行为由并发变成了串行，牺牲了效率，但是保证了数据安全
#: options: --lock
#: The program text below is the tutorial's, unchanged; sync-demo shows it with `explain --code`.

import time
import json
from multiprocessing import Process, Lock   # 引入Lock模块


with open('db', "w") as fw:
    json.dump({"count": 1}, fw)

# 查看剩余票数


def search():
    dic = json.load(open("db"))  # 打开文件,直接load文件中的内容,拿到文件中的包含剩余票数的字典
    print("剩余票数{}".format(dic["count"]))

# 抢票


def get(i):
    dic = json.load(open("db"))
    time.sleep(0.5)         # 模拟读取数据的网络延迟
    if dic['count'] > 0:
        dic['count'] -= 1
        time.sleep(1)       # 模拟写入数据的网络延迟
        json.dump(dic, open("db", "w"))
        print("{}号用户购票成功".format(i))


def task(i, lock):
    search()
    lock.acquire()  # 加锁
    get(i)
    lock.release()  # 解锁


if __name__ == '__main__':
    lock = Lock()   # 创建一个锁
    for i in range(3):  # 模拟并发3个客户端抢票
        p = Process(target=task, args=(i, lock))    # "锁"也要作为参数传递给需要加锁的函数
        p.start()
# 执行结果:
# 剩余票数1
# 剩余票数1
# 剩余票数1
# 0号用户购票成功

# 分析结果: 只有一个人抢到了票
# 得出结论: 加锁保证数据安全,不出现混乱
