# Seed 003, the hypothesis without bias: H(x) = Wx, lr 0.15, printed before the step.
import torch

x_train = torch.FloatTensor([[1], [2], [3]])
y_train = torch.FloatTensor([[1], [2], [3]])
w = torch.zeros(1, requires_grad=True)
optimizer = torch.optim.SGD([w], lr=0.15)
nb_epochs = 10
for epoch in range(nb_epochs + 1):
    hypothesis = x_train * w
    cost = torch.mean((hypothesis - y_train) ** 2)
    print(f'EPOCH {epoch}, W:{w}, cost:{cost}')
    optimizer.zero_grad()
    cost.backward()
    optimizer.step()
