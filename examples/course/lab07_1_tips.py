# lab-07_1_tips.ipynb of deeplearningzerotoall/PyTorch (commit 0e11245), its code cells in order.
# Run: python examples/course/notebook.py [--engine minigrad|torch] examples/course/lab07_1_tips.py

# %% cell 0
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

# %% cell 1
# For reproducibility
torch.manual_seed(1)

# %% cell 2
x_train = torch.FloatTensor([[1, 2, 1],
                             [1, 3, 2],
                             [1, 3, 4],
                             [1, 5, 5],
                             [1, 7, 5],
                             [1, 2, 5],
                             [1, 6, 6],
                             [1, 7, 7]
                            ])
y_train = torch.LongTensor([2, 2, 2, 1, 1, 1, 0, 0])

# %% cell 3
x_test = torch.FloatTensor([[2, 1, 1], [3, 1, 2], [3, 3, 4]])
y_test = torch.LongTensor([2, 2, 2])

# %% cell 4
class SoftmaxClassifierModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(3, 3)
    def forward(self, x):
        return self.linear(x)

# %% cell 5
model = SoftmaxClassifierModel()

# %% cell 6
# optimizer 설정
optimizer = optim.SGD(model.parameters(), lr=0.1)

# %% cell 7
def train(model, optimizer, x_train, y_train):
    nb_epochs = 20
    for epoch in range(nb_epochs):

        # H(x) 계산
        prediction = model(x_train)

        # cost 계산
        cost = F.cross_entropy(prediction, y_train)

        # cost로 H(x) 개선
        optimizer.zero_grad()
        cost.backward()
        optimizer.step()

        print('Epoch {:4d}/{} Cost: {:.6f}'.format(
            epoch, nb_epochs, cost.item()
        ))

# %% cell 8
def test(model, optimizer, x_test, y_test):
    prediction = model(x_test)
    predicted_classes = prediction.max(1)[1]
    correct_count = (predicted_classes == y_test).sum().item()
    cost = F.cross_entropy(prediction, y_test)

    print('Accuracy: {}% Cost: {:.6f}'.format(
         correct_count / len(y_test) * 100, cost.item()
    ))

# %% cell 9
train(model, optimizer, x_train, y_train)

# %% cell 10
test(model, optimizer, x_test, y_test)

# %% cell 11
model = SoftmaxClassifierModel()

# %% cell 12
optimizer = optim.SGD(model.parameters(), lr=1e5)

# %% cell 13
train(model, optimizer, x_train, y_train)

# %% cell 14
model = SoftmaxClassifierModel()

# %% cell 15
optimizer = optim.SGD(model.parameters(), lr=1e-10)

# %% cell 16
train(model, optimizer, x_train, y_train)

# %% cell 17
model = SoftmaxClassifierModel()

# %% cell 18
optimizer = optim.SGD(model.parameters(), lr=1e-1)

# %% cell 19
train(model, optimizer, x_train, y_train)

# %% cell 20
x_train = torch.FloatTensor([[73, 80, 75],
                             [93, 88, 93],
                             [89, 91, 90],
                             [96, 98, 100],
                             [73, 66, 70]])
y_train = torch.FloatTensor([[152], [185], [180], [196], [142]])

# %% cell 21
mu = x_train.mean(dim=0)

# %% cell 22
sigma = x_train.std(dim=0)

# %% cell 23
norm_x_train = (x_train - mu) / sigma

# %% cell 24
print(norm_x_train)

# %% cell 25
class MultivariateLinearRegressionModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(3, 1)

    def forward(self, x):
        return self.linear(x)

# %% cell 26
model = MultivariateLinearRegressionModel()

# %% cell 27
optimizer = optim.SGD(model.parameters(), lr=1e-1)

# %% cell 28
def train(model, optimizer, x_train, y_train):
    nb_epochs = 20
    for epoch in range(nb_epochs):

        # H(x) 계산
        prediction = model(x_train)

        # cost 계산
        cost = F.mse_loss(prediction, y_train)

        # cost로 H(x) 개선
        optimizer.zero_grad()
        cost.backward()
        optimizer.step()

        print('Epoch {:4d}/{} Cost: {:.6f}'.format(
            epoch, nb_epochs, cost.item()
        ))

# %% cell 29
train(model, optimizer, norm_x_train, y_train)

# %% cell 30
def train_with_regularization(model, optimizer, x_train, y_train):
    nb_epochs = 20
    for epoch in range(nb_epochs):

        # H(x) 계산
        prediction = model(x_train)

        # cost 계산
        cost = F.mse_loss(prediction, y_train)

        # l2 norm 계산
        l2_reg = 0
        for param in model.parameters():
            l2_reg += torch.norm(param)

        cost += l2_reg

        # cost로 H(x) 개선
        optimizer.zero_grad()
        cost.backward()
        optimizer.step()

        print('Epoch {:4d}/{} Cost: {:.6f}'.format(
            epoch+1, nb_epochs, cost.item()
        ))

# %% cell 31
model = MultivariateLinearRegressionModel()

# %% cell 32
optimizer = optim.SGD(model.parameters(), lr=1e-1)

# %% cell 33
train_with_regularization(model, optimizer, norm_x_train, y_train)
