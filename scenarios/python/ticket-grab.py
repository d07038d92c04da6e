#: tutorial: Python多进程同步-进程间通信
#: author: nzb
#: date: 2025-04-15
#: section: 一. 进程同步(锁) / 并发运行,效率高,但是竞争同一个文件,导致数据混乱
#: The program text below is the tutorial's, unchanged; sync-demo shows it with `explain --code`.

# 注意:首先在当前文件目录下创建一个名为db的文件
# 文件db的内容为：{"count":1}，只有这一行数据
# 注意字典中一定要用双引号,不然json无法识别

from multiprocessing import Process
import time
import json


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


def task(i):
    search()
    get(i)


if __name__ == '__main__':
    for i in range(3):  # 模拟并发3个客户端抢票
        p = Process(target=task, args=(i,))
        p.start()

# 执行结果:
# 剩余票数1
# 剩余票数1
# 剩余票数1
# 0号用户购票成功
# 1号用户购票成功
# 2号用户购票成功

# 分析结果: 由于网络延迟等原因使得进程切换，导致每个人都抢到了这最后一张票
# 得出结论: 并发运行,效率高,但竞争写同一文件,数据写入错乱
