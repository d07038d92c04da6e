#: tutorial: Python多进程同步-进程间通信
#: author: nzb
#: date: 2025-04-15
#: section: 三. 事件(Event) / is_set(), set(), clear(); wait
#: The program text below is the tutorial's, unchanged; sync-demo shows it with `explain --code`.

from multiprocessing import Event

e = Event()         # 创建一个事件对象
print(e.is_set())   # 执行结果: False

e.set()             # 将is_set()的状态改为True
print(e.is_set())   # 执行结果: True

e.clear()           # 将is_set()的状态改为True
print(e.is_set())   # 执行结果: False

from multiprocessing import Event

e = Event() # 创建一个事件对象
e.set()     # 将is_set()的状态改为True
print(e.is_set())

print("我在wait之前!")
e.wait()    # 依据事件的状态来决定是否阻塞: False-->阻塞  True-->不阻塞
print("我在wait之后!")

# 执行结果:
# True
# 我在wait之前!
# 我在wait之后!

# 从上面的结果可以看出,set()方法将is_set()的状态改为True,则此时事件的状态为True,于是程序执行到wait()方法处不会阻塞住,继续向下执行

from multiprocessing import Event

e = Event() # 创建一个事件对象
e.set()     # 将is_set()的状态改为True
print(e.is_set())
e.clear()   # 将is_set()的状态改为False
print(e.is_set())

print("我在wait之前!")
e.wait()    # 依据事件的状态来决定是否阻塞: False-->阻塞  True-->不阻塞
print("我在wait之后!")

# 执行结果:
# True
# False
# 我在wait之前!

# 从上面的结果可以看出,set()方法将is_set()的状态改为True,clear()方法又重新将is_set()的状态改为False,则此时事件的状态为False,于是程序执行到wait()方法处就阻塞住了
