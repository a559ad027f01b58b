# Seed 001, a noisy 1000-point fit with nn.L1Loss (`imoprt` fixed; the noise is
# init.normal_(..., std=1), which the page miswrote as init.uniform_(..., std=1)).
# The page sets no seed; manual_seed(1) makes the run repeatable.
import torch
import torch.nn as nn
import torch.nn.init as init
import torch.optim as optim

torch.manual_seed(1)

num_data = 1000
num_epoch = 500

x = init.uniform_(torch.Tensor(num_data, 1), -10, 10)
noise = init.normal_(torch.Tensor(num_data, 1), std=1)
y = 2 * x + 3
y_noise = 2 * (x + noise) + 3

model = nn.Linear(in_features=1, out_features=1)
loss_func = nn.L1Loss()

optimizer = optim.SGD(model.parameters(), lr=0.001)

label = y_noise
for i in range(num_epoch):
    optimizer.zero_grad()
    output = model(x)
    loss = loss_func(output, label)
    loss.backward()
    optimizer.step()

    if i % 10 == 0:
        print(loss.data)
        param_list = list(model.parameters())
        print(param_list[0].item(), param_list[1].item())
