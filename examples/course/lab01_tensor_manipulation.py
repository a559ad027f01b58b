# lab-01_tensor_manipulation.ipynb of deeplearningzerotoall/PyTorch (commit 0e11245), its code cells in order.
# Run: python examples/course/notebook.py [--engine minigrad|torch] examples/course/lab01_tensor_manipulation.py

# %% cell 0
import numpy as np
import torch

# %% cell 1
t = np.array([0., 1., 2., 3., 4., 5., 6.])
print(t)

# %% cell 2
print('Rank  of t: ', t.ndim)
print('Shape of t: ', t.shape)

# %% cell 3
print('t[0] t[1] t[-1] = ', t[0], t[1], t[-1]) # Element
print('t[2:5] t[4:-1]  = ', t[2:5], t[4:-1])   # Slicing
print('t[:2] t[3:]     = ', t[:2], t[3:])      # Slicing

# %% cell 4
t = np.array([[1., 2., 3.], [4., 5., 6.], [7., 8., 9.], [10., 11., 12.]])
print(t)

# %% cell 5
print('Rank  of t: ', t.ndim)
print('Shape of t: ', t.shape)

# %% cell 6
t = torch.FloatTensor([0., 1., 2., 3., 4., 5., 6.])
print(t)

# %% cell 7
print(t.dim())  # rank
print(t.shape)  # shape
print(t.size()) # shape
print(t[0], t[1], t[-1])  # Element
print(t[2:5], t[4:-1])    # Slicing
print(t[:2], t[3:])       # Slicing

# %% cell 8
t = torch.FloatTensor([[1., 2., 3.],
                       [4., 5., 6.],
                       [7., 8., 9.],
                       [10., 11., 12.]
                      ])
print(t)

# %% cell 9
print(t.dim())  # rank
print(t.size()) # shape
print(t[:, 1])
print(t[:, 1].size())
print(t[:, :-1])

# %% cell 10
t = torch.FloatTensor([[[[1, 2, 3, 4],
                         [5, 6, 7, 8],
                         [9, 10, 11, 12]],
                       [[13, 14, 15, 16],
                        [17, 18, 19, 20],
                        [21, 22, 23, 24]]
                       ]])

# %% cell 11
print(t.dim())  # rank  = 4
print(t.size()) # shape = (1, 2, 3, 4)

# %% cell 12
print()
print('-------------')
print('Mul vs Matmul')
print('-------------')
m1 = torch.FloatTensor([[1, 2], [3, 4]])
m2 = torch.FloatTensor([[1], [2]])
print('Shape of Matrix 1: ', m1.shape) # 2 x 2
print('Shape of Matrix 2: ', m2.shape) # 2 x 1
print(m1.matmul(m2)) # 2 x 1

m1 = torch.FloatTensor([[1, 2], [3, 4]])
m2 = torch.FloatTensor([[1], [2]])
print('Shape of Matrix 1: ', m1.shape) # 2 x 2
print('Shape of Matrix 2: ', m2.shape) # 2 x 1
print(m1 * m2) # 2 x 2
print(m1.mul(m2))

# %% cell 13
# Same shape
m1 = torch.FloatTensor([[3, 3]])
m2 = torch.FloatTensor([[2, 2]])
print(m1 + m2)

# %% cell 14
# Vector + scalar
m1 = torch.FloatTensor([[1, 2]])
m2 = torch.FloatTensor([3]) # 3 -> [[3, 3]]
print(m1 + m2)

# %% cell 15
# 2 x 1 Vector + 1 x 2 Vector
m1 = torch.FloatTensor([[1, 2]])
m2 = torch.FloatTensor([[3], [4]])
print(m1 + m2)

# %% cell 16
t = torch.FloatTensor([1, 2])
print(t.mean())

# %% cell 17
# Can't use mean() on integers
t = torch.LongTensor([1, 2])
try:
    print(t.mean())
except Exception as exc:
    print(exc)

# %% cell 18
t = torch.FloatTensor([[1, 2], [3, 4]])
print(t)

# %% cell 19
print(t.mean())
print(t.mean(dim=0))
print(t.mean(dim=1))
print(t.mean(dim=-1))

# %% cell 20
t = torch.FloatTensor([[1, 2], [3, 4]])
print(t)

# %% cell 21
print(t.sum())
print(t.sum(dim=0))
print(t.sum(dim=1))
print(t.sum(dim=-1))

# %% cell 22
t = torch.FloatTensor([[1, 2], [3, 4]])
print(t)

# %% cell 23
print(t.max()) # Returns one value: max

# %% cell 24
print(t.max(dim=0)) # Returns two values: max and argmax
print('Max: ', t.max(dim=0)[0])
print('Argmax: ', t.max(dim=0)[1])

# %% cell 25
print(t.max(dim=1))
print(t.max(dim=-1))

# %% cell 26
t = np.array([[[0, 1, 2],
               [3, 4, 5]],

              [[6, 7, 8],
               [9, 10, 11]]])
ft = torch.FloatTensor(t)
print(ft.shape)

# %% cell 27
print(ft.view([-1, 3]))
print(ft.view([-1, 3]).shape)

# %% cell 28
print(ft.view([-1, 1, 3]))
print(ft.view([-1, 1, 3]).shape)

# %% cell 29
ft = torch.FloatTensor([[0], [1], [2]])
print(ft)
print(ft.shape)

# %% cell 30
print(ft.squeeze())
print(ft.squeeze().shape)

# %% cell 31
ft = torch.Tensor([0, 1, 2])
print(ft.shape)

# %% cell 32
print(ft.unsqueeze(0))
print(ft.unsqueeze(0).shape)

# %% cell 33
print(ft.view(1, -1))
print(ft.view(1, -1).shape)

# %% cell 34
print(ft.unsqueeze(1))
print(ft.unsqueeze(1).shape)

# %% cell 35
print(ft.unsqueeze(-1))
print(ft.unsqueeze(-1).shape)

# %% cell 36
lt = torch.LongTensor([[0], [1], [2], [0]])
print(lt)

# %% cell 37
one_hot = torch.zeros(4, 3) # batch_size = 4, classes = 3
one_hot.scatter_(1, lt, 1)
print(one_hot)

# %% cell 38
lt = torch.LongTensor([1, 2, 3, 4])
print(lt)

# %% cell 39
print(lt.float())

# %% cell 40
bt = torch.ByteTensor([True, False, False, True])
print(bt)

# %% cell 41
print(bt.long())
print(bt.float())

# %% cell 42
x = torch.FloatTensor([[1, 2], [3, 4]])
y = torch.FloatTensor([[5, 6], [7, 8]])

# %% cell 43
print(torch.cat([x, y], dim=0))
print(torch.cat([x, y], dim=1))

# %% cell 44
x = torch.FloatTensor([1, 4])
y = torch.FloatTensor([2, 5])
z = torch.FloatTensor([3, 6])

# %% cell 45
print(torch.stack([x, y, z]))
print(torch.stack([x, y, z], dim=1))

# %% cell 46
print(torch.cat([x.unsqueeze(0), y.unsqueeze(0), z.unsqueeze(0)], dim=0))

# %% cell 47
x = torch.FloatTensor([[0, 1, 2], [2, 1, 0]])
print(x)

# %% cell 48
print(torch.ones_like(x))
print(torch.zeros_like(x))

# %% cell 49
x = torch.FloatTensor([[1, 2], [3, 4]])

# %% cell 50
print(x.mul(2.))
print(x)
print(x.mul_(2.))
print(x)

# %% cell 51
for x, y in zip([1, 2, 3], [4, 5, 6]):
    print(x, y)

# %% cell 52
for x, y, z in zip([1, 2, 3], [4, 5, 6], [7, 8, 9]):
    print(x, y, z)
