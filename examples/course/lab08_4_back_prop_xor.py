# lab-08_4_mnist_back_prop.ipynb of deeplearningzerotoall/PyTorch (commit 0e11245), ADAPTED to XOR.
# The notebook trains a 784-30-10 network on MNIST, which needs torchvision and a download.
# Here its code runs on XOR's four points with a 2-2-1 network: cells 1, 2, 6, 7 and 8 are the
# notebook's; in cells 0, 3, 4, 5 and 9 the MNIST dataset, loader and sizes are replaced by
# XOR's (marked "XOR:"), and the evaluation prints how many of the four points are right.
# Run: python examples/course/notebook.py [--engine minigrad|torch] examples/course/lab08_4_back_prop_xor.py

# %% cell 0
# Lab 10 MNIST and softmax
import torch
# XOR: no torchvision

# %% cell 1
device = 'cuda' if torch.cuda.is_available() else 'cpu'

# for reproducibility
torch.manual_seed(777)
if device == 'cuda':
    torch.cuda.manual_seed_all(777)

# %% cell 2
# parameters
learning_rate = 0.5
batch_size = 10

# %% cell 3
# XOR: the four points instead of the MNIST dataset
X = torch.FloatTensor([[0, 0], [0, 1], [1, 0], [1, 1]]).to(device)
Y = torch.FloatTensor([[0], [1], [1], [0]]).to(device)

# %% cell 4
# XOR: the whole data set is one batch (no DataLoader)
batch_size = len(X)

# %% cell 5
# XOR: sizes 2-2-1 instead of 784-30-10
w1 = torch.nn.Parameter(torch.Tensor(2, 2)).to(device)
b1 = torch.nn.Parameter(torch.Tensor(2)).to(device)
w2 = torch.nn.Parameter(torch.Tensor(2, 1)).to(device)
b2 = torch.nn.Parameter(torch.Tensor(1)).to(device)

# %% cell 6
torch.nn.init.normal_(w1)
torch.nn.init.normal_(b1)
torch.nn.init.normal_(w2)
torch.nn.init.normal_(b2)

# %% cell 7
def sigmoid(x):
    #  sigmoid function
    return 1.0 / (1.0 + torch.exp(-x))
    # return torch.div(torch.tensor(1), torch.add(torch.tensor(1.0), torch.exp(-x)))

# %% cell 8
def sigmoid_prime(x):
    # derivative of the sigmoid function
    return sigmoid(x) * (1 - sigmoid(x))

# %% cell 9
# XOR: the notebook's loop over MNIST batches becomes a loop over the one XOR batch, and
# the evaluation counts the points predicted right (y_pred > 0.5) instead of argmax
i = 0
while not i == 10000:  # noqa: SIM201 - the notebook's code
    i += 1

    # forward
    l1 = torch.add(torch.matmul(X, w1), b1)
    a1 = sigmoid(l1)
    l2 = torch.add(torch.matmul(a1, w2), b2)
    y_pred = sigmoid(l2)

    diff = y_pred - Y

    # Back prop (chain rule)
    d_l2 = diff * sigmoid_prime(l2)
    d_b2 = d_l2
    d_w2 = torch.matmul(torch.transpose(a1, 0, 1), d_l2)

    d_a1 = torch.matmul(d_l2, torch.transpose(w2, 0, 1))
    d_l1 = d_a1 * sigmoid_prime(l1)
    d_b1 = d_l1
    d_w1 = torch.matmul(torch.transpose(X, 0, 1), d_l1)

    w1 = w1 - learning_rate * d_w1
    b1 = b1 - learning_rate * torch.mean(d_b1, 0)
    w2 = w2 - learning_rate * d_w2
    b2 = b2 - learning_rate * torch.mean(d_b2, 0)

    if i % 1000 == 0:
        l1 = torch.add(torch.matmul(X, w1), b1)
        a1 = sigmoid(l1)
        l2 = torch.add(torch.matmul(a1, w2), b2)
        y_pred = sigmoid(l2)
        acct_mat = (y_pred > 0.5).float() == Y
        acct_res = acct_mat.sum()
        print(acct_res.item())

    if i == 10000:
        break
