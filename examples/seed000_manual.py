# Seed 000, "[PyTorch] Linear Regression": W and b by hand, 100 epochs (the 101-line log).
import torch
import torch.optim as optim

torch.manual_seed(1)

x_train = torch.FloatTensor([[1], [2], [3]])
y_train = torch.FloatTensor([[1], [2], [3]])

w = torch.zeros(1, requires_grad=True)
b = torch.zeros(1, requires_grad=True)

optimizer = optim.SGD([w, b], lr=0.01)

nb_epochs = 100
for epoch in range(nb_epochs + 1):
    hypothesis = x_train * w + b
    cost = torch.mean((hypothesis - y_train) ** 2)

    optimizer.zero_grad()
    cost.backward()
    optimizer.step()

    print('Epoch {:4d}/{}, W: {:.3f}, b: {:.3f}, cost: {:.6f}'.format(
        epoch, nb_epochs, w.item(), b.item(), cost.item()))
