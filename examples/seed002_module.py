# Seed 002, part 3: an nn.Module subclass, nn.MSELoss, SGD, model.to("cpu").
# The page is unseeded; manual_seed(0) added.
import torch
import torch.nn as nn
import torch.optim as optim

torch.manual_seed(0)


class MyNeuralNetwork(nn.Module):
    def __init__(self):
        super(MyNeuralNetwork, self).__init__()
        self.layer = nn.Linear(in_features=1, out_features=1, bias=True)

    def forward(self, input):
        output = self.layer(input)
        return output


model = MyNeuralNetwork().to("cpu")

print(f"model : {model}")
print(f"weight : {model.layer.weight}")
print(f"bias : {model.layer.bias}")

input = torch.tensor([1., 2., 3., 4., 5., 6.]).view(-1, 1)
y = torch.tensor([3., 6., 9., 12., 15., 18.]).view(-1, 1)

optimizer = optim.SGD(model.parameters(), lr=0.01)

epochs = 1001
loss_fn = nn.MSELoss()
for epoch in range(epochs):
    optimizer.zero_grad()
    loss = loss_fn(model(input), y)
    loss.backward()
    optimizer.step()

    if epoch % 100 == 0:
        print(f'Epoch ({str(epoch).rjust(4)}/1000) cost: {round(float(loss), 6)}, '
              f'W: {round(float(model.layer.weight), 7)}, b:{round(float(model.layer.bias), 7)}')

print('W: {:10f}'.format(float(model.layer.weight)))
print('b: {:10f}'.format(float(model.layer.bias)))
print('result : ')
print(model(input))
