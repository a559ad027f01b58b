# Seed 002, part 2: autograd without an optimizer; `w = w - lr * w.grad` makes w a
# non-leaf each epoch, hence retain_grad(). The page is unseeded; manual_seed(0) added.
import torch

torch.manual_seed(0)

x = torch.tensor([1., 2., 3., 4., 5., 6.])
y = torch.tensor([3., 6., 9., 12., 15., 18.])

w = torch.rand(1, requires_grad=True)
b = torch.rand(1, requires_grad=True)
learning_rate = 0.01
for epoch in range(1001):
    y_hat = x * w + b
    loss = ((y_hat - y) ** 2).mean()

    w.retain_grad()
    b.retain_grad()
    loss.backward()

    w = w - learning_rate * w.grad
    b = b - learning_rate * b.grad
    if epoch % 100 == 0:
        print(f'Epoch ({str(epoch).rjust(4)}/1000) cost: {round(float(loss), 6)}, '
              f'W: {round(float(w), 7)}, b:{round(float(b), 7)}')

print('W: {:10f}'.format(float(w)))
print('b: {:10f}'.format(float(b)))
print('result : ')
print(x * w + b)
