# Seed 001, the backward demo (the page's typos `data[...]`, `required_grad`, `z = 2*t+3` fixed).
import torch

x = torch.tensor([2.0, 3.0], requires_grad=True)
y = x * 2
z = 2 * y + 3
target = torch.tensor([3.0, 4.0])
loss = torch.sum(torch.abs(z - target))
loss.backward()
print(loss)
print(x.grad)
