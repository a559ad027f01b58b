"""Views, version counters and in-place ops against torch, program by program.

Each program is a few lines written once against ``torch`` (run with ``torch`` bound to torch,
then to minigrad). After every line the test compares what a user sees: the printed values
of the expressions marked ``?``, the exception class and message of a line that raises, and
the warnings. These are the cases the fidelity issue named; the differential fuzzer
(tests/test_fuzz.py) draws random programs over the same surface.
"""

from __future__ import annotations

import warnings

import pytest

import minigrad

torch = pytest.importorskip("torch")

PROGRAMS = {
    "one-element indexing is a view": """
c = torch.tensor([3., 4.]); v = c[0]; c.mul_(10)
?v
c[1].zero_()
?c
""",
    "a slice written in place is seen by a saved tensor": """
w = torch.tensor([1., 2.], requires_grad=True); c = torch.tensor([3., 4.])
y = w * c; c[0:1].mul_(10)
y.sum().backward()
""",
    "in-place on a graph tensor is recorded": """
w = torch.tensor([1., 2.], requires_grad=True)
y = w * 2; y.add_(1); y.sum().backward()
?w.grad
?y
""",
    "a grad-requiring operand makes a plain tensor part of the graph": """
w = torch.tensor([1., 2.], requires_grad=True); a = torch.zeros(2); a.add_(w)
?a
a.sum().backward()
?w.grad
""",
    "add with alpha is one node, backward twice": """
a = torch.ones(3, requires_grad=True); b = a.add(a, alpha=2); s = b.sum()
s.backward(retain_graph=True); s.backward()
?a.grad
?b
""",
    "writing through a view of a graph tensor (CopySlices)": """
w = torch.tensor([1., 2., 3.], requires_grad=True)
b = w * 2; v = b[0:2]; u = b[1:]
v.mul_(10)
?v
?b
?u
b.sum().backward()
?w.grad
""",
    "setitem on a graph tensor": """
w = torch.ones(2, 3, requires_grad=True); y = w * 1; y[0] = 5
?y
y.sum().backward()
?w.grad
""",
    "advanced setitem with a grad-requiring value": """
w = torch.ones(3, requires_grad=True); y = w * 1
v = torch.tensor([7., 8.], requires_grad=True)
y[torch.tensor([0, 2])] = v
?y
y.sum().backward()
?w.grad
?v.grad
""",
    "detach shares the version counter, .data does not": """
x = torch.ones(2, requires_grad=True); y = x * x
x.data.mul_(2)
?x._version
y.sum().backward()
?x.grad
x2 = torch.ones(2, requires_grad=True); y2 = x2 * x2
x2.detach().mul_(2)
?x2._version
y2.sum().backward()
""",
    "an output saved for backward, then written": """
w = torch.ones(3, requires_grad=True); y = w.exp(); z = y * 2; y.add_(1)
z.sum().backward()
""",
    "a view of a leaf that requires grad": """
w = torch.ones(3, requires_grad=True)
w[0:2].mul_(2)
""",
    "a view made under no_grad, written with grad on": """
x = torch.ones(3, requires_grad=True)
with torch.no_grad(): v = x[0:2]
?v.requires_grad
v.mul_(2)
""",
    "expanded memory cannot be written": """
x = torch.ones(3).expand(2, 3)
x.add_(1)
""",
    "in-place result must fit the tensor": """
torch.ones(2).add_(torch.ones(3, 2))
torch.ones(2, dtype=torch.long).add_(1.5)
""",
    "view, reshape and the layout": """
x = torch.ones(2, 3); t = x.t()
?t.is_contiguous()
?t.contiguous().is_contiguous()
t.view(6)
?t.reshape(6)
y = x.view(6); y[0] = 5
?x
?y._base is x
?x.data_ptr() == y.data_ptr()
""",
    "node names of views": """
w = torch.ones(2, 3, requires_grad=True)
?w.t().reshape(6)
?w.reshape(6)
?w.squeeze(0)
?w.permute(1, 0)
?w[0]
?w[0, 1]
?w[:, 1:]
?w[None]
?w[...]
?w[[0, 1]]
?w.T
?w.flatten()
?w.unsqueeze(0).expand(2, 2, 3).sum()
""",
    "bad view arguments": """
x = torch.ones(3)
x[::-1]
x.squeeze(5)
x.sum((0, 0))
x.permute(0, 0)
torch.ones(2, 1).expand(3, -1)
x[5]
x[0, 0]
torch.FloatTensor(2.5)
""",
    "shapes and dtypes print as torch's": """
x = torch.ones(3, 1)
?x.shape
?x.size()
?x.dtype
?x.device
?x.size(0)
?x.shape[1:]
?torch.DoubleTensor([0.1]).item()
""",
    "dtype rules": """
i = torch.tensor([1, -2]); b = torch.tensor([True, False]); f = torch.tensor([1.5, -2.])
?i.exp()
?b.sigmoid()
?b.sign()
?b.sum()
?torch.cat([i, f])
?torch.stack([i, f])
w = torch.tensor([1.5], requires_grad=True)
?w.to(torch.int64) * 2
i ** -1
b.abs()
-b
""",
    "sign and abs at nan": """
w = torch.tensor([float('nan'), -0.0, 0.0], requires_grad=True)
?w.sign()
w.abs().sum().backward()
?w.grad
""",
    "no numpy warnings where torch is silent": """
?torch.tensor([3e38]) * 10
?torch.tensor([100.]).exp()
?torch.tensor([-1.]).log()
?torch.tensor([0.]) / 0
w = torch.tensor([3e38], requires_grad=True); (w * 10).sum().backward()
?w.grad
""",
    "a tensor used three times": """
w = torch.tensor([0.1, 0.7, 1.3], requires_grad=True)
y = (w * 0.3 + w * 0.7 + w * 1.1) * w
y.sum().backward()
?w.grad.tolist()
""",
    "views get a fresh node after any write to their memory": """
v1 = torch.tensor([0.0, 0.5], requires_grad=True)
v5 = torch.squeeze(v1, -1)
with torch.no_grad(): v1[:] = 3
?v5
v5.sum().backward()
?v1.grad
w = torch.ones(2, 3, requires_grad=True); v = w.t(); o = torch.optim.SGD([w], lr=0.1)
(v * 2).sum().backward(); o.step()
?v
u = torch.ones(3, requires_grad=True); uv = u[1:]; u.detach().add_(1)
?uv
""",
    "iteration, requires_grad_ and setitem values": """
v2 = torch.tensor([[[0.5, 1.33], [-0.0, 2.0]]], requires_grad=True)
parts = list(v2)
?parts
parts[0].sum().backward()
?v2.grad
v4 = v2 * 2
v4.requires_grad_()
v4.requires_grad_(False)
d = torch.tensor([2.004991091085939, 1.0], dtype=torch.float64)
with torch.no_grad(): d[None] = 0.1
?d.tolist()
r = torch.zeros(4, 3, requires_grad=True)
with torch.no_grad(): r[2] = torch.tensor([[2.0]])
?r
""",
    "batches of grad-requiring tensors are stacked": """
v1 = torch.tensor([-0.92, -0.0], requires_grad=True)
ds = torch.utils.data.TensorDataset(v1, v1 * 2)
?[(x, y) for x, y in torch.utils.data.DataLoader(ds, batch_size=1)]
""",
    "random and constant fills record their node": """
v8 = torch.tensor([[1.0, -2.0], [-0.5, 1.0]], dtype=torch.float64, requires_grad=True) * 2
torch.manual_seed(0)
?v8.normal_()
?v8.uniform_()
?v8.fill_(0.0)
?v8.fill_(torch.tensor(2.))
?v8.zero_()
""",
    "one product keeps its sign; ints beside lists index first": """
?torch.tensor([[-0.0], [1.0]]) @ torch.tensor([[3.0, -3.0]])
v4 = torch.zeros(3, 2, 1, dtype=torch.int64)
?v4[2, :2:2, [0, 0]].shape
?v4[None, 1, :, [0]].shape
?v4[[0, 1], :, 0].shape
w = torch.ones(3, 2, 2, requires_grad=True)
w[1, :, [0, 0]].sum().backward()
?w.grad
""",
    "a sum of products starts from +0.0 except in a gemm of one inner product": """
?torch.matmul(torch.tensor([-0.5]), torch.tensor([0.0]))
?torch.mm(torch.tensor([[-0.5]]), torch.tensor([[0.0, -0.0]]))
?torch.mm(torch.tensor([[-0.5], [1.0]]), torch.tensor([[0.0, -0.0]]))
?torch.tensor([[[-0.5]], [[1.0]]]) @ torch.tensor([[0.0]])
?torch.nn.functional.linear(torch.tensor([[[-0.5]]]), torch.tensor([[0.0], [1.0], [-0.0]]))
""",
    "a bound equal to the value keeps the value (signed zeros), a nan bound gives nan": """
x = torch.tensor([-0.0, 0.0, 1.0, float('nan'), -5.0])
?x.clamp_max(0.0)
?x.clamp_min(0.0)
?x.clamp(0.0, 0.0)
?x.clamp(2, 1)
?x.clamp_min(float('nan'))
?torch.maximum(torch.tensor([-0.0, 0.0]), torch.tensor([0.0, -0.0]))
?torch.minimum(torch.tensor([-0.0, 0.0]), torch.tensor([0.0, -0.0]))
""",
    "copy_ of a Python number keeps its precision": """
d = torch.tensor([2.0], dtype=torch.float64); d.copy_(0.1)
?d.tolist()
i = torch.zeros(2, dtype=torch.int64); i.copy_(2.7)
?i
""",
    "the other operand aliasing the target is saved as it is; self is not": """
w = torch.tensor([1., 2.], requires_grad=True)
y = w * 2; y.mul_(y); y.sum().backward()
y = w * 2; y.div_(y); y.sum().backward()
y = w * 2; y.sub_(y); y.sum().backward()
?w.grad
""",
    "a saved 0-d softmax output written in place; a second pass through CopySlices": """
a = torch.tensor(-0.5, dtype=torch.float64, requires_grad=True)
s = torch.nn.functional.softmax(a, dim=0); s /= -2.5; s.sum().backward()
b = torch.ones(2, 3, requires_grad=True); e = b.exp(); e.view(-1)[1:].fill_(2.0)
m = e.mean(); m.backward()
m.backward()
""",
    "a version error names CopySlices as torch's name() does": """
v2 = torch.tensor([[1.0, -1.0], [2.0, -1.0]], dtype=torch.float64, requires_grad=True)
v3 = v2.std(); v3 *= v3
v6 = torch.unsqueeze(v3, 0); v6.zero_()
?v3.grad_fn.name()
v6.sum().backward()
""",
    "leaves finished before a node raises keep their gradients": """
v1 = torch.tensor([-0.5, 1.5], requires_grad=True)
v2 = torch.tensor([[1.0, -1.0], [2.0, -1.0]], dtype=torch.float64, requires_grad=True)
v3 = v2.std(); v3 *= v3
v6 = torch.unsqueeze(v3, 0); v8 = -v1; v11 = v8 + v6
?[f.name() for f, _ in v11.grad_fn.next_functions]
v11.backward(gradient=torch.tensor([0.0, -1.0], dtype=torch.float64))
?v1.grad
?v2.grad
""",
    "type promotion records no cast node; gradients come back in each input's dtype": """
a = torch.tensor([1., 2.], requires_grad=True)
b = torch.tensor([3., 4.], dtype=torch.float64, requires_grad=True)
y = a * b
?[f.name() for f, _ in y.grad_fn.next_functions]
z = 1 / torch.tensor([1, 2])
(y.sum() + (2 / a).sum()).backward()
?a.grad
?b.grad
""",
    "a bool exponent's gradient is refused in backward, as torch's b - 1": """
w = torch.tensor([1.0, 2.0], requires_grad=True)
p = torch.pow(w, torch.tensor([True, False])); p.sum().backward()
?w.grad
""",
    "cross_entropy checks log_softmax's dtype before the target's shape": """
torch.nn.functional.cross_entropy(torch.zeros(3, 3, 2, dtype=torch.int64), torch.tensor(1))
torch.nn.functional.cross_entropy(torch.zeros(3, 2, dtype=torch.int64), torch.zeros(3, 2))
""",
    "an index out of bounds names its position in the index": """
x = torch.zeros(2, 3, 4)
x[None, 3]
x[0, None, 5]
x[..., 7]
x[None, ..., 9] = 1.0
""",
    "the outputs of unbind cannot be written in place, and go invalid when their memory is": """
w = torch.tensor([[0.0, 2.2], [-1.0, 0.5]], requires_grad=True)
y = w * 1
a, b = y.unbind()
a.mul_(2)
with torch.no_grad(): y.mul_(2)
?b
b + 1
rows = list(w)
torch.nn.init.ones_(w)
?rows
x = torch.tensor([[0.0, 2.2], [-1.0, 0.5]])
c, d = x.unbind()
c.mul_(2)
?d
x.requires_grad_()
with torch.no_grad(): x.mul_(2)
?d
""",
    "in-place add/sub with alpha: the result's cast is checked before alpha": """
m = torch.tensor(True)
m.add_(torch.tensor(-1), alpha=0.5)
m.sub_(torch.tensor(-1), alpha=0.5)
i = torch.tensor([1, 2])
i.add_(torch.tensor([1.5, 2.0]), alpha=2)
i.add_(torch.tensor([1, 2]), alpha=0.5)
""",
    "empty int and bool tensors: softmax and products run no kernel": """
?torch.tensor([], dtype=torch.bool).softmax(0)
?torch.zeros(0, 3, dtype=torch.int64).log_softmax(-1)
?torch.zeros(2, 0).bool() @ torch.zeros(0, 3).bool()
?torch.zeros(0).bool() @ torch.zeros(0, 2).bool()
torch.zeros(0).bool() @ torch.zeros(0).bool()
torch.zeros(2, 3).bool() @ torch.zeros(3).bool()
?(torch.zeros(1, 0, 0) @ torch.zeros(0, 1)).shape
?torch.nn.functional.linear(torch.zeros(1, 0, 0), torch.zeros(2, 0)).shape
""",
    "mse_loss saves its input and target; a version error names ClampBackward1 Clamp1": """
w = torch.tensor([1.0, -2.0], requires_grad=True)
t = torch.tensor([0.5, 0.5]) * w
loss = torch.nn.functional.mse_loss(w * 2, t)
t.mul_(3)
loss.backward()
y = (w * 1).clamp_(-1.0, 1.0)
z = y.exp(); y.mul_(2)
z.sum().backward()
""",
    "a view that asked for grad itself accumulates it": """
v = torch.zeros(1, 2).sqrt().reshape((2, -1))
v.requires_grad_()
v.abs().sum().backward()
?v.grad
""",
    "a view reports its base's requires_grad, whatever its own flag": """
x = torch.tensor([1.5], dtype=torch.float64)
u = torch.unsqueeze(x, -2)
x.requires_grad_()
?u
(u * 2).sum().backward()
?u.grad
?x.grad
w = torch.tensor([[-2.4, -3.0]], requires_grad=True)
with torch.no_grad(): t = w.transpose(0, 0)
t.requires_grad_(False)
?t
""",
    "a view made from a base that needed no grad is a leaf of its own": """
b = torch.tensor([[[True, True, True]], [[True, False, False]]])
y = torch.nn.functional.linear(torch.exp(b), torch.tensor([[1.0, -1.0, 1.5]]), torch.tensor([-1.7]))
y.requires_grad = True
y.abs().sum().backward()
with torch.no_grad(): y -= 0.1 * y.grad
?y
?y.is_leaf
""",
    "views of a view made under no_grad: torch's messages name them": """
w = torch.rand(5, 4, dtype=torch.float64, requires_grad=True)
with torch.no_grad(): e = w.expand(5, -1)
r = e.reshape((2, 10))
r.mul_(2)
s = e[0]
s.mul_(2)
with torch.no_grad(): w.mul_(2)
r.grad_fn
s.grad_fn
""",
    "writes into bool or int tensors are not recorded; var saves no result, std does": """
w = torch.tensor([-1.69], dtype=torch.float64, requires_grad=True)
m = torch.tensor([[False, True, False], [True, True, True]])
m.copy_(w)
?m
?torch.ones(2).copy_(w.float().expand(2)).grad_fn.name()
x = torch.tensor([[[3.0, -2.8], [1.2, -2.1]], [[-0.3, 1.6], [1.1, -3.0]]], dtype=torch.float64)
x.requires_grad_()
v = x.var(0, keepdim=True); n = torch.neg(v)
with torch.no_grad(): v[0, -1, -1].zero_()
n.sum().backward()
?x.grad
s = x.std(); s.mul_(2)
s.backward()
""",
    "boolean-mask indexing saves its index; gradients of a replaced .data are checked": """
w = torch.ones(2, 2, dtype=torch.float64, requires_grad=True)
p = w.reshape((-1,)); q = p[p > 0]; m = q.mean()
m.backward()
m.backward()
e = torch.ones(0, dtype=torch.float64, requires_grad=True)
f = e[e > 0]
f.data = torch.tensor([1.5], dtype=torch.float32)
f.mean().backward()
u = torch.tensor([[[-2.57], [0.0]], [[1.0], [2.0]]], dtype=torch.float64, requires_grad=True)
v = u.var(-3, keepdim=True)
with torch.no_grad(): v.data = torch.tensor(3.0)
v.backward(gradient=torch.tensor(-2.25))
""",
    "losses broadcast their operands as torch does (expand, then promote)": """
a = torch.ones(3, 2, requires_grad=True)
t = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
?torch.nn.functional.l1_loss(a, t, reduction='sum')
?[f.name() for f, _ in torch.nn.functional.mse_loss(a, t).grad_fn.next_functions]
torch.nn.functional.mse_loss(a, t).backward()
?t.grad
""",
    "nll_loss's target checks for every input rank": """
torch.nn.functional.nll_loss(torch.zeros(0, 1, 1), torch.tensor(0))
torch.nn.functional.nll_loss(torch.zeros(0, 1), torch.tensor(0))
torch.nn.functional.nll_loss(torch.zeros(2, 3, 4, 5), torch.zeros(2, 4, 6, dtype=torch.long))
torch.nn.functional.nll_loss(torch.zeros(2, 3, 4, 5), torch.zeros(2, 4, dtype=torch.long))
torch.nn.functional.nll_loss(torch.zeros(2, 3, 4), torch.zeros(2, 4, 5, dtype=torch.long))
""",
    "a bool base to a tensor power: torch's backward fails (reproduced)": """
w = torch.tensor([-1.8, 0.5], dtype=torch.float64, requires_grad=True)
(False ** w).sum().backward()
(2 ** w).sum().backward()
?w.grad
""",
    "reshape of a viewable non-contiguous tensor is torch's _reshape_alias": """
x = torch.ones(2, 3, requires_grad=True)
?x.t().reshape(3, 1, 2).grad_fn.name()
?x[None].reshape(2, 3).grad_fn.name()
?x.t().flatten().grad_fn.name()
""",
    "setitem with an advanced index checks the value against the indexing result": """
x = torch.zeros(2, 3, 1)
x[[-1, -1], 1] = torch.ones(1, 2, 1)
x[[-1, -1], 1] = torch.ones(2, 3, 1, 1)
x[[0, 1]] = torch.ones(5, dtype=torch.float64)
?x
""",
    "a softmax's dim is checked before its dtype; a Parameter formats as an object": """
torch.nn.functional.log_softmax(torch.tensor(False), dim=1)
p = torch.nn.Parameter(torch.tensor(1.5))
?format(p, '')
format(p, '.2f')
?format(torch.tensor(1.5), '.2f')
""",
    "F.linear takes torch's fused path only for a contiguous input and a 1-D bias": """
v = torch.tensor([0.5], dtype=torch.float64, requires_grad=True)
W = torch.tensor([[-3.0, 0.5, -1.0]], dtype=torch.float64, requires_grad=True)
B = torch.tensor([-5.0], dtype=torch.float64)
?torch.nn.functional.linear(v.expand(3), W, B)
?torch.nn.functional.linear(v.expand(3) * 1, W, B)
?[f.name() for f, _ in torch.nn.functional.linear(v.expand(3) * 1, W, B).grad_fn.next_functions]
?torch.nn.functional.linear(torch.ones(2, 2, 3, dtype=torch.float64).transpose(0, 1), W, B)
?torch.nn.functional.linear(torch.ones(2, 2, 3, dtype=torch.float64), W, torch.tensor(1.0))
""",
    "a number fill may write an expanded tensor; other in-place ops may not": """
w = torch.tensor([[[0.5], [-0.4]]], requires_grad=True)
e = w.expand(2, 2, 1)
e.detach().zero_()
e.detach().fill_(2.0)
?w
e.detach().fill_(torch.tensor(3.0))
e.detach().mul_(2)
""",
    "full overlap is no overlap; leading ones of a value are dropped; 0-d takes no list": """
v = torch.tensor([[0.25], [0.91], [-2.5]])
v[None] = v
?v
v[None] = v.t()
x = torch.tensor(1.0)
x[[-1, -1]] = 2.0
x[[0]]
""",
    "softmax results are contiguous; a detach_()ed base keeps its views' refusals": """
w = torch.tensor([[0.25, -1.4, -0.0], [-3.0, 0.25, -3e-23]], dtype=torch.float64)
?w.softmax(-2).is_contiguous()
?w.t().log_softmax(-1).is_contiguous()
z = torch.zeros(3, 2, 3, requires_grad=True)
r = z.reshape((3, 2, 3))
z.detach_()
r.zero_()
?z.requires_grad
""",
    "SGD reads every momentum buffer before updating (a parameter listed twice)": """
a = torch.tensor([1.39, 0.001], requires_grad=True)
b = torch.tensor([0.5, 0.5], requires_grad=True)
loss = torch.nn.functional.mse_loss(b, a.to(dtype=torch.float32))
opt = torch.optim.SGD([a, b, a], lr=0.1, momentum=0.5, nesterov=True)
loss.backward()
opt.step()
?a
opt.step()
?a
""",
    "addmm sums from the first product on its gemv path and for one product": """
z = torch.zeros(2, 3); n = torch.full((2, 3), -0.0); b = torch.full((2,), -0.0)
?torch.nn.functional.linear(z[:1, :1], n[:1, :1], b[:1])
?torch.nn.functional.linear(z[:1], n, b)
?torch.nn.functional.linear(z, n[:1], b[:1])
?torch.nn.functional.linear(z, n, b)
?torch.nn.functional.linear(z[:, :1], n[:, :1], b)
?torch.mm(z[:1], n.t())
?torch.mm(z[:, :1], n[:, :1].t())
""",
    "linear's addmm takes bias, input and the weight's transpose, as torch's node": """
x = torch.ones(2, 2, requires_grad=True)
w = torch.ones(3, 2, requires_grad=True)
b = torch.ones(3, requires_grad=True)
names = lambda t: [(f.name() if f is not None else None) for f, _ in t.grad_fn.next_functions]
?names(torch.nn.functional.linear(x, w, b))
?names(torch.nn.functional.linear(x.detach(), w.detach(), b))
torch.nn.functional.linear(x, w, b).sum().backward()
?w.grad
?x.grad
""",
    "comparisons promote as arithmetic does; full-slice setitem writes self, 0-d values fill": """
v = torch.tensor([[[-3.0, 0.0, 0.25]]])
?v == torch.tensor(-9.1e-182, dtype=torch.float64)
?v >= torch.tensor(1e-300, dtype=torch.float64)
s = torch.tensor(-3.0, dtype=torch.float64, requires_grad=True)
a = torch.ones(2, 2, 3, dtype=torch.float64); a[:] = s
?a.grad_fn.name()
c = torch.ones(2, 3, dtype=torch.float64); c[0] = s
?c.grad_fn.name()
(a.sum() + c.sum()).backward()
?s.grad
""",
    "0-d results saved for backward are the results (.data writes seen); pow of signed zeros": """
w = torch.tensor(-1.41, dtype=torch.float64, requires_grad=True)
y = torch.nn.Sigmoid()(torch.sigmoid(w)); y.data.mul_(2.0)
torch.neg(y).mean().backward()
?w.grad
n = torch.norm(torch.zeros((), dtype=torch.float64, requires_grad=True)); n.zero_()
n.sum().backward()
?torch.pow(torch.tensor([-0.0, 0.0, -0.0, -0.0]), torch.tensor([3.0, 3.0, 2.0, 0.5]))
?torch.sigmoid(torch.ones(2, 3).t()).is_contiguous()
""",
    "CopySlices lists the op's number input; an empty dimension's index error comes first": """
w = torch.tensor([0.25, 0.5, -1.5], dtype=torch.float64, requires_grad=True)
a = abs(w); t = torch.t(a); t *= -2.5
?[(f.name() if f is not None else None) for f, _ in a.grad_fn.next_functions]
e = 2.0 / torch.zeros(0, 0, dtype=torch.float64, requires_grad=True)
e[[0, 0], 0:2] = torch.ones(1, 1)
x = torch.zeros(3, 2)
x[[5, 0]] = torch.ones(2, dtype=torch.float64)
""",
    "integer overflow in constructors, a leaf before a bool operand, bool tensors' name": """
torch.LongTensor([3.0, 1e20])
torch.tensor([2**63], dtype=torch.int64)
w = torch.ones(2, dtype=torch.float64, requires_grad=True)
w -= torch.tensor(True)
m = torch.tensor([True, True]); y = w.mul(m); m.zero_()
y.mean().backward()
""",
    "an advanced-index assignment refuses a value sharing the tensor's memory first": """
v = torch.tensor([[3.0, 2.0, 1.0]])
v[None, [1, 1]] = v
v[[0]] = v
v[[0]] = v.clone()
?v
""",
    "retain_grad follows a tensor through an in-place write": """
w = torch.tensor([[[3.0, -0.5]]], dtype=torch.float64, requires_grad=True)
y = w * 2; y.retain_grad(); y.sub_(torch.tensor([2.0], dtype=torch.float64))
?y.retains_grad
torch.nn.functional.mse_loss(y, torch.tensor([[[3.0, 0.25]]], dtype=torch.float64)).backward()
?y.grad
b = torch.tensor([1., 2.], requires_grad=True) * 1; b.retain_grad(); b[0:1].mul_(3)
?b.retains_grad
b.sum().backward()
?b.grad
""",
    "a leaf's .data of another shape: the accumulator keeps the shape a graph saw": """
a = torch.tensor([[-2.0, -0.0], [-0.92, 3.0]], dtype=torch.float64, requires_grad=True)
c = a.clone()
a.data = torch.tensor([0.5, 0.0], dtype=torch.float32)
torch.nn.functional.mse_loss(c, c).backward()
w = torch.ones(1, 2, requires_grad=True)
y = w * 3
w.data = torch.ones(2, 2)
y.sum().backward()
?w.grad
u = torch.ones(2, requires_grad=True)
u.data = torch.ones(3)
(u * 3).sum().backward()
?u.grad
""",
    "an index mixing ints or partial slices with lists writes through a view first": """
w = torch.rand(2, 5, requires_grad=True)
d = w.to(dtype=torch.float64)
d[[1, 1], -3] = -0.5
?d.grad_fn.name()
d.sum().backward()
?w.grad
p = torch.nn.Parameter(torch.tensor([[0.25, -0.46], [-2.0, -1.0]]))
p[0:, [-1, -1]] = -0.0
p[1:, [-1, -1]] = -0.0
x = torch.arange(24.).reshape(2, 3, 4)
x[[0, 1], 1, [2, 3]] = torch.tensor([-1., -2.])
x[:, [0, 2], 1:3] = 7.0
x[0, ..., [1]] = 5.0
?x
y = torch.zeros(3, 4)
y[torch.tensor([True, False, True]), 1:] = 2.0
y[None, [0, 1]] = 3.0
?y
""",
    "nll_loss compares the batch sizes before it refuses a non-float input": """
torch.nn.functional.nll_loss(torch.zeros(1, 3, 3, dtype=torch.bool), torch.tensor(1))
torch.nn.functional.nll_loss(torch.zeros(2, 3, dtype=torch.bool), torch.tensor([1, 0, 1]))
torch.nn.functional.nll_loss(torch.zeros(2, 3, dtype=torch.bool), torch.tensor([1, 0]))
""",
    "random fills write in memory order": """
x = torch.ones(2, 1, 3, dtype=torch.int64).permute(2, 1, 0).exp()
torch.manual_seed(1); x.uniform_(-1, 1)
?x
y = torch.zeros(5, 4).t()
torch.manual_seed(2); y.normal_()
?y
torch.manual_seed(3); torch.nn.init.normal_(y)
?y
""",
    "a second ... moves torch's dimension pointer past the dimensions there are": """
v = torch.tensor([[[1.5, -0.5], [0.0, 2.8]]], requires_grad=True) * 1
?v[..., 1:, ...]
?v[..., 0, ..., :]
?v[..., ..., :1]
?v[..., None, ...]
?v[0, ..., ...]
?v[..., ..., -2]
?v[..., ..., 1:]
?v[..., 0, ..., 1:]
?v[..., ..., None]
?v[..., ..., True]
?v[..., ..., torch.tensor([True, False])]
?v[..., [0], ...]
v[..., ..., -2] = True
v[0, 0, ..., 0, ...] = 5
?v
s = torch.tensor(2.)
?s[..., ...]
""",
    "setitem compares sizes first, then drops a value's leading ones and expands it": """
v2 = torch.tensor([2.5, -3.0, -1.8], requires_grad=True)
v6 = v2.mean(dim=(0,), keepdim=True)
v6[:2:2] = v6
x = torch.tensor([1.0])
x[None] = x
y = torch.tensor([[1.0]])
y[0] = y
y[:, 0] = y
y[0, :] = y[0]
z = torch.tensor([[1.0], [2.0]])
z[:1] = z[:1].view(1, 1)
w = torch.tensor([1.0, 2.0, 3.0])
w[:1] = w[:1].reshape(1, 1)
u = torch.zeros(3, 1)
u[:, 0:1] = u.t().t()
u[0:1:2] = u[0:1]
?u
""",
    "a leaf whose .data changed dtype gets its gradient in the dtype the graph saw": """
v3 = torch.nn.Parameter(torch.tensor([-3.0, 4.0], dtype=torch.float32))
v4 = v3.sqrt()
v3.data = torch.tensor([1.5, 2.0], dtype=torch.float64)
v12 = v4.mean()
v12.backward(retain_graph=True)
?v3.grad
v12.backward()
?v3.grad
(v3 * 2).sum().backward()
?v3.grad
p = torch.nn.Parameter(torch.tensor([0.1, 4.0], dtype=torch.float64))
q = (p * torch.tensor([[1.0], [3.0]], dtype=torch.float64)).exp()
p.data = torch.tensor([1.5, 2.0], dtype=torch.float32)
q.sum().backward()
?p.grad
""",
    "var/std warn when there is no output element": """
v2 = torch.nn.Parameter(torch.zeros(0, 0, 2))
v6 = v2.var(-1, keepdim=False)
v7 = v2.std(-1, keepdim=True)
v8 = v2.var((0, 2))
v11 = torch.zeros(3, 0).var(1)
v15 = torch.zeros(0, 3).var(0)
v16 = torch.zeros(0, 3).var(1)
""",
    "an in-place op's node makes the tensor's dtype, and alpha is taken in the gradient's": """
v3 = torch.tensor([-0.623456789, 0.1], dtype=torch.float64, requires_grad=True)
v9 = torch.tensor([3.0, 1.0], dtype=torch.float32)
v9.add_(v3, alpha=3.0)
v9.sub_(v3 * 2, alpha=-1.7)
torch.nn.functional.mse_loss(v3, v9).backward()
?v3.grad
""",
    "pow's backward compares a 0-d float64 exponent with 0 before the promotion": """
v1 = torch.nn.Parameter(torch.tensor([[[-0.23279953002929688, -0.0, -3.0]]]))
v2 = torch.pow(v1, torch.tensor(7.491499344740904e-226, dtype=torch.float64))
v2.backward(torch.ones(1, 1, 3))
?v1.grad
""",
    "max(dim), gather and scatter save their indices: a second backward raises": """
v1 = torch.rand(2, 3, requires_grad=True)
v5 = torch.min(v1, -1)[0].mean()
v5.backward()
v5.backward()
v6 = v1.gather(1, torch.tensor([[0], [1]])).sum()
v6.backward()
v6.backward()
v7 = v1.scatter(1, torch.tensor([[0], [1]]), 2.0).sum()
v7.backward()
v7.backward()
""",
    "sum and mean with a dtype record one node on their input": """
v1 = torch.tensor([[0.25, 3.0]], dtype=torch.float32, requires_grad=True)
v5 = v1.sum(dtype=torch.float64)
?v5.grad_fn.next_functions[0][0].name()
v5.backward()
?v1.grad
v6 = v1.mean(1, dtype=torch.float64)
?v6.grad_fn.next_functions[0][0].name()
v6.sum().backward()
?v1.grad
v1.sum(dtype=torch.int64)
v1.mean(dtype=torch.int64)
?torch.tensor([True, False]).sum(dtype=torch.int32)
""",
    "views written while their base needed no grad get a history when it starts to": """
x = torch.zeros(3)
v = x[0:2]
w = v[1:]
a, b, c = x.unbind()
with torch.no_grad():
    n = x[1:]
x.add_(1)
x.requires_grad_()
?v.grad_fn.name()
?w
?a
?n
y = torch.zeros(3)
u = y[1:]
y.requires_grad_()
?u.grad_fn
""",
    "an index of several items is one view node per item, as torch applies it": """
v2 = torch.tensor([[[-0.0, 0.25], [1., 2.]]], requires_grad=True)
v5 = v2 * 2
v6 = v5[0, 1:, None, ..., 0]
names = lambda t: [(f.name() if f is not None else None) for f, _ in t.grad_fn.next_functions]
?v6
?names(v6)
?[f.name() for f, _ in v6.grad_fn.next_functions[0][0].next_functions]
?v6._base is v5
v6.sum().backward()
?v2.grad
?names(v5[:, :, 1])
?names(v5[0, 0, 0])
v5[0, 1] = 7
?names(v5)
?names(v5[..., 0, None])
""",
    "where saves its condition; a 0-d gradient stays 0-d after .data took shape (1,)": """
v1 = torch.tensor([3.0], dtype=torch.float64, requires_grad=True)
v12 = torch.where(v1 > 0, v1, 2).mean()
v12.backward()
v12.backward()
?v1.grad
c = torch.tensor([True, False])
w = torch.tensor([3.0, 1.0], requires_grad=True)
v4 = torch.where(c, w, 2)
?[(f.name() if f is not None else None) for f, _ in v4.grad_fn.next_functions]
c.fill_(False)
v4.sum().backward()
v2 = torch.tensor(1.3609750270843506, requires_grad=True)
v3 = -0.9665079712867737 - v2
v2.data = torch.tensor([2.6034626960754395])
torch.sum(v3).abs().sum().backward()
?v2.grad
p = torch.tensor([[1.3], [2.0]], requires_grad=True)
q = p * 2
p.data = torch.tensor([[2.6, 1.0]])
q.sum().backward()
?p.grad
""",
    "a cast or clone of an expanded tensor is row-major, as torch's empty_like": """
torch.manual_seed(2)
x = torch.rand(2, 1, 9, requires_grad=True)
t = torch.rand(3, 1, dtype=torch.float64)
l = torch.nn.functional.mse_loss(x, t, reduction="sum")
?l.item()
l.backward()
?x.grad.sum().item()
e = x.detach().expand(2, 3, 9)
?e.double().is_contiguous()
?e.clone().is_contiguous()
?e.clone().sum().item()
?e.t().double().is_contiguous() if e.dim() == 2 else e.transpose(0, 2).double().is_contiguous()
""",
    "a node whose gradient fails validation keeps what it saved (torch releases after)": """
v3 = torch.zeros(1, 0, 1, requires_grad=True)
v5 = torch.cat([torch.sign(v3), torch.sign(v3)], dim=-1)
v6 = v5.contiguous()
?v6 is v5
v5.data = torch.zeros(0, 2)
v9 = v6.abs().sum()
v9.backward()
v9.backward()
""",
    "an in-place op that computed in a promoted dtype saves self in its own dtype": """
v2 = torch.tensor(0.8590934872627258)
v3 = torch.tensor(1.5, dtype=torch.float64, requires_grad=True)
v2 *= v3
v2.reciprocal().sum().backward()
?v3.grad
u = torch.tensor([0.8590934872627258, 0.3])
p = torch.tensor([1.5, 2.7], dtype=torch.float64, requires_grad=True)
u.mul_(p)
u.div_(p * 3)
u.sum().backward()
?p.grad
""",
    "detach_ of a saved input, set_item's value without leading ones, data_ptr of empties": """
v1 = torch.tensor([-2.0], requires_grad=True)
v2 = torch.sigmoid(v1)
v3 = v2 * v2
v2.detach_()
v3.sum().backward()
w = torch.tensor([-2.0], requires_grad=True)
u = torch.sigmoid(w)
u.detach_()
(u * w).sum().backward()
?w.grad
x = torch.zeros(3, 4)
p = torch.tensor([[[1.0, 2.0]]], requires_grad=True)
x[[0, 2], 1] = p
?[(f.name() if f is not None else None) for f, _ in x.grad_fn.next_functions]
x.sum().backward()
?p.grad
y = torch.zeros(3, 4)
y[1] = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
?[(f.name() if f is not None else None) for f, _ in y.grad_fn.next_functions]
z = torch.tensor([[[0.25, 0.86, -0.0], [2.61, 1.0, 1.5], [-0.92, -0.5, -0.07]]])
z[-1, 1, [-1, -1]] = torch.ones(1, 3, 3)
?torch.zeros(2, 0, 2).neg().data_ptr() == (torch.zeros(0, 1) - torch.zeros(0, 1)).data_ptr()
?torch.zeros(0).data_ptr()
""",
    "a no_grad view that sets requires_grad itself accumulates; fill_ records on integers": """
v1 = torch.tensor([[[1.0, 7.5e-149], [-3.5e-100, -2.29]]], dtype=torch.float64, requires_grad=True)
with torch.no_grad():
    v4 = v1.squeeze()
v4.requires_grad = True
v4.mean().backward()
?v4.grad
?v1.grad
w = torch.tensor([1.0, 2.0], requires_grad=True)
with torch.no_grad():
    u = w[:1]
(u * 2).sum().backward()
?u.grad
?w.grad
b = torch.zeros(1, 2, 3, dtype=torch.bool)
p = torch.nn.Parameter(torch.tensor(0.0))
b[0] = p
?b.requires_grad
?b.grad_fn.name()
n = torch.zeros(3, dtype=torch.int64)
n.fill_(p)
?n.grad_fn.name()
m = torch.zeros(3, dtype=torch.int64)
m.copy_(torch.nn.Parameter(torch.tensor([0.5, 1.0, 2.0])))
?m.requires_grad
""",
    "an in-place op over the same memory with the same strides checks shapes next": """
v1 = torch.tensor([[-1.3e-149]], dtype=torch.float64)
v6 = v1[torch.tensor([0, -1])] >= torch.tensor(1.5)
v9 = torch.transpose(v6, -2, 1)
v9 *= v6
x = torch.zeros(2, 1)
x.t().add_(x)
""",
    "empty tensors through pow's backward and through linear layers": """
v1 = torch.zeros(0, 1, requires_grad=True)
(v1 ** 2).abs().sum().backward()
?v1.grad
v2 = torch.zeros(0, 2, requires_grad=True)
v4 = torch.nn.functional.linear(v2, torch.ones(3, 2), torch.ones(3))
?v4
v4.sum().backward()
?v2.grad
?torch.nn.functional.linear(torch.ones(4, 2), torch.zeros(0, 2), torch.zeros(0))
?torch.nn.functional.linear(torch.ones(2), torch.zeros(0, 2), torch.zeros(0))
?torch.nn.functional.linear(torch.ones(0), torch.zeros(3, 0), torch.ones(3))
""",
    "nll_loss saves its input; x[...] = v expands first; a .grad of another shape": """
v1 = torch.nn.Parameter(torch.tensor([[-0.5, 1.3, -1.0], [0.25, 1.6, -0.0], [0.003, -0.0, 0.49]]))
v4 = torch.mm(v1, torch.tensor([[1.3, 0.5], [-1.4, -2.0], [0.0, 0.001]]))
v7 = torch.nn.functional.nll_loss(v4, torch.tensor([1, 1, 1]))
v4[-2, 1].zero_()
v7.pow(0.0).sum().backward()
s = torch.tensor(0.3197, requires_grad=True)
s[...] = torch.tensor([[2.0], [-1.0]])
s[...] = torch.tensor([2.0])
p = torch.tensor([[[0.25, 2.0, 2.0]], [[-0.0, -2.8, 0.19]], [[1.5, 1.1, -0.09]]])
q = torch.tensor(-1.0, requires_grad=True)
q.sum().backward()
q.data = p
torch.nn.functional.mse_loss(q, torch.zeros(3, 1, 3)).backward()
?q.grad
""",
    "a leaf's .data replaced under a live graph: torch's nodes read the new values": """
w = torch.tensor([1.0, 2.0], requires_grad=True)
x = torch.tensor([3.0, 4.0], requires_grad=True)
y = (w * x).sum()
w.data = torch.tensor([10.0, 20.0])
y.backward()
?x.grad
?w.grad
v1 = torch.tensor([2.4e-109], dtype=torch.float64, requires_grad=True)
v2 = abs(v1)
v1.data = torch.tensor([-0.0])
v1.mean().backward()
?v1.grad
v2.sum().backward()
?v1.grad
v5 = torch.sigmoid(torch.tensor([[1.0, -1.6], [-1.0, 2.0]], requires_grad=True))
v5.retain_grad()
v7 = v5.sum()
v7.backward()
v7.backward()
?v5.grad
""",
    "mean's gradient is summed as the full tensor torch's division writes": """
v1 = torch.tensor(0.5, requires_grad=True)
(v1 + torch.ones(3, 2, 2, dtype=torch.bool)).mean().backward()
?v1.grad
b = torch.tensor([0.5], requires_grad=True)
torch.manual_seed(0); x = torch.rand(12, 1)
(x + b).mean().backward()
?b.grad
c = torch.tensor([0.5], requires_grad=True)
(x + c).sum().backward()
?c.grad
""",
    "a bool tensor to a bool power stays bool": """
v1 = torch.tensor([[[False, False], [True, True]]])
?v1 ** False
?v1 ** True
?v1 ** torch.tensor([True, False])
?torch.pow(v1, torch.tensor(False))
""",
    "cat skips legacy empty tensors; stack checks its dim first; 1-D @ 2-D is one write": """
v10 = torch.cat([torch.tensor([], dtype=torch.int64), torch.zeros(0, 2, 1), torch.tensor([])])
?v10
?torch.cat([torch.tensor([]), torch.ones(2, 2), torch.tensor([])], dim=1)
w = torch.ones(1, 2, requires_grad=True)
torch.cat([torch.tensor([]), w, torch.tensor([])]).sum().backward()
?w.grad
torch.stack([torch.tensor([0.0, 1.0]), torch.arange(3) < 2], dim=2)
v2 = torch.tensor([0.0, -1.5], requires_grad=True)
v5 = v2 @ torch.tensor([[1.0, -1.9, -1e30], [1.5, -0.5, 0.42]])
?v5._version
v5 *= v5
torch.tanh(v5).sum().backward(retain_graph=True)
""",
    "an integer tensor fill_ put in the graph: torch records no op on it": """
p = torch.nn.Parameter(torch.tensor(0.5))
v = torch.zeros(2, 3, dtype=torch.int64)
v[0] = p
v.sum()
v * 2
v[0]
v.t()
?v.float().grad_fn.name()
?(v * 2.5).dtype
?v.exp().grad_fn.name()
?(v == 1).requires_grad
""",
    "pow at a base of -inf as C's pow; a 0-d gradient summed where mean's view was": """
e = torch.tensor([0.5, 3.0, 2.0, -1.0, -0.5, -3.0, 0.0, float('nan'), float('inf'), -float('inf')])
?torch.tensor(-float('inf')) ** e
?torch.tensor([-float('inf')] * 10) ** e
?float('-inf') ** e
?float('-inf') ** torch.nn.Parameter(torch.tensor(0.5))
v1 = torch.tensor([[0.25, 1.4635112285614014]], requires_grad=True)
v3 = v1.min()
v10 = (-0.0 * v1.view((2, 1)))[0, -1]
v10.div_(v3)
torch.nn.functional.mse_loss(v10, v3).backward()
?v1.grad
""",
    "x ** False differentiates by the general formula (zeros signed as 1/x, nan at 0)": """
v1 = torch.tensor([-1.5, 2.0, -0.0, 0.0, 3.0], requires_grad=True)
(v1 ** False).sum().backward()
?v1.grad
w = torch.tensor([-1.5, 2.0, 3.0], requires_grad=True)
(w ** 0).sum().backward()
?w.grad
""",
    "add/sub with alpha check the shapes before alpha's type": """
v9 = torch.arange(2)
torch.add(v9, torch.ones(5, 152, dtype=torch.int64), alpha=1.8)
torch.sub(v9, torch.ones(5, 152, dtype=torch.int64), alpha=1.8)
v9.add(torch.arange(2), alpha=1.5)
""",
    "cat of only legacy empties takes any dim; a .data of fewer dimensions keeps its grad": """
?torch.cat([torch.zeros(0), torch.tensor([])], dim=1)
v1 = torch.tensor([0.0], requires_grad=True)
v4 = torch.nn.Parameter(torch.tensor([-2.1, 0.0017, -2.0], dtype=torch.float64))
v1.data = torch.tensor(2.0, dtype=torch.float64)
v8 = v4.to(torch.float32)
v4.data = v1
v8.sum().backward()
?v4.grad
v3 = torch.tensor([[-2.0, -2.5], [-2.1, 1.4], [-2.0, -1.0]], requires_grad=True)
v13 = torch.nn.BCELoss()(v3.sigmoid(), torch.tensor([[0.0, 0.0], [0.0, 1.0], [0.05, 0.16]]))
v3.data = v13
torch.nn.functional.mse_loss(v13, v13).backward()
?v3.grad
""",
    "bool linear as addmm_impl_cpu_: empty result, then k = 0 (beta's cast), then the kernel": """
F = torch.nn.functional
b = torch.tensor([True, False], dtype=torch.bool)
?F.linear(torch.ones(3, 0, dtype=torch.bool), torch.ones(2, 0, dtype=torch.bool), b)
?F.linear(torch.ones(0, 2, dtype=torch.bool), torch.ones(2, 2, dtype=torch.bool), b)
?F.linear(torch.ones(2, 2, dtype=torch.bool), torch.ones(2, 2, dtype=torch.bool), b)
?F.linear(torch.ones(0, dtype=torch.bool), torch.ones(2, 0, dtype=torch.bool), b)
?F.linear(torch.ones(2, 3, 0, dtype=torch.bool), torch.ones(2, 0, dtype=torch.bool), b)
?F.linear(torch.ones(3, 0, dtype=torch.bool), torch.ones(2, 0, dtype=torch.bool))
i = torch.int64
?F.linear(torch.ones(3, 0, dtype=i), torch.ones(2, 0, dtype=i), torch.ones(2, dtype=i))
""",
    ".data is its own array: an operand read through it sees a write through the alias": """
v2 = torch.zeros(3, requires_grad=True)
v8 = torch.tensor([[1.0, 2.718, 1.0], [1.0, 2.718, 1.0]]) + v2
v10 = v8.data
v10 /= v8
?v10
v10.mean().backward()
?v2.grad
""",
    "a no_grad view of a leaf has no accumulator in next_functions": """
v1 = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
with torch.no_grad(): v3 = v1.T
?v3[torch.tensor([0, -1])].grad_fn.next_functions
?(v3 * 2).grad_fn.next_functions
v3.requires_grad_(True)
?(v3 * 2).grad_fn.next_functions[0][0].name()
""",
    "a written view's history is AsStridedBackward0 over its base, by place in memory": """
v1 = torch.zeros(1, 2, 1, dtype=torch.float32, requires_grad=True)
v2 = v1.flatten()
v1.detach_()
with torch.no_grad(): v2.mul_(2)
?v2.grad_fn.name()
?v2.requires_grad, v2.is_leaf
?[f if f is None else f.name() for f, _ in v2.grad_fn.next_functions]
?[f if f is None else f.name() for f, _ in v2.grad_fn.next_functions]
v3 = (v2 * 3).sum()
?v3.requires_grad
v3.backward()
?v1.grad
""",
    "AsStridedBackward0 after .data gave the view another shape, dtype and memory": """
v5 = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True) * 1
v8 = v5.squeeze(1)
v8.data = torch.tensor([[[-5.0]]], dtype=torch.float64)
?v8.grad_fn.name()
v8.detach().add_(0.001)
?v8.grad_fn.name()
?[f if f is None else f.name() for f, _ in v8.grad_fn.next_functions]
?v8.requires_grad, v8.dtype, v8.shape
v10 = torch.nn.functional.mse_loss(v8, v8 * 2)
v10.backward()
?v5.grad_fn.name()
a = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
v5 = a * 1
v5.retain_grad()
v8 = v5[1]
v8.data = torch.tensor([[[-5.0]]], dtype=torch.float64)
v8.detach().add_(0.001)
v10 = torch.nn.functional.mse_loss(v8, v8 * 2)
v10.backward()
?a.grad
?v5.grad
""",
    "AsStridedBackward0 sums an expanded view's copies one dimension at a time": """
torch.manual_seed(0)
a = torch.randn(3, 1, 5, requires_grad=True)
b = a * 1.0
e = b.expand(4, 3, 7, 5)
b.mul_(1.5)
?e.grad_fn.name()
g = torch.randn(4, 3, 7, 5)
(e * g).sum().backward()
?a.grad.tolist()
torch.manual_seed(1)
a = torch.randn(6, 5, requires_grad=True)
b = a.t() * 1.0
e = b[1:4, ::2].unsqueeze(0).expand(3, 3, 3)
b.add_(1)
?e.grad_fn.name()
g = torch.randn(3, 3, 3)
(e * g).sum().backward()
?a.grad.tolist()
a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
b = a * 2
e = b.expand(3, 3)
b.add_(1)
torch.ones(3, 3).mul_(e)
(e * torch.tensor([[1e8, 1.0, -1e8], [3.0, 1e-8, 1.0], [1.0, 7.0, 2.5]])).sum().backward()
?a.grad.tolist()
""",
    "ints of an advanced index select first; an empty result checks no index": """
v2 = torch.zeros(1, 0, 1, dtype=torch.float32)
v2[[0, 0], 0, :5].mul_(-0.0)
?v2[[0, 0], 0]
?v2[[0], 0, 0]
?v2[0, [0]]
?v2[[0, 0], 1]
?v2[[0, 0], :, 0]
?v2[:, [0]]
?v2[[0], [0]]
v3 = torch.zeros(2, 3, 0)
?v3[[1], 2, [0]]
?v3[:, [1, 2], 0]
?v3[[1], :, 0]
?v3[0, 2, [0]]
v4 = torch.zeros(2, 0, 3)
v4[[0], 0] = 1.0
v4[[0, 1], 5] = 1.0
?v4[[5], 0]
?v4[0, [5]]
?v4[..., [1], 0]
?v4[None, [1], 4]
?v4[torch.tensor([True, False]), 0]
?v4[0, :, [0, 7]]
v4 = torch.zeros(2, 0, 3, requires_grad=True)
v5 = v4[0, :, [0, 7]]
?v5
v5.sum().backward()
?v4.grad
w = torch.zeros(2, 0, 3)
w[0, :, [0, 7]] = 1.0
w[:, :, [0, 7]] = torch.ones(2, 0, 2)
?w
w[[0, 9], :, 1] = 2.0
?torch.zeros(0, 3).gather(1, torch.zeros(0, 3, dtype=torch.int64) + 7)
a = torch.zeros(2, 0, 3)
b = torch.ones(2, 0, 2, requires_grad=True)
c = torch.zeros(2, 0, 3, requires_grad=True) * 1
c[:, :, [0, 7]] = b
c.sum().backward()
?b.grad
?c.grad_fn.name()
""",
    "an in-place write through a view of a leaf names the view first": """
v2 = torch.tensor(2.0, dtype=torch.float64)
v3 = v2[...]
v2.requires_grad = True
v3 += v3
x = torch.zeros(3)
v = x[0]
v.requires_grad_()
v.add_(1)
x = torch.zeros(3)
v = x[1:]
x.requires_grad_()
v.mul_(2)
?v.is_leaf
""",
    "int index of a 0-d reduced loss reads the stale first size (through detach too)": """
F = torch.nn.functional
a = torch.tensor([[0.3, 0.6, 0.1], [0.2, 0.5, 0.9]], requires_grad=True)
t = torch.tensor([[0.1, 0.9, 0.5], [0.3, 0.3, 0.3]])
v = F.mse_loss(a, t)
?v[1]
?v[2]
?v[-2]
?v[-3]
?v[0]
v[1] = 0.0
v2 = F.binary_cross_entropy(a, t, reduction='sum')
?v2[1]
?v2[5]
v3 = torch.nn.MSELoss()(a[0], t[0])
?v3[2]
?v3[3]
?v3.detach()[1]
?v3.data[1]
v3.mul_(2)
?v3[1]
?F.mse_loss(torch.tensor(1.0), torch.tensor(2.0))[1]
?F.mse_loss(a, t, reduction='none')[0, 0][1]
?torch.nn.BCELoss()(a, t)[1]
""",
    "x[True] = v writes self[None]; x[False] = v writes nothing; bools inside a tuple": """
x = torch.zeros(3)
x[True] = 5.0
?x
x[False] = torch.ones(7)
?x
x[True] = torch.arange(3.0)
?x
x[True, None] = 2.0
?x
x[False, 1] = 9.0
?x
x[True, 1] = 9.0
?x
v = torch.tensor(2.0)
v[True] = 5.0
?v
v[False] = 6.0
?v
v[True, None] = 7.0
?v
v[False] = torch.ones(3)
?v
v[True] = torch.ones(3)
w = torch.tensor(2.0, requires_grad=True)
u = w * 1
u[True] = torch.tensor(3.0, requires_grad=True)
?u.grad_fn.name()
""",
    ".data of a new dtype drops the leaf's accumulator: later graphs get a new one": """
v1 = torch.tensor([2.0, 0.5], requires_grad=True)
v2 = v1.sqrt()
v1.data = torch.tensor(3.0, dtype=torch.float64)
v9 = v1.sum()
v9.backward(retain_graph=True)
?v1.grad
v2.sum().backward()
?v1.grad
v1 = torch.tensor([2.0, 0.5], requires_grad=True)
v2 = v1.sqrt()
v1.data = torch.tensor([3.0, 1.0, 2.0], dtype=torch.float64)
(v1 * 2).sum().backward()
?v1.grad
v2.sum().backward()
?v1.grad
v1 = torch.tensor([2.0, 0.5], requires_grad=True)
v2 = v1.sqrt()
v1.data = torch.tensor(3.0)
(v1 * 2).sum().backward()
?v1.grad
v1 = torch.tensor([2.0, 0.5], requires_grad=True)
v2 = v1.sqrt()
v1.data = torch.tensor([3.0, 1.0], dtype=torch.float64)
v2.sum().backward()
?v1.grad
(v1 * 2).sum().backward()
?v1.grad
""",
    "a bool mask that does not fit its dimensions: torch's message": """
x = torch.arange(12.0).reshape(3, 4)
?x[torch.tensor([True, False])]
?x[None, torch.tensor([True, False])]
?x[:, torch.tensor([True, False])]
?x[1:, torch.tensor([True, False, True, True])]
?x[1:, torch.tensor([True, False, True])]
?x[torch.tensor([[True, False], [True, True]])]
?x[torch.tensor([[True, False, True, False]])]
?x[..., torch.tensor([True, False, True])]
?x[torch.tensor([0]), torch.tensor([True, False])]
?x[0, torch.tensor([True, False])]
?x[[True, False]]
x[torch.tensor([True, False])] = 1.0
x[:, torch.tensor([True, False])] = torch.ones(3, 1)
?x[torch.tensor(True)]
?x[torch.tensor(False)]
""",
    "index tensors: torch's broadcast, too-many and bounds messages (dimension = its place)": """
x = torch.arange(12.0).reshape(3, 4)
?x[torch.tensor([0, 9]), torch.tensor([2, 1])]
?x[torch.tensor([0, 1]), 1:, torch.tensor([9])]
?x[None, torch.tensor([0, 1]), torch.tensor([0, 9])]
?x[..., torch.tensor([0, 9])]
?x[:, torch.tensor([4])]
?x[torch.tensor([True, True, True]), torch.tensor([9])]
?x[torch.tensor([0, 1]), torch.tensor([[0], [1], [2]])]
?x[torch.tensor([0, 1]), torch.tensor([0, 1, 2])]
?x[[0, 1], [0, 1, 2]]
?x[torch.tensor([[0, 1]]), torch.tensor([[0], [1], [2]]), None]
x[torch.tensor([0, 1]), torch.tensor([0, 1, 2])] = 1.0
""",
    "index_put_ out of bounds: the elements before the bad one are written (torch's kernel)": """
x = torch.arange(12.0).reshape(3, 4)
x[torch.tensor([0, 1]), torch.tensor([0, 5])] = 1.0
x[:, torch.tensor([0, 5])] = 2.0
x[1, torch.tensor([0, 5])] = 3.0
x[torch.tensor([0, 5]), 1] = 4.0
x[torch.tensor([2, 1, 7, 0])] = torch.tensor([10.0, 20.0, 30.0, 40.0]).unsqueeze(1)
?x
y = torch.zeros(2, 3, 4)
y[..., torch.tensor([1, 9])] = (torch.arange(12.0) + 1).reshape(2, 3, 2)
?y
y[torch.tensor([True, False]), torch.tensor([0, 3])] = 5.0
?y
z = torch.zeros(4)
w = z[::2]
w[torch.tensor([1, 2])] = 6.0
?z
""",
    "uint8 index tensors are masks (deprecated, warned); int8/int16 refused; masked_fill_": """
x = torch.arange(12.0).reshape(3, 4)
m = torch.tensor([1, 0, 1], dtype=torch.uint8)
?x[m]
?x[torch.tensor([1, 0, 2], dtype=torch.uint8)]
?x[:, torch.tensor([1, 0, 0, 1], dtype=torch.uint8)]
?x[torch.tensor([1, 0], dtype=torch.uint8)]
?x[torch.tensor([1], dtype=torch.int32)]
?x[torch.tensor([1], dtype=torch.int8)]
?x[torch.tensor([1], dtype=torch.int16)]
x[m] = 2.0
x[torch.tensor([0], dtype=torch.int32)] = 3.0
?x
x = torch.arange(12.0).reshape(3, 4)
m = torch.tensor([1, 0, 1], dtype=torch.uint8)
x[m] = torch.tensor(5.0)
x[m] = torch.ones(2, 4)
?x
x[m, 1] = 7.0
?x
x[:, torch.tensor([1, 0, 0, 1], dtype=torch.uint8)] = 9.0
?x
x[torch.tensor([True, False, True])] = 1.0
?x
x[torch.tensor([1], dtype=torch.int16)] = 1.0
?x[torch.tensor(1, dtype=torch.uint8)]
?x[torch.tensor(0, dtype=torch.uint8)]
""",
    "a 0-d leaf's stale strides (1, then 0) decide whether its old-shape gradient is kept": """
v1 = torch.ones(3, 3, 3, dtype=torch.float64, requires_grad=True)
v3 = torch.tanh(v1)
v1.data = torch.tensor(1.0, dtype=torch.float64)
torch.nn.functional.mse_loss(v3, v3).backward()
?v1.grad
v1 = torch.ones(3, dtype=torch.float64, requires_grad=True)
v3 = torch.tanh(v1)
v1.data = torch.tensor(1.0, dtype=torch.float64)
v3.sum().backward()
?v1.grad
v1 = torch.ones(3, 1, dtype=torch.float64, requires_grad=True)
v3 = torch.tanh(v1)
v1.data = torch.tensor(1.0, dtype=torch.float64)
v3.sum().backward()
?v1.grad
v1 = torch.ones(1, 3, dtype=torch.float64, requires_grad=True)
v3 = torch.tanh(v1)
v1.data = torch.tensor(1.0, dtype=torch.float64)
v3.sum().backward()
?v1.grad
v1 = torch.ones(2, 3, dtype=torch.float64, requires_grad=True)
v3 = torch.tanh(v1)
v1.data = torch.tensor([1.0, 2.0], dtype=torch.float64)
v3.sum().backward()
?v1.grad
v1 = torch.ones(2, 3, dtype=torch.float64, requires_grad=True)
v3 = torch.tanh(v1)
v1.data = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
v3.sum().backward()
?v1.grad
""",
    "a gradient sent into a bool or integer tensor a write put in the graph: torch asserts": """
v1 = torch.tensor(-0.5, requires_grad=True)
v2 = v1 == torch.tensor([1.5], dtype=torch.float64)
v5 = torch.exp(abs(v1))
v2[:1:2] = v5
?v2.requires_grad, v2.grad_fn.name(), v2.dtype
v10 = v2 / torch.tensor(-3.0)
?v10.grad_fn.name()
v11 = v10.abs().sum()
v11.backward(retain_graph=True)
?v1.grad
v1 = torch.tensor(-0.5, requires_grad=True)
v2 = torch.zeros(2, dtype=torch.int64)
v2[0] = v1 * 2
?v2.requires_grad
?v2.grad_fn
v2.float().sum().backward()
?v1.grad
v1 = torch.tensor(-0.5, requires_grad=True)
v2 = torch.zeros(2, dtype=torch.bool)
v2.copy_(v1.expand(2))
?v2.requires_grad
(v2 * 1.0).sum().backward()
?v1.grad
""",
    "next_functions shows the leaves as recorded, whatever requires_grad says since": """
v2 = torch.tensor([1.0, 0.0], requires_grad=True)
v3 = 3.7 ** v2
v2.requires_grad_(False)
?[f if f is None else f.name() for f, _ in v3.grad_fn.next_functions]
v3.sum().backward()
?v2.grad
v2 = torch.tensor([1.0, 0.0], requires_grad=True)
v3 = v2 * 2
v2.requires_grad = False
?[f if f is None else f.name() for f, _ in v3.grad_fn.next_functions]
v3.sum().backward()
?v2.grad
w = torch.tensor([1.0, 0.0], requires_grad=True)
v2 = torch.tensor([1.0, 0.0])
v3 = v2 * w
v2.requires_grad_()
?[f if f is None else f.name() for f, _ in v3.grad_fn.next_functions]
v3.sum().backward()
?v2.grad
""",
    "pow's exponent gradient tests the base for 0 in the base's own dtype": """
v1 = torch.tensor([[1.5, -1.5], [2.0, 0.0]], requires_grad=True)
v3 = torch.tensor(-1.7e-70, dtype=torch.float64, requires_grad=True)
v8 = torch.pow(v3, v1)
torch.nn.functional.mse_loss(v8, v8).backward()
?v1.grad
?v3.grad
v1 = torch.tensor([1.5, 0.0, 2.0], requires_grad=True)
v3 = torch.tensor([1e-50, 0.0, -1e-60], dtype=torch.float64, requires_grad=True)
v8 = v3 ** v1
v8.sum().backward()
?v1.grad
?v3.grad
v1 = torch.tensor([1.5, 0.0, 2.0], dtype=torch.float64, requires_grad=True)
v3 = torch.tensor([0.0, 0.0, -0.0], requires_grad=True)
(v3 ** v1).sum().backward()
?v1.grad
?v3.grad
""",
    "float32 ** number: torch's scalar loop raises double(a) to the double exponent": """
v3 = torch.tensor(9.999999747378752e-06)
?(v3 ** 3.7).tolist()
p = torch.tensor([1e-5, 3.0, 0.001, -2.0, 0.0, -0.0, float('inf'), float('-inf'), float('nan')])
?(p ** 3.7).tolist()
?(p ** -1.3).tolist()
w = torch.tensor([1e-5, 3.0, 0.5], requires_grad=True)
(w ** 3.7).sum().backward()
?w.grad.tolist()
""",
    "x[t] = v saves the indices: a second backward through it raises torch's error": """
v3 = torch.tensor([2.0, 0.0], dtype=torch.float64, requires_grad=True)
v6 = torch.abs(v3)
v9 = torch.relu(v6)
v9[torch.tensor([-1, 0, 1])] = 1.5
?v9.grad_fn.name()
?[f if f is None else f.name() for f, _ in v9.grad_fn.next_functions]
v14 = v9.sum()
v14.backward()
?v3.grad
v14.backward()
v3 = torch.tensor([2.0, 0.0], dtype=torch.float64, requires_grad=True)
v9 = torch.relu(v3 * 1)
v9[torch.tensor([0])] = 1.5
v9.sum().backward()
?v3.grad
v3 = torch.tensor([2.0, 0.0], dtype=torch.float64, requires_grad=True)
v9 = torch.exp(v3)
v9[torch.tensor([0])] = 1.5
v9.sum().backward()
?v3.grad
w = torch.tensor([2.0, 0.0, 1.0], requires_grad=True)
x = w * 1
x[torch.tensor([0, 2])] = torch.tensor([5.0, 6.0], requires_grad=True)
x.sum().backward()
?w.grad
x.sum().backward()
w = torch.tensor([2.0, 0.0, 1.0], requires_grad=True)
x = w * 1
x[torch.tensor([0, 2])] = 7.0
x.sum().backward(retain_graph=True)
x.sum().backward()
?w.grad
x.sum().backward()
""",
    "binary_cross_entropy writes its loss in the input's layout, then reduces it": """
torch.manual_seed(0)
t = torch.rand(4, 112)
t[t < 0.3] = 0.0
p = torch.ones(112, 4, requires_grad=True)
?torch.nn.functional.binary_cross_entropy(p.t(), t).item()
?torch.nn.functional.binary_cross_entropy(p.t().contiguous(), t).item()
q = torch.rand(112, 4) * 0.98 + 0.01
?torch.nn.functional.binary_cross_entropy(q.t(), t).item()
?torch.nn.functional.binary_cross_entropy(q.t(), t, reduction='sum').item()
?torch.nn.functional.binary_cross_entropy(q.t().contiguous(), t).item()
?torch.nn.functional.binary_cross_entropy(q.t(), t, reduction='none').is_contiguous()
""",
    "an input that needed no grad when recorded gets none, even if it asks for grad later": """
v1 = torch.tensor(0.25, dtype=torch.float64, requires_grad=True)
v8 = torch.tensor(3.0)
v10 = torch.nn.functional.l1_loss(v8, v1)
v8.requires_grad_()
v10.abs().sum().backward()
?v8.grad
?v1.grad
w = torch.tensor([1.0, 2.0], requires_grad=True)
x = torch.tensor([3.0, 4.0])
y = (x * w + x - w).sum()
x.requires_grad_()
y.backward()
?x.grad
?w.grad
""",
    "a no_grad view written with an operand that requires grad is refused first": """
v1 = torch.nn.Parameter(torch.tensor(0.0))
v4 = torch.zeros((), dtype=torch.int64)
with torch.no_grad(): v5 = v4.flatten()
v5.add_(v1)
v1 = torch.nn.Parameter(torch.tensor(2.0))
x = torch.zeros(3)
with torch.no_grad(): v = x[1:]
v.mul_(v1)
v.add_(1.0)
?x
v1 = torch.nn.Parameter(torch.tensor(2.0))
x = torch.zeros(3)
with torch.no_grad(): v = x[1:]
v.copy_(v1.expand(2))
v[0] = v1
?x
""",
    "addmm with no products copies the bias (-0.0 kept)": """
F = torch.nn.functional
v1 = torch.nn.Parameter(torch.tensor([], dtype=torch.float32))
?F.linear(v1, torch.tensor([[]], dtype=torch.float32), torch.tensor([-0.0]))
?F.linear(torch.zeros(3, 0), torch.zeros(2, 0), torch.tensor([-0.0, 1.5]))
w = torch.zeros(2, 0, requires_grad=True)
b = torch.tensor([-0.0, 2.0], requires_grad=True)
y = F.linear(torch.zeros(3, 0), w, b)
?y
y.sum().backward()
?b.grad
?w.grad
""",
    "a no_grad view whose base joins the graph in place reports its base's requires_grad": """
v1 = torch.zeros(3, 3)
v2 = torch.nn.Parameter(torch.tensor(0.0))
with torch.no_grad(): v4 = v1.view((9,))
v1.add_(v2)
?v4.requires_grad
?v4.is_leaf
v4 * 2
""",
    "matmul: torch's fold and bmm paths, an empty bmm in batch2's dtype": """
v2 = torch.zeros(0, 2, 2, dtype=torch.float64)
?torch.matmul(v2, torch.zeros(0, 2, 2, dtype=torch.bool))
?torch.zeros(2, 2, 2, dtype=torch.bool).matmul(torch.ones(2, 2, 2, dtype=torch.float64))
?torch.zeros(2, 2, 0) @ torch.zeros(2, 0, 3, dtype=torch.int64)
w = torch.nn.Parameter(torch.ones(2, 3, 4))
y = w.transpose(0, 1) @ torch.ones(4, 5)
?y.grad_fn.next_functions[0][0].next_functions[0][0].name()
?w.transpose(0, 1).reshape(6, 4).grad_fn.next_functions[0][0].name()
y.sum().backward()
?w.grad
?torch.nn.Parameter(torch.zeros(2, 2, 0)) @ torch.zeros(2, 0, 3, dtype=torch.int64)
""",
    "a slice's step is read before the 0-d check": """
v3 = torch.tensor(0.5)
v3[1:2:-1] = 2.0
v3[::0]
""",
    "var over dims with no degrees of freedom: 2 / dof times the centred values": """
v1 = torch.tensor(float("nan"), requires_grad=True)
(v1 * torch.ones(2, 1, 3, dtype=torch.float64)).var(1, keepdim=True).sum().backward()
?v1.grad
w = torch.tensor([[1., 2.], [3., 5.]], requires_grad=True)
w.var(1, correction=3).sum().backward()
?w.grad
w.grad = None
w.var((0, 1), correction=4).backward()
?w.grad
""",
    "setitem's overlap checks come where torch's do": """
v3 = torch.tensor([[[-1.0], [-1.0], [0.0]], [[2e-313], [1.2], [-2.6]]], dtype=torch.float64)
v8 = v3 * 3
v8[torch.tensor([0]), -1:5, None] = v8
v1 = torch.tensor([[-2.4]], dtype=torch.float64, requires_grad=True)
v1[-1:, 0] = v1
x = torch.zeros(3, 2)
x[torch.tensor([0, 1])] = x[:, 0:1]
x[torch.tensor([0, 1])] = x[:2]
x[torch.tensor([0, 1, 2])] = x
x[0:1] = x[1]
?x
""",
    "a leaf's AccumulateGrad has no next functions": """
w = torch.ones(2, requires_grad=True)
?(w * 2).grad_fn.next_functions[0][0].next_functions
""",
    "integer constructors check each value as torch's c10::overflows": """
torch.LongTensor([[1e-40, 2.4], [float("nan"), 1.0]])
torch.tensor([float("nan"), 1], dtype=torch.uint8)
?torch.tensor([-255, 255, -1], dtype=torch.uint8)
torch.tensor([-256], dtype=torch.uint8)
torch.tensor([127.9], dtype=torch.int8)
torch.tensor([-0.5], dtype=torch.uint8)
?torch.IntTensor([True, 2.7])
torch.ByteTensor([300.0])
""",
    "typed constructors of a tensor alias it or refuse its dtype": """
a = torch.tensor([1.5], requires_grad=True)
b = torch.FloatTensor(a)
?b.grad_fn.name()
?b._base is a
a2 = torch.tensor([1, 2])
torch.LongTensor(a2).add_(1)
?a2
?a2._version
torch.ByteTensor(torch.tensor([True]))
""",
    "an in-place op's other operand aliased through .data is read when backward runs": """
v1 = torch.tensor([2.0, 4.0], requires_grad=True)
v2 = torch.ones(2, dtype=torch.float64)
v2.data = v1
v2.div_(v1)
?v1
v2.sum().backward()
?v1.grad
""",
    "the square's gradient doubles the base first (inf past half the largest value)": """
x = torch.tensor([2e38, 1.0, -3e38, 0.5], requires_grad=True)
(x ** 2).mean().backward()
?x.grad
x = torch.tensor([0.5, 1.0, 2.0], requires_grad=True)
(x ** 2).backward(torch.tensor(3e38).expand(3))
?x.grad
x = torch.tensor([1e308, 1.0], dtype=torch.float64, requires_grad=True)
(x ** 2).sum().backward()
?x.grad
""",
    "a 0-d integer tensor in an index selects as an int; True is an index tensor": """
x = torch.arange(6.).reshape(2, 3)
w = torch.nn.Parameter(torch.ones(2, 3))
?w[torch.tensor(1), 1:].grad_fn.name()
?w[..., torch.tensor(1)].grad_fn.name()
?w[torch.tensor(1), [0, 1]].grad_fn.name()
y = x[torch.tensor(1)]
x.add_(1)
?y
x[torch.tensor(0), torch.tensor(2)] = 7
?x
v2 = torch.zeros(1, 2)
?v2[False, torch.tensor(0)]
v2[torch.tensor([], dtype=torch.long), torch.tensor(5)]
v2[True, [1, 1]]
v2[[0], True, [1, 5]]
v2[False, 0, torch.tensor(7)]
""",
    "softmax's backward over an empty dimension": """
v2 = torch.tensor([[], []], dtype=torch.float32, requires_grad=True)
v2.softmax(1).sum().backward()
?v2.grad
torch.nn.functional.log_softmax(v2, 1).sum().backward()
?v2.grad
""",
    "mm reads its operands' histories before its checks": """
v2 = torch.tensor(0.0, requires_grad=True)
v5 = v2.exp()
with torch.no_grad(): v7 = v5.view(())
v7.detach().zero_()
v7.mm(torch.tensor([[-1.4], [-2.0]]))
v7 @ torch.tensor([[-1.4], [-2.0]])
torch.ones(3) @ v7
""",
    "var reads its input's history before it warns": """
v2 = torch.tensor([[-0.52]], dtype=torch.float32, requires_grad=True)
v5 = torch.relu(v2)
with torch.no_grad(): v7 = v5.T
v5.zero_()
v7.var(0, keepdim=True)
v7.std(0)
""",
    "requires_grad_, retain_grad and retains_grad read no invalid history": """
w = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
y = w * 1
with torch.no_grad(): v = y.view(2, 2)
y.add_(1)
?v.retains_grad
v.retain_grad()
v.requires_grad_(False)
?v.requires_grad
v.backward()
""",
    "a number beyond float32 is refused where torch converts a scalar, inf elsewhere": """
x = torch.ones(2)
?torch.tensor(1.5e308)
?torch.tensor([1.5e308], dtype=torch.float32)
?x * 1e308
torch.full((2,), 1.5e308)
torch.clamp(x, min=1e300)
x.add(1.0, alpha=1e300)
torch.where(x > 0, x, 1e300)
""",
    "a no_grad view of a view names the op that made it (t of a vector: T)": """
v1 = torch.nn.Parameter(torch.tensor([], dtype=torch.float32))
with torch.no_grad(): v3 = v1.view((0,))
v3.t().add_(float('inf'))
""",
    "advanced-index writes into an expanded tensor: torch warns, and writes in order": """
v2 = torch.tensor([0.0, 3.0], dtype=torch.float64, requires_grad=True)
v3 = v2.expand(2, 2)
with torch.no_grad(): v3[[-1, -1]] = -0.0
?v2
v2 = torch.tensor([0.0, 3.0]); v3 = v2.expand(2, 2)
v3[[0]] = 5.0
?v2
v3[torch.tensor([True, False])] = 7.0
?v2
v3[[1, 0]] = torch.tensor([[1., 2.], [3., 4.]])
?v2
v3[:, [0]] = 9.0
?v2
w = torch.tensor([0.0, 3.0], requires_grad=True); y = w * 1; v3 = y.expand(2, 2)
v3[[0]] = 1.0
?y
y.sum().backward()
""",
    "expm1 and log1p lay out their results as their input; number ** tensor is contiguous": """
v5 = torch.tensor([[2.0, 2.24, -0.5], [2.0, 1.5, -0.69], [-0.0, 5e-84, 1e-12]]).T
?v5.expm1().is_contiguous()
?v5.abs().log1p().is_contiguous()
?(2 ** v5).is_contiguous()
""",
    "ones_like and zeros_like keep a dense input's layout (a later sum walks it)": """
torch.manual_seed(1)
v5 = torch.relu(torch.rand(3, 112, dtype=torch.float64)).t()
?torch.ones_like(v5).is_contiguous()
?torch.nn.functional.mse_loss(torch.ones_like(v5), v5)
?torch.zeros_like(torch.ones(3, 4)[:, ::2].t()).is_contiguous()
""",
    "copy into its own memory, bool subtraction before overlap, index results' layout": """
v1 = torch.nn.Parameter(torch.tensor([[0.0, 0.0]]))
with torch.no_grad(): v4 = v1.expand(2, -1)
with torch.no_grad(): v4[:] = v1
?v4
x = torch.ones(3)
x[:] = x
?x._version
v7 = torch.tensor(True).expand(5)
v7.sub_(torch.tensor(1.0))
?torch.ones(2, 3, 4)[:, [0, 1], :].is_contiguous()
?torch.ones(1, 1, 1, 3).expand(2, 2, 1, 3)[:, torch.tensor([0]), None, :].is_contiguous()
?torch.ones(2, 3, 4).permute(2, 0, 1)[:, [0, 1]].is_contiguous()
""",
    "a recorded copy of a tensor's own memory is CopyBackwards": """
v1 = torch.tensor([[[0.0], [2.0], [2.9]], [[-2.0], [3.0], [0.25]]], requires_grad=True)
v2 = v1.sum(dim=2, keepdim=False)
v2[1:-1:2].mul_(1.5)
v2[0:] = v2
?v2
""",
    "Tensor(t) aliases a tensor of any dtype; an index lays out as torch's kernel": """
a = torch.tensor([[1.5, 2.0], [3.0, 4.0]], dtype=torch.float64, requires_grad=True)
b = torch.Tensor(a)
?b.dtype
?b.grad_fn.name()
?b._base is a
b.sum().backward()
?a.grad
c = torch.Tensor(torch.tensor([1, 2]))
c.add_(1)
?c
?torch.Tensor(torch.tensor([True])).dtype
x = torch.arange(24.).reshape(2, 3, 4).permute(2, 1, 0)
?x[:, [1, 1, 0], ::2].is_contiguous()
?x[:, [1, 1, 0]].is_contiguous()
?x[..., [0, 1]].transpose(0, 1).is_contiguous()
?x[[0, 2], :, [1, 0]].view(-1)
?torch.arange(6.).reshape(2, 3).t()[:, [0, 1]].is_contiguous()
?x[:, None, [[0, 1]], 1:].is_contiguous()
""",
    "torch's C++ warnings word for word, the source they name included": """
x = torch.ones(3, 1).expand(3, 2)
x[torch.tensor([0])] = 1.0
x[torch.ones(3, 2, dtype=torch.bool)] = 2.0
?torch.ones(3)[torch.tensor([1, 0, 1], dtype=torch.uint8)]
w = torch.ones(2, requires_grad=True)
?(w * 2).grad
?torch.ones(1).var()
?torch.ones(1, 2).std(dim=0)
""",
    "a list index holding a sequence, slice, None or ... is read as a tuple, with the warning": """
x = torch.arange(6.).reshape(2, 3)
?x[[[1, 1]]]
?x[[[0, 1], [2, 2]]]
?x[[slice(None), 1]]
?x[[None, 0]]
?x[[..., 1]]
?x[[0, 1]]
x[[[1]]] = 7.0
?x
?x[[1.5, [0]]]
""",
    "setitem checks the value's shape before an index's places (one out of bounds)": """
v3 = torch.zeros(3, 3)
v3[torch.tensor([2, 3, 2]), -1] = v3
v3[torch.tensor([[2, 3]]), 1:] = torch.ones(3, 3)
v3[torch.tensor([2, 5, 2]), -1] = torch.ones(3)
?v3
""",
    "a comparison in float32 of a float64 beyond its range: silently inf, as torch": """
v6 = torch.tensor(1e193, dtype=torch.float64)
t = torch.tensor([0.74])
?v6 == t
?t < v6
?t.eq(v6)
""",
    "a saved output modified in place is described as it was saved (dtype, shape)": """
v1 = torch.tensor([0.5, 3.0, 1.0], dtype=torch.float64, requires_grad=True)
v3 = v1.max()
v3.data = torch.nn.Parameter(torch.tensor([-2.0]))
v3.add_(1.0)
(v3 + 0.0).sum().backward()
""",
    "a leaf's .data laid out otherwise: a gradient kept only with the new data's strides": """
v1 = torch.tensor([[[-2.7, 1.5, 3.0], [-0.5, -2.0, -2.4]]], dtype=torch.float64, requires_grad=True)
v2 = torch.nn.functional.l1_loss(v1, v1, reduction='none')
v3 = v2.permute(1, 0, 2)
v4 = v3.sigmoid()
v1.data = v3
torch.sum(v4).sum().backward(retain_graph=True)
?v1.grad
""",
    "where of two dtypes casts inside the op: no ToCopy node, each gradient in its dtype": """
v1 = torch.tensor([-1.25, -2.0, 1.0], dtype=torch.float64, requires_grad=True)
v2 = torch.tensor(1.5, dtype=torch.float32, requires_grad=True)
v3 = torch.where(v1 > 0, v1, v2)
?v3
?[f.name() for f, _ in v3.grad_fn.next_functions]
(v3 * v3).sum().backward()
?v1.grad
?v2.grad
v4 = torch.where(v2 > 1, v2 * 2, v1)
?v4.dtype
?[f.name() for f, _ in v4.grad_fn.next_functions]
""",
    "clamp_ checks its result type before the memory overlap; bool bounds on bool": """
v1 = torch.LongTensor([2]).expand(3)
v1.clamp_(0.5, 2.0)
v1.clamp_(max=2.5)
v1.clamp_(0, 2)
v1.clamp_(None, None)
v2 = torch.LongTensor([2, 3])
v2.clamp_(min=torch.tensor(0.5))
v2.clamp_(max=torch.tensor([1.5, 2.5]))
v3 = torch.tensor([True, False])
v3.clamp(True)
v3.clamp(max=False)
v3.clamp(True, False)
v3.clamp_(True)
torch.clamp_min(v3, True)
?v3.clamp(0, 1)
?v3.clamp(min=torch.tensor(True))
""",
    "an index mixing basic items with advanced ones takes the basic view first": """
v1 = torch.arange(60.).reshape(3, 4, 5).requires_grad_()
i = torch.tensor([0, 1])
names = lambda t: [t.grad_fn.name()] + [f.name() for f, _ in t.grad_fn.next_functions]
?names(v1[0, :, [0, 1]])
?names(v1[[0, 1], :, 0])
?names(v1[1:3, [0, 1]])
?names(v1[-3:, [0, 1]])
?names(v1[0:5, [0, 1]])
?names(v1[None, [0, 1]])
?names(v1[::2, i, 1])
?names(v1[[..., slice(-1, None), torch.tensor([-1])]])
?v1[i, None, 1:2, 1]
?v1[1, ..., None, [1]]
""",
    "x[int, nested list] = v: the nested list is one index, without the list warning": """
v1 = torch.zeros(1, 2)
v1[-1, [[-1, -1]]] = torch.tensor([-0.125, -0.0])
?v1
v2 = torch.zeros(2, 3)
v2[1, [0, 2]] = 5.0
?v2
""",
    "a batched bool or mixed-dtype product names the per-item kernel from 400 products": """
torch.matmul(torch.ones(138, 3, dtype=torch.bool), torch.ones(1, 3, 2, dtype=torch.bool))
torch.matmul(torch.ones(2, 3, dtype=torch.bool), torch.ones(1, 3, 2, dtype=torch.bool))
torch.matmul(torch.ones(138, 3), torch.ones(1, 3, 2, dtype=torch.float64))
torch.matmul(torch.ones(2, 3), torch.ones(1, 3, 2, dtype=torch.float64))
torch.matmul(torch.ones(2, 10, 10), torch.ones(2, 10, 4, dtype=torch.float64))
""",
    "x[one bool mask] = a one-element value of another dtype: torch's masked_fill_ path": """
v1 = torch.tensor(-0.5, dtype=torch.float64, requires_grad=True)
x = torch.zeros(2, 3)
x[[True, False]] = v1
?x
x.sum().backward()
?v1.grad
y = torch.zeros(2, 3)
y[:, torch.tensor([True, False, True])] = v1 * 2
?y
z = torch.zeros(2, 3, dtype=torch.int64)
z[[True, False]] = torch.tensor([2.5])
?z
w = torch.zeros(2, 3)
w[[True, False]] = torch.tensor([1., 2.], dtype=torch.float64)
w[0, [True, False, True]] = v1
?w
with torch.no_grad():
    v9 = torch.Tensor([[2]])
v9[[False]] = v1
?v9
v9[torch.tensor(False)] = v1
w[torch.tensor([1, 0], dtype=torch.uint8)] = v1
""",
    "clamp with tensor bounds is one ClampBackward0 (ties: the gradient stays with self)": """
x = torch.tensor([-1., 0., 0.5, 1., 2., -0.0, float('nan')], requires_grad=True)
lo = torch.tensor([0., 0., 0.5, 0.5, 3., 0.0, 0.], requires_grad=True)
hi = torch.tensor([1., -1., 0.5, 1., 2.5, 0.0, 1.], requires_grad=True)
y = x.clamp(lo, hi)
?y
y.backward(torch.arange(7.))
?(x.grad, lo.grad, hi.grad)
z = torch.clamp(x, min=lo)
?z
z.sum().backward()
?(x.grad, lo.grad)
w = x * 1
w.clamp_(max=hi)
?w
?x.clamp(min=torch.tensor(0.5), max=2.0)
?torch.tensor([1, 5]).clamp(torch.tensor(0), torch.tensor(2.5, dtype=torch.float64))
?torch.tensor([1, 5], dtype=torch.int32).clamp(max=torch.tensor(True))
x.clamp(lo, 1.0)
x.clamp(min=lo, max=1.0)
torch.clamp(x, 1.0, max=hi)
torch.clamp(input=x, min=lo, max=1.0)
x.detach().clamp_(lo, 2)
x.clamp(lo, 1.0, 2)
s = torch.tensor(0., requires_grad=True)
torch.clamp(s, torch.tensor(0.), torch.tensor([0.], requires_grad=True)).backward(torch.ones(1))
?1 / torch.zeros(40).clamp(min=torch.full((40,), -0.0), max=torch.full((40,), -0.0))
f64 = torch.float64
torch.tensor(False).sum().clamp_(min=torch.tensor(0.0, dtype=f64), max=torch.ones(1, dtype=f64))
b = torch.tensor([True, True])
torch.clamp(b, min=b, max=b)
?torch.clamp(b, min=b)
p = torch.nn.Parameter(torch.tensor(1.0))
p.clamp_(min=torch.nn.Parameter(torch.ones(2)), max=1)
torch.clamp(p, min=torch.nn.Parameter(torch.tensor(2.0)), max=0)
?torch.clamp(p, min=torch.tensor(2.0), max=0)
""",
    "mse_loss's gradients are C-contiguous, whatever the layout of input - target": """
v3 = torch.tensor([-0.5], dtype=torch.float32, requires_grad=True)
torch.manual_seed(3)
v4 = torch.randn(94, 5, dtype=torch.float32)
v6 = v4.t()
torch.manual_seed(0)
v4.normal_()
v6.requires_grad_()
v10 = torch.nn.functional.mse_loss(v3, v6)
v10.backward()
?v3.grad
?v6.grad.sum()
w = torch.ones(7, 3, requires_grad=True)
torch.nn.functional.mse_loss(w.t(), torch.arange(21.).reshape(3, 7) / 7, reduction='sum').backward()
?w.grad.sum(0)
""",
    "a view keeps its own requires_grad when its base turns its own off": """
v1 = torch.zeros(1)
v2 = v1[...]
v2.requires_grad_()
v1.requires_grad_(False)
?v2
v2.requires_grad_(False)
v1.requires_grad_()
?v2.requires_grad
v1.requires_grad_(False)
?v2.requires_grad
""",
    "a leaf given a history after a graph used it: 'moved into the graph interior'": """
v2 = torch.nn.Parameter(torch.tensor([1.5]))
v3 = torch.tensor([-2.0], requires_grad=True)
w = torch.tensor([1.], requires_grad=True)
v4 = (v2 + w) + True
v2.requires_grad_(False)
v2.add_(v3)
v4.mean().backward()
?(w.grad, v3.grad, v2.grad, v2.is_leaf)
""",
    "clamp_ of an integer tensor in the graph: autograd refuses before the kernel's checks": """
v1 = torch.tensor(-0.0, dtype=torch.float64, requires_grad=True)
v5 = torch.tensor([3, 0, 2])
v5[-1:] = v1
v5.clamp_(-1.0, 0.5)
v5.clamp_(0, 1)
v5.clamp_(min=torch.tensor(0.5))
with torch.no_grad():
    v5.clamp_(0, 1)
?v5
""",
    ".data = on a tensor with a history: nodes that saved it as an input read the new data": """
v3 = torch.tensor(-3.0, requires_grad=True)
v6 = v3.sum(dim=-1, keepdim=False).max()
v8 = torch.nn.MSELoss()(v6.abs(), torch.tensor(-3.0))
v6.data = torch.tensor(3.0)
v8.abs().sum().backward()
?v3.grad
v1 = torch.tensor([-2.0, 0.0], requires_grad=True)
v2 = torch.tensor([9.999999960041972e-13, -0.0])
l = torch.nn.MSELoss()(v2, v1)
v1.data = v2
torch.nn.functional.mse_loss(abs(l), abs(l)).backward()
?v1.grad
a = torch.tensor([1., 2.], requires_grad=True)
b = a * 2
c = b * b
d = b.exp()
b.data = torch.tensor([5., 7.])
(c.sum() + d.sum()).backward()
?a.grad
""",
    "clamp's tensor operands: broadcast in order, in-place result shape, then its type": """
v1 = torch.tensor([[-0.0, 0.5], [0.25, -2.96]], requires_grad=True)
torch.arange(1).clamp_(min=v1, max=torch.tensor([[1.5]], dtype=torch.float64))
torch.LongTensor([[-3, 2], [-1, -1]]).clamp_(min=v1, max=torch.LongTensor([[-3, 2], [-1, -1]]))
torch.tensor(-2).clamp_(min=v1 * 2, max=torch.tensor(0.0))
torch.clamp(torch.tensor(0.5), min=torch.ones(2, 3), max=torch.ones(2, 2))
torch.ones(9).clamp(torch.ones(1, 3, 1), torch.ones(1, 3, 3))
torch.ones(2).clamp_(min=torch.ones(3), max=torch.ones(2))
torch.ones(2).clamp_(min=torch.ones(2), max=torch.ones(4, 1))
torch.tensor(False).clamp_(min=None, max=v1)
""",
    "the .grad of a no_grad view whose base was written: None, no history read": """
with torch.no_grad():
    p = torch.nn.Parameter(torch.ones(2, 1))
    v3 = p[0:2:2, ...]
v3.detach().add_(1.0)
?v3.grad
y = torch.ones(2, requires_grad=True) * 2
y.grad = torch.ones(2)
?y.grad
""",
    "clamp's absent bound shows in next_functions; index_put_ through a mask on integers": """
v1 = torch.tensor(-0.5, dtype=torch.float64, requires_grad=True)
v2 = torch.tensor([-0.0], requires_grad=True)
nf = lambda t: [(f.name() if f is not None else None, i) for f, i in t.grad_fn.next_functions]
?nf(v2.clamp(min=v1))
?nf(v2.clamp(max=v1))
?nf(torch.clamp(v2.detach(), min=v1))
v3 = v2.neg()
v3.clamp_(min=v1, max=None)
?nf(v3)
v3 = v2.detach().clone()
v3.clamp_(max=v1)
?nf(v3)
x = torch.tensor([-1])
x[[False]] = v1
?x
x = torch.tensor([True])
x[[True]] = v1
?x
""",
    "in-place writes: sub_'s autograd refusal first; integers not recorded; .grad's versions": """
v1 = torch.tensor([[1.0], [2.0]], dtype=torch.float64, requires_grad=True)
with torch.no_grad():
    v5 = torch.tensor([False, False]).squeeze()
v5.sub_(v1)
i = torch.zeros((), dtype=torch.int64)
with torch.no_grad():
    iv = i.view((1,))
with torch.no_grad():
    i.add_(i)
iv[0] = torch.nn.Parameter(torch.tensor(2.0))
?iv
v4 = torch.tensor([[-1.7, 0.0, -0.0], [-2.7, 0.5, -0.0]], requires_grad=True)
v4.to(torch.bool).clamp_(min=torch.tensor(0.01, dtype=torch.float64), max=torch.tensor([[-2.0]]))
b = torch.ones(2, 3, 2, dtype=torch.bool)
b.clamp_(min=torch.tensor(True).sigmoid(), max=torch.ones(2, 3, 2, dtype=torch.float64))
x = torch.tensor([0.5, -1.37], requires_grad=True)
x.sum().backward(retain_graph=True)
g = x.grad
?g._version
l = torch.nn.functional.mse_loss(torch.nn.MSELoss()(g, x), torch.tensor(-0.0))
l.backward(retain_graph=True)
?(g, g._version)
l.backward()
y = torch.tensor([1., 2.], requires_grad=True)
(y * 2).sum().backward()
?y.grad._version
(y + 1).sum().backward()
?y.grad._version
""",
    "an optimizer step refuses an expanded parameter, as torch's param.add_ does": """
v1 = torch.tensor([-3.0, 0.25])
v2 = v1.expand(2, 2)
v2.requires_grad_()
w = torch.tensor([1., 2.], requires_grad=True)
opt = torch.optim.SGD([w, v2], lr=0.1, momentum=0.9)
((v2 / torch.arange(1)).mean() + (w * 2).sum()).backward()
opt.step()
?(v1, w, sorted(len(s) for s in opt.state.values()))
adam = torch.optim.Adam([w, v2], lr=0.1)
adam.step()
?(v1, w, sorted(len(s) for s in adam.state.values()))
""",
    "setitem parses its index first; moved-into-the-interior only for an accumulator": """
v2 = torch.tensor([-1.7], dtype=torch.float64, requires_grad=True)
v2[[[0, 0], [0, 0]]] = -0.0
v2[0, 0] = 1.0
v2[torch.tensor([[True]])] = 1.
v2[None, 0] = 1.
s = torch.tensor(0.397, requires_grad=True)
with torch.no_grad():
    v10 = s.t()
v12 = v10.mean()
torch.nn.init.constant_(v10, 0.1)
v12.mean().backward()
?s.grad
""",
    "clamp's gradient masks compare each pair of tensors in that pair's result type": """
v4 = torch.tensor([-2.0, -0.0], requires_grad=True)
tiny = torch.tensor(-3.646088677364881e-126, dtype=torch.float64)
v7 = torch.clamp(v4, min=torch.tensor(-2), max=tiny)
v7.mean().backward()
?v4.grad
lo = torch.tensor([1e-50, -1.0], dtype=torch.float64, requires_grad=True)
hi = torch.tensor(-1e-60, dtype=torch.float64, requires_grad=True)
x = torch.tensor([0.0, -0.5], requires_grad=True)
x.clamp(lo, hi).sum().backward()
?(x.grad, lo.grad, hi.grad)
""",
    ".data = on a leaf that needs no grad: the nodes that saved it read the new data": """
x = torch.tensor([1., -2.])
w = torch.tensor([3., 4.], requires_grad=True)
y = (x * w).sum()
x.data = torch.tensor([5., 6.])
y.backward()
?w.grad
""",
    "softmax's backward writes a contiguous gradient: the later sum_to adds in its order": """
v2 = torch.nn.Parameter(torch.tensor([[[0.0]]]))
torch.manual_seed(0)
v4 = torch.rand(108, 3, dtype=torch.float64, requires_grad=True)
v11 = v2.expm1() + v4
torch.nn.functional.log_softmax(v11, dim=1).sum().backward()
?v2.grad.item()
v5 = torch.rand(1, 50, 4, dtype=torch.float64, requires_grad=True)
torch.softmax(v5 * 3, dim=1).pow(2).sum().backward()
?v5.grad.sum((1, 2)).item()
""",
    "cat and stack lay their result out contiguous (channels-last when every input is)": """
torch.manual_seed(0)
a = torch.rand(43, 2).t()
?torch.cat([a, a], dim=1).sum().item()
?torch.cat([a, a], dim=1).is_contiguous()
?torch.stack([a, a], dim=1).sum().item()
?torch.stack([a, a], dim=2).sum().item()
b = torch.rand(2, 3, 5, 7).permute(0, 2, 3, 1)
?torch.cat([b, b], dim=3).is_contiguous()
?torch.cat([b, b], dim=3).sum().item()
?torch.cat([b.permute(0, 3, 1, 2), b.permute(0, 3, 1, 2)], dim=1).is_contiguous()
?torch.cat([b.permute(0, 3, 1, 2), b.permute(0, 3, 1, 2)], dim=1).sum().item()
e = torch.zeros(1, 0)
?torch.stack([e, e, e]).shape
?torch.stack([e, e], dim=1).shape
?torch.stack([e, e], dim=2).shape
data = torch.utils.data.TensorDataset(torch.zeros(1, 1, 0))
?[b.shape for b, in torch.utils.data.DataLoader(data, batch_size=2)]
""",
    "norm adds the squares in torch's norm kernel order (lanes, or one by one)": """
torch.manual_seed(2)
v2 = torch.rand(4, 160, dtype=torch.float32)
v4 = torch.tensor([False], dtype=torch.bool)
v8 = v4 * v2
v8.copy_(torch.full((1, 160), -1.482846736907959, dtype=torch.float32))
?torch.norm(v8).item()
?torch.norm(v2.t(), dim=0).tolist()
?v2.norm(dim=1, keepdim=True).tolist()
?v2.t().norm().item()
?v2.norm(dim=()).item()
?v2.norm(dim=(0, 1, 0))
?v2.norm(2, dim=(0, 1, -1))
?torch.norm(v2, dim=[0, 1, 0])
?torch.norm(v2[0], dim=[0, 0, 0])
?torch.tensor([[[-1, -2]]]).norm(dim=(2, 1, 0))
?torch.tensor([-1, -2]).norm(dim=(0, 1, 0))
?torch.tensor([[-1, -2]]).norm(dim=(0, 1))
tiny = torch.tensor(1.3e-300, dtype=torch.float64)
?(tiny.norm().item(), tiny.norm(dim=0).item(), tiny[None].norm(dim=0).item())
big = torch.tensor(3e20, requires_grad=True)
n = big.norm(dim=0, keepdim=True)
?n
n.backward()
?big.grad
""",
    "clamp_ with a number and a 0-d tensor: one result type of self and both bounds": """
v1 = torch.tensor(False, dtype=torch.bool)
v2 = torch.ones((), dtype=torch.float64)
v1.clamp_(min=3, max=v2)
v1.clamp_(min=v2, max=3)
v1.clamp_(min=True, max=2.5)
v3 = torch.tensor([1, 2])
v3.clamp_(0, 1.5)
v3.clamp_(min=torch.tensor(0.5), max=3)
?v3
""",
    "a no_grad view that asks for grad after a node used it: that node's edge stays empty": """
torch.manual_seed(2)
v2 = torch.randn(6, 1, requires_grad=True)
with torch.no_grad():
    v6 = v2[..., -1:]
?(v6.requires_grad, v6.is_leaf)
v7 = v6.reciprocal()
?v7.grad_fn.next_functions
v6.requires_grad = True
?v7.grad_fn.next_functions[0][0] is None
v8 = v6 * 2
v7.sum().backward()
?(v6.grad, v2.grad)
v8.sum().backward()
?(v6.grad, v2.grad)
""",
    "a saved tensor detached in place, then given a history by an in-place op: the version": """
v4 = torch.tensor([-0.0, 0.5], requires_grad=True)
v8 = (v4 / -1.16).sigmoid()
v9 = v8.mul(v4)
v8.detach_()
v8.add_(v4)
v9.mean().backward()
w = torch.tensor([1.0, 2.0], requires_grad=True)
y = (w * 2).exp()
z = y * w
y.detach_()
y.add_(1)
z.sum().backward()
""",
    "a view made under no_grad requires grad when the root of its chain of views does": """
v1 = torch.tensor([0.999], requires_grad=True)
v3 = v1.reshape(())
v1.detach_()
with torch.no_grad():
    v6 = torch.FloatTensor(v3)
    v7 = v3.view(1)
    v8 = v3[None]
?(v3.requires_grad, v6.requires_grad, v7.requires_grad, v8.requires_grad)
?(v6.is_leaf, v6.grad_fn, v6)
w = torch.tensor([1.0, 2.0], requires_grad=True)
y = w * 2
with torch.no_grad():
    u = y[1:]
    u2 = u[0]
?(u.requires_grad, u2.requires_grad, u2.is_leaf)
""",
    ".data = on an integer operand an op promoted: the node reads the new data, promoted": """
v1 = torch.tensor([-2.5487196054474013], dtype=torch.float64, requires_grad=True)
v10 = torch.LongTensor([0.25, -2.023948087125788])
v12 = torch.div(v10, v1)
v10.data = abs(v10)
v12.sum().backward()
?v1.grad
w = torch.tensor([1.5, -2.0], requires_grad=True)
i = torch.tensor([1, -3])
y = i * w
i.data = torch.tensor([7, 8])
y.sum().backward()
?w.grad
""",
    "an empty leaf whose .data took another shape: torch's accumulator copies, and refuses": """
v2 = torch.zeros(0, 2, 2, requires_grad=True)
v6 = v2.reciprocal()
v2.data = torch.zeros(0, 1, 2)
torch.nn.functional.mse_loss(v6, v6).backward(retain_graph=True)
(v6 * 2).sum().backward()
?v2.grad
w = torch.zeros(0, 3, requires_grad=True)
y = w * 2
w.data = torch.zeros(0, 1, 3)
y.sum().backward()
?w.grad.shape
""",
    "gather and scatter: torch's checks in order, 0-d and empty indices, the reading order": """
?torch.tensor(0.5, requires_grad=True).gather(0, torch.tensor(1))
?torch.tensor(0.5).gather(-1, torch.tensor([0, 0]))
?torch.tensor([1.0, 2.0, 3.0]).gather(1, torch.tensor([0, 2]))
?torch.zeros(0, 1, dtype=torch.bool).gather(-1, torch.tensor([[0]]))
?torch.ones(1, 3, 3).gather(-4, torch.tensor([[[0, 0]], [[0, 0]]]))
?torch.ones(2, 2).gather(0, torch.tensor([[0, 3], [-1, 0]]))
?torch.ones(3, 2, 2).gather(0, torch.tensor([[[0, 3], [-1, 0]], [[7, 0], [0, 0]]]))
?torch.ones(2, 2).gather(0, torch.tensor([], dtype=torch.int64))
?torch.ones(2, 2).gather(0, torch.tensor([[]], dtype=torch.float32))
?torch.ones(2, 2).gather(0, torch.tensor([[True]]))
?torch.tensor([0.25, -0.0]).scatter(-1, torch.tensor([0, 0, 0]), torch.tensor([0.25, -0.0]))
?torch.tensor([0.25, -0.0]).scatter(-1, torch.tensor([0, 0]), torch.ones(2, dtype=torch.float64))
?torch.tensor(2.0).scatter(0, torch.tensor([0, 0]), torch.tensor([3.0, 4.0]))
?torch.ones(3, 3).scatter(1, torch.tensor([[0, 1], [7, -2]]), 2.0)
?torch.tensor([1, 2]).scatter(0, torch.tensor([0]), float("inf"))
?torch.tensor([1, 2]).byte().scatter(0, torch.tensor([0]), -1)
x = torch.tensor(0.5, requires_grad=True)
x.gather(0, torch.tensor([0, 0, 0])).mul(torch.tensor([1.0, 2.0, 3.0])).sum().backward()
?x.grad
v1 = torch.tensor(1.0, requires_grad=True)
torch.nn.functional.mse_loss(v1 * 1, v1.scatter(-1, torch.tensor(0), -0.5)).backward()
?v1.grad
w = torch.tensor([[1.0, -2.0]], requires_grad=True)
y = w.relu()
z = y.gather(1, torch.tensor([[1, 0]]))
y.mul_(2)
z.sum().backward()
""",
    "leaky_relu is its own op; unbind of 0-d; expand_as a 0-d; integer sums in int64": """
w = torch.tensor([1.0, -2.0, -0.0], dtype=torch.float64, requires_grad=True)
y = torch.nn.functional.leaky_relu(w, 0.2)
?y
y.sum().backward()
?w.grad
?torch.nn.LeakyReLU()(torch.tensor([1, -2]))
?torch.nn.functional.leaky_relu(torch.tensor([True]))
?torch.nn.functional.leaky_relu(torch.tensor([1.0]), -1e40)
?torch.tensor(1.0).unbind(0)
?torch.tensor(1.0).unbind(5)
?torch.ones(2).expand_as(torch.tensor(1.0))
?torch.tensor(1.0).expand_as(torch.ones(2, 2))
?torch.tensor([1, 2, 250]).byte().sum()
?torch.tensor([1, 2, 250]).byte().sum(0, keepdim=True)
?torch.tensor([1, 2], dtype=torch.int16).sum()
""",
    "a promoted operand is watched in its own place (torch checks other before self)": """
a = torch.tensor([0.5, 0.25], dtype=torch.float64, requires_grad=True)
b = torch.tensor([1.5], requires_grad=True)
y = torch.minimum(a, b)
z = a * b
w = torch.nn.functional.mse_loss(b.expand(2), a)
a.detach().zero_()
b.detach().zero_()
y.sum().backward()
z.sum().backward()
w.backward()
v2 = torch.tensor([-0.38, -3.0, -3.0], requires_grad=True)
v4 = torch.pow(v2, torch.tensor([2.17, 0.0, -3.0], dtype=torch.float64))
torch.nn.init.constant_(v4, True)
v2.detach().add_(0.0)
v4.mean().backward()
""",
    "setitem: the index tensors broadcast together before the value's dtype is read": """
v = torch.zeros(2, 3, 1)
v[False, [-1, -1], ...] = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
v[[0, 1], [-1, -1, 0]] = torch.tensor(1.0, dtype=torch.float64)
v[True, [-1, -1]] = torch.tensor([5.0], dtype=torch.float64)
v[[0, 1], [5, 0]] = torch.tensor(1.0, dtype=torch.float64)
""",
    "a number into an integer tensor: c10's overflow rules (uint8 wraps integers down to -255)": """
?torch.tensor([1]).byte().fill_(-2.5)
?torch.tensor([1]).byte().fill_(-255)
?torch.tensor([1]).byte().fill_(-256)
?torch.tensor([1]).byte().fill_(255.5)
?torch.tensor([1]).byte().fill_(-0.5)
?torch.tensor([1]).short().fill_(-32768.9)
?torch.tensor([1]).fill_(9.3e18)
v5 = torch.tensor(True).byte().view((1, 1, 1))
v5[None] = -2.5
?v5
""",
    "a 0-d value written over an expanded tensor of its own memory: torch fills, and refuses": """
v2 = torch.zeros((), dtype=torch.int64)
v6 = v2.reshape(()).expand(2)
v6[0:2] = v2
v6[...] = v2
?v6
""",
    "views of an integer tensor a write put in the graph: replayed (AsStridedBackward0)": """
v1 = torch.tensor(0.999, requires_grad=True)
b = torch.zeros(3, 3, dtype=torch.int64)
c = b.t()
d = b[0]
c[True] = v1
?(b.grad_fn.name(), c.grad_fn.name(), d.grad_fn.name(), c.requires_grad, d.is_leaf)
c * 2
d.float()
""",
    "clamp_ with tensor bounds: the memory overlap is checked before the shapes": """
torch.manual_seed(2)
v5 = torch.randperm(4)
v5.clamp_(min=torch.unsqueeze(v5, -2), max=None)
v5.clamp_(min=torch.ones(2, 4, dtype=torch.int64), max=v5[1:])
""",
    "narrow integer tensors and Python ints: in-place casts, wrapped operands, checked scalars": """
b = torch.tensor([2]).byte()
?b.mul_(torch.tensor(1))
?b.add_(torch.tensor([1, 2])[:1], alpha=-1)
?b * 1
?(b + 300, b * -3, 300 - b, b == 258, b != 258, b < 300)
?torch.tensor([2], dtype=torch.int16) + 70000
?b.add_(300)
?b.clamp(-1)
?b.clamp(0, 300)
?b.clamp_min(300)
?torch.where(torch.tensor([False]), b, -1)
?torch.where(torch.tensor([True]), b, 300)
?b.sub(1, alpha=300)
?b.add(1, alpha=-1)
?b.pow(-1)
?b.pow(256)
?torch.tensor([16777217]) < 16777217.5
?torch.tensor([True]) < 1.5
""",
    "unsqueeze keeps the other size-1 dimensions' strides (torch's overlap check reads them)": """
v4 = torch.zeros(3, 1, dtype=torch.float64)
v6 = torch.unsqueeze(v4.swapaxes(0, 1), 2)
v7 = v4.expand(1, -1, 1)
v6.div_(v7)
v6.copy_(v7)
?v6.is_contiguous()
?v4.unsqueeze(0).unsqueeze(-1).is_contiguous()
""",
    "Adam refuses a gradient of another dtype (a .data swap); number ** narrow-int tensor": """
v3 = torch.tensor([-1.19e-07], dtype=torch.float64, requires_grad=True)
v4 = torch.tensor([0.0, 0.5, 0.0], requires_grad=True)
v5 = v3.mean(dim=-1, keepdim=True)
with torch.no_grad():
    v3.data = v4
opt = torch.optim.Adam([v3, v4], lr=0.1, betas=(0.8, 0.9))
v5.abs().sum().backward()
opt.step()
?(v3, v4, opt.state[v3])
v6 = torch.tensor([[3.0, -1.0]]).short()
?(-1 ** v6, 2 ** v6, 2.5 ** v6, 300 ** torch.tensor([1]).byte(), 2 ** torch.tensor([True]))
""",
    "scatter's result is contiguous; backward from a bool tensor in the graph asserts": """
v1 = torch.tensor([[0.5, 0.5], [-0.45, 2.4], [-0.0, -0.76]], requires_grad=True)
v5 = v1.permute(1, 0).scatter(-2, torch.tensor([[0], [0]]), 3)
?(v5.is_contiguous(), v5.contiguous().grad_fn.name(), torch.reshape(v5, (6,)).grad_fn.name())
b = torch.zeros(3, 1, 3, dtype=torch.bool)
b[None, ..., ...] = torch.zeros((), requires_grad=True)
b.backward(gradient=torch.ones(3, 1, 3))
""",
    "copy_ from a tensor of the same memory, shape and strides: no overlap check": """
v1 = torch.tensor([-1.02])
v4 = v1.expand(1, 2)
v9 = v4.detach()
v9.copy_(v4)
?(v9, v9._version, v1._version)
z = torch.tensor([1.0, 2.0]).expand(2, 2)
z.copy_(z.t())
w = torch.tensor([1.0, 2.0], requires_grad=True)
y = w * 1
y.copy_(y)
?(y.grad_fn.name(), y._version)
""",
    "an operand saved in a promoted copy is promoted again at backward (.data writes show)": """
v1 = torch.tensor([-0.697, 8.8e-109, 0.0], dtype=torch.float64, requires_grad=True)
v2 = torch.ones((), dtype=torch.float32)
v3 = v1 * 2
v3 *= v2
v2.data.mul_(float('-inf'))
torch.nn.functional.mse_loss(v3, v1).backward()
?v1.grad
""",
    "backward from a leaf view that asked for grad itself (its base needs none)": """
v3 = torch.ones(3, 3)
with torch.set_grad_enabled(False):
    v6 = v3 * 2
v7 = v6.reshape_as(v3)
v7.requires_grad_()
v7.backward(gradient=torch.ones(3, 3))
?v7.grad
w = torch.ones(3, requires_grad=True)
with torch.no_grad():
    v = w[:2]
v.backward(torch.ones(2))
v.requires_grad_()
v.backward(torch.ones(2))
?(v.grad, w.grad)
""",
    ".data = on a view whose history became invalid: set_data reads no history": """
torch.manual_seed(2)
v1 = torch.randn(17, requires_grad=True)
v3 = v1.var((-1,), keepdim=True)
with torch.no_grad():
    v4 = torch.Tensor(v3)
v3.mul_(v4)
v4.data = torch.zeros(2, 2)
?(v4, v4.shape)
?v4.grad_fn
""",
    "nll_loss's backward refuses a saved input whose .data took another dtype": """
torch.manual_seed(3)
v2 = torch.rand(90, requires_grad=True)
v3 = v2.expand_as(v2)
v4 = torch.nn.NLLLoss()(v3, torch.tensor(34))
v3.data = torch.full((90,), -0.07, dtype=torch.float64)
(v4 * 2).backward()
?v2.grad
""",
    "mm's backward refuses a saved operand of another dtype (mat2's gradient first)": """
w = torch.tensor([[0.25, 0.5], [0.75, 0.125]], requires_grad=True)
b = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
y = (w @ b).sum()
w.data = w.data.double()
y.backward()
""",
    "mm's backward: a column-major mat1 turns the operands of mat1's gradient round": """
w = torch.tensor([[0.25, 0.5], [0.75, 0.125]], requires_grad=True)
b = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
c = w.t().contiguous().t().detach().requires_grad_()
y = (c @ b).sum()
b.data = b.data.double()
y.backward()
""",
    "mv's backward for the vector refuses a matrix of another dtype (addmv's words)": """
w = torch.tensor([[0.25, 0.5], [0.75, 0.125]], requires_grad=True)
v = torch.tensor([1., 2.], requires_grad=True)
y = w.matmul(v).sum()
w.data = w.data.double()
y.backward()
""",
    "a 1-D @ 2-D product saved the unsqueezed view: its old data and dtype": """
w = torch.tensor([[0.25, 0.5], [0.75, 0.125]], requires_grad=True)
v = torch.tensor([1., 2.], requires_grad=True)
y = v.matmul(w).sum()
v.data = torch.tensor([5., 6.], dtype=torch.float64)
y.backward()
?w.grad
""",
    "F.linear with a bias: mat2 is the weight's transpose, column-major": """
w = torch.tensor([[0.25, 0.5], [0.75, 0.125]], requires_grad=True)
x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
y = torch.nn.functional.linear(x, w, torch.zeros(2)).sum()
x.data = x.data.double()
y.backward()
""",
    "binary_cross_entropy's backward refuses a saved input or target of another dtype": """
w = torch.tensor([[0.25, 0.5], [0.75, 0.125]], requires_grad=True)
t = torch.tensor([[1., 0.], [0.5, 0.25]])
y = torch.nn.functional.binary_cross_entropy(w, t)
t.data = t.data.double()
y.backward()
""",
    "nll_loss saved its target and weight: written in place since, backward raises": """
w = torch.tensor([[0.25, 0.5], [0.75, 0.125]], requires_grad=True)
tg = torch.tensor([0, 1])
wt = torch.tensor([1., 2.])
y = torch.nn.functional.nll_loss(w, tg, weight=wt)
z = torch.nn.functional.nll_loss(w, tg)
wt.mul_(2)
y.backward()
tg.fill_(1)
z.backward()
""",
    "nll_loss reads a target's and weight's .data = at backward, and checks them": """
w = torch.tensor([[0.25, 0.5], [0.75, 0.125]], requires_grad=True)
tg = torch.tensor([0, 1])
wt = torch.tensor([1., 2.])
y = torch.nn.functional.cross_entropy(w, tg, weight=wt)
tg.data = torch.tensor([1, 1])
wt.data = torch.tensor([3., 5.])
y.backward()
?w.grad
y = torch.nn.functional.nll_loss(w, tg, weight=wt)
wt.data = torch.tensor([3., 5., 4.])
y.backward()
y = torch.nn.functional.nll_loss(w, tg)
tg.data = torch.tensor([1, 7])
y.backward()
y = torch.nn.functional.nll_loss(w, tg)
tg.data = torch.tensor([1, 1, 0])
y.backward()
y = torch.nn.functional.nll_loss(w, tg, weight=wt[:2])
wt.data = torch.tensor([3., 5.], dtype=torch.float64)
y.backward()
""",
    "gather and scatter saved the index: written since raises; a .data = is read and checked": """
w = torch.tensor([[0.25, 0.5], [0.75, 0.125]], requires_grad=True)
ix = torch.tensor([[0], [1]])
s = torch.tensor([[2.], [3.]], requires_grad=True)
y = w.gather(1, ix).sum()
z = w.scatter(1, ix, 5.).sum()
ix.fill_(1)
y.backward()
z.backward()
ix = torch.tensor([[0], [1]])
y = w.gather(1, ix).sum()
ix.data = torch.tensor([[1], [1]])
y.backward()
?w.grad
y = w.scatter(1, ix, s).sum()
ix.data = torch.tensor([[1], [0]])
y.backward()
?(w.grad, s.grad)
y = w.gather(1, ix).sum()
ix.data = torch.tensor([[1, 0], [1, 1]])
y.backward()
y = w.gather(1, ix).sum()
ix.data = torch.tensor([[5], [1]])
y.backward()
y = w.gather(1, ix).sum()
ix.data = torch.tensor([[1.], [1.]])
y.backward()
""",
    "binary_cross_entropy saved its weight expanded to the input (the message's shape)": """
w = torch.tensor([[0.25, 0.5], [0.75, 0.125]], requires_grad=True)
t = torch.tensor([[1., 0.], [0.5, 0.25]])
wt = torch.tensor([1., 2.])
y = torch.nn.BCELoss(weight=wt)(w, t)
wt.mul_(2)
y.backward()
""",
    "an in-place op on a tensor with no history lists its self edge as (None, 0)": """
v1 = torch.tensor(1.5, dtype=torch.float64, requires_grad=True)
v2 = torch.ones(2)
v2.copy_(v1)
?[repr(f).split(' object')[0] for f, _ in v2.grad_fn.next_functions]
v3 = torch.ones(2)
v3.fill_(v1.float())
?[repr(f).split(' object')[0] for f, _ in v3.grad_fn.next_functions]
v4 = torch.ones(2)
v4[torch.tensor([True, False])] = v1.float()
?[repr(f).split(' object')[0] for f, _ in v4.grad_fn.next_functions]
v5 = torch.ones(2)
v5.mul_(v1)
?[repr(f).split(' object')[0] for f, _ in v5.grad_fn.next_functions]
""",
    "an expanded vector's sum goes row by row (fuzz seed 5112)": """
v4 = torch.tensor([[-1.0055449188488446], [-2.7308989084385717]], dtype=torch.float64)
v8 = torch.squeeze(v4, -1).expand(2, 2)
?v8.sum().item()
?v8.view(2, 2).sum(0).tolist()
?v4.t().expand(2, 2).sum().item()
""",
    "scatter of a number checks the index before converting the number (seeds 5121, 5138)": """
b = torch.zeros(3, dtype=torch.uint8)
b.scatter(0, torch.tensor([-1]), float('inf'))
b.scatter(0, torch.tensor([5]), -0.5)
b.scatter(0, torch.tensor([0]), 300)
?b.scatter(0, torch.tensor([], dtype=torch.int64), float('nan'))
""",
    "integer add/sub with alpha wrap in the dtype; a bool alpha only for bool results": """
b = torch.zeros(3, dtype=torch.uint8)
?b.add(3, alpha=-1)
?b.sub(300, alpha=-2)
b.add_(-1, alpha=255)
?b
s = torch.zeros(2, dtype=torch.int16)
?s.add(300, alpha=256)
b.add(3, alpha=True)
torch.ones(2).add(1, alpha=True)
?torch.tensor([True, False]).add(torch.tensor([False, False]), alpha=True)
""",
    "pow of two bool tensors checks their shapes before refusing Bool (fuzz seed 3030)": """
q = torch.tensor([[False, True, True], [True, True, False]])
torch.pow(q, torch.ones(2, dtype=torch.bool))
torch.pow(q, torch.ones(3, dtype=torch.bool))
""",
    "an integer tensor refuses a float alpha even of 1.0 (fuzz seed 5210)": """
b = torch.zeros(2, dtype=torch.uint8)
b.add_(0, alpha=1.0)
b.sub(1, alpha=1.0)
?torch.ones(2).add(1, alpha=1.0)
""",
    "a cast of an expanded tensor is laid out contiguous, so Linear takes addmm (seed 5213)": """
v3 = torch.ones(3, 2, 2, dtype=torch.bool).expand(2, 3, 2, 2)
v6 = v3.short()
?v6.is_contiguous()
torch.manual_seed(0)
torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU())(v6)
""",
    "a 0-d tensor expanded to () still has its gradient summed: -0.0 becomes 0 (seed 3218)": """
v2 = torch.tensor(-1.6655305624008179, requires_grad=True)
v6 = v2.expand_as(torch.tensor(-2.0))
v6.backward(gradient=torch.tensor(-0.0))
?v2.grad
""",
    "mean's gradient stays a full tensor through a no-op squeeze (seed 5315)": """
v1 = torch.nn.Parameter(torch.tensor(0.0, dtype=torch.float64))
v4 = v1.expand(51, 2)
v4.squeeze(-2).mean().backward()
?v1.grad.item()
""",
    "reshape checks the shape before the history of a no_grad view (seed 5315)": """
v1 = torch.ones(2, 3, dtype=torch.float64, requires_grad=True)
with torch.no_grad():
    v2 = v1.t()
v2 += 1
v2.reshape(7)
v2.reshape(6)
v2.view(7)
""",
    "clamp_ with max=self: the version error names self at max's place (seed 3217)": """
v1 = torch.tensor([[0.25, 2.0, 0.5]], requires_grad=True)
v5 = 1 / v1
v6 = torch.sqrt(v5)
with torch.no_grad():
    v7 = v5 * 2
v7.clamp_(min=v6, max=v7)
with torch.no_grad():
    v6 /= 3.7
v7.std().backward()
""",
    "a leaf that stopped requiring grad still has its gradient's shape checked (seed 3300)": """
v1 = torch.ones(2, 2, 3, dtype=torch.float64, requires_grad=True)
v5 = v1.scatter(2, torch.tensor([[[1, 1]], [[2, 2]]]), v1)
v1.requires_grad_(False)
v5.mean().backward(retain_graph=True)
?v1.grad
""",
    "a clone of an expanded log_softmax is contiguous: flatten is a view (seed 5501)": """
v1 = torch.tensor([[[-1.48]], [[0.11]], [[-1.33]]], dtype=torch.float64, requires_grad=True)
v6 = torch.nn.LogSoftmax(dim=-3)(v1).expand(3, 2, 1).clone()
v7 = v6.flatten()
?v7.grad_fn.name()
with torch.no_grad():
    v8 = v6.flatten()
?v8.requires_grad
""",
    "setitem with a tensor index refuses a value needing grad into a no_grad view (seed 5601)": """
v1 = torch.tensor([0.5, -0.0], dtype=torch.float64, requires_grad=True)
v2 = torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=torch.float64)
with torch.no_grad():
    v3 = v2.squeeze()
v3[torch.tensor([0, 0])] = v1
v3[torch.tensor([True, False])] = v1.sum()
v3[torch.tensor([0, 0])] = v1.detach()
?v2.tolist()
?v2.requires_grad
""",
    "a one-element value through one bool mask is masked_fill_: no overlap check (seed 5604)": """
v1 = torch.tensor([True])
v1[[True]] = v1
?v1
v2 = torch.tensor([[1.0, 2.0]])
v2[:, torch.tensor([True, False])] = v2[0, 1:]
?v2
v2[torch.tensor([[False, True]])] = v2[0, 0]
?v2
v2[torch.tensor([0])] = v2[0, 1:]
v2[torch.tensor([True]), torch.tensor([True, False])] = v2[0, 1:]
""",
    "an in-place op reading a broadcast 0-d view of its own memory reads it live (seed 5225)": """
torch.manual_seed(1)
v2 = torch.randn(48, 4, dtype=torch.float64)
v4 = v2[..., -1::2]
v4 /= v4[18, 0]
?v2.tolist()
""",
    "sub_ of a column of itself: short rows read the written column back (seed 5326)": """
v1 = torch.tensor([[0.9545349584420837, -1.8302175527445317], [-0.5, 0.25]], dtype=torch.float64)
v1.sub_(v1[:, 0:-1])
?v1.tolist()
v3 = torch.arange(12.0).view(2, 6)[:, ::2]
v3[torch.tensor([1, 0])] = v3[:, 0:1]
?v3.tolist()
""",
    "gather's result is row-major whatever its index's layout: sums walk it so (seed 5814)": """
torch.manual_seed(0)
v2 = torch.rand(4, 164, dtype=torch.float64, requires_grad=True)
v5 = v2[torch.tensor([0, -1])]
torch.manual_seed(2)
v8 = torch.gather(v5, 0, torch.t(torch.randint(0, 2, (2, 3))))
?v8.is_contiguous()
?v8.unsqueeze(-2).abs().sum().item()
""",
    "in-place ops on an integer or bool graph tensor are recorded, but copy_ (seed 5818)": """
v1 = torch.tensor(-2.5, dtype=torch.float64, requires_grad=True)
v2 = torch.zeros(3, 1, 2, dtype=torch.bool)
v2[-3, 0:] = v1
v2.fill_(2.0)
?v2.grad_fn.name()
?v2.tolist()
v2.zero_()
?v2.grad_fn.name()
v2.mul_(torch.ones(2, dtype=torch.bool))
?v2.grad_fn.name()
v2.copy_(torch.ones(3, 1, 2))
?v2.grad_fn.name()
v2 * 2
v2.sign()
v2.clamp(0, 1)
v3 = torch.zeros(2, dtype=torch.int64)
v3[0:] = v1
v3.add_(1)
?v3.grad_fn.name()
v3 -= 1
?v3.grad_fn.name()
v3.scatter_(0, torch.tensor([1]), 5)
?v3.grad_fn.name()
v3.clamp_(min=0)
v3.sum().backward()
""",
    "scatter converts its number as it writes an element, after a good index (seed 5821)": """
b = torch.tensor([[1, 2]]).byte()
b.scatter(0, torch.tensor([[0, -1]]), -3.5)
b.scatter(0, torch.tensor([[-1, 0]]), -3.5)
c = torch.tensor([[1, 2], [3, 4]]).byte()
c.scatter(1, torch.tensor([[0], [7]]), 300)
c.scatter(1, torch.tensor([[7], [0]]), 300)
""",
    "a leaf's own backward checks its seed against its accumulator's shape (seed 3816)": """
v1 = torch.tensor([[[0.25]], [[1.5]]], dtype=torch.float64, requires_grad=True)
v2 = 0.01 - v1
v1.data = torch.tensor([2.5], dtype=torch.float64)
v1.backward(gradient=torch.tensor([-1.5], dtype=torch.float64))
?v1.grad
del v2
v1.backward(gradient=torch.tensor([-1.5], dtype=torch.float64))
?v1.grad
w = torch.tensor([[[0.25]], [[1.5]]], dtype=torch.float64, requires_grad=True)
w2 = 0.01 - w
w.data = torch.tensor([2.5], dtype=torch.float64)
del w2
(w * 2).sum().backward()
?w.grad
""",
    "max(dim)'s 0-d results keep the kept size 1 past their size array's end (seed 3818)": """
v3 = torch.tensor([-2.7], requires_grad=True)
v4 = v3.max(0)[0]
v4[-1] = v3.exp()
v4.detach()[1] = 1.0
i = v3.min(0)[1]
i[-1] = 0
i[-2] = 0
v3.sum(0)[-1] = 1.0
""",
    "a node whose edges all lead nowhere reads nothing it saved (seed 6002)": """
torch.manual_seed(1)
v1 = torch.rand(5, 1, dtype=torch.float64, requires_grad=True)
with torch.no_grad():
    v5 = v1.T
v8 = v5.data
v8.mul_(v5)
v13 = v8.clone().sum()
v13.backward()
v13.backward()
?v1.grad
w = v5.data.clone()
w.mul_(v5)
with torch.no_grad():
    v1.add_(1)
w.sum().backward()
?w.grad_fn.name()
with torch.no_grad():
    u = (1.5 + v1).squeeze(1)
a = u.abs().sum()
a.backward()
a.backward()
c = torch.clip(u, min=0.0).sum()
c.backward()
c.backward()
""",
    "an index result's size-1 strides; scatter reads an expanded self's clone (seed 6212)": """
v1 = torch.tensor([[[1.5]], [[-1.4e-45]], [[-3.0]]], dtype=torch.float32)
v7 = v1.reshape_as(v1)[(1, ..., [-1, -1])]
v8 = torch.t(v7)
v7 *= v8
v4 = torch.tensor([[[-0.5]]], dtype=torch.float32, requires_grad=True)
v6 = v4.expand(1, 2, 2, 3)
v6.scatter(0, torch.tensor([[[[0, 0], [-1, 0]]], [[[0, 1], [0, 0]]], [[[0, 0], [0, 0]]]]), 0.5)
""",
    "optimizers read .grad as torch (a non-leaf's warns); zero_grad zeroes in place (4212)": """
v1 = torch.tensor(1.0)
v2 = v1.view(1, -1)
v1.requires_grad_()
(v1 * v1).backward()
opt = torch.optim.Adam([v1, v2], lr=0.1)
opt.step()
?v2.is_leaf
opt.zero_grad(set_to_none=False)
opt.step()
opt.zero_grad()
w = torch.tensor([1.0, 2.0], requires_grad=True)
(w * 3).sum().backward()
g = w.grad
z = w * g
s2 = torch.optim.SGD([w], lr=0.1)
s2.zero_grad(set_to_none=False)
?g._version
?g
z.sum().backward()
""",
    "var's gradient with no degrees of freedom is nan where the value is its mean (4223)": """
v4 = torch.tensor(-0.0, dtype=torch.float64, requires_grad=True)
v6 = v4.pow(-2)
v6.var((-1,), keepdim=True).backward()
?v4.grad
u = torch.tensor([float('inf')], requires_grad=True)
u.var().backward()
?u.grad
""",
    "a value requiring grad written into a no_grad view is refused as torch (seed 4236)": """
v1 = torch.tensor([0.5], requires_grad=True, dtype=torch.float64)
v2 = torch.ones(2, 3, 3, dtype=torch.float64)
v5 = torch.squeeze(v1, 0)
v6 = v1.expand(3, 3) * 1
with torch.no_grad():
    v8 = v2.expand(2, 3, -1)
    v9 = v2[0]
v8[0:-1:2, -1:2, 0] = v5
v9[0:1] = v5
v9.fill_(v5)
v9.clamp_(min=v5)
v9.clamp_(max=v6)
v9.scatter_(0, torch.tensor([[0]]), v6)
v9.scatter_(0, torch.tensor([[0]]), src=v6)
?v2.requires_grad
""",
    "setitem of an expanded tensor's own memory copies nothing, checks no overlap (6314)": """
v3 = torch.tensor([[[False], [True]]], dtype=torch.bool)
v5 = v3.expand(1, 2, 2, -1)
v5[-1] = v3
?v3._version
v5[0] = v3[0]
v5[0] = v3[0].clone()
v5[-1] = torch.tensor([[[True], [True]]])
w = torch.tensor([[[1.0], [2.0]]], requires_grad=True)
u = w * 1
u.expand(1, 2, 2, -1)[-1] = u
""",
    "a transposed mean gradient is summed in the order of torch's full tensor (seed 6330)": """
w = torch.tensor([[0.25], [-0.1]], dtype=torch.float64, requires_grad=True)
v6 = w.expand(2, 134)
v6.t().mean().backward()
?w.grad.tolist()
w.grad = None
torch.transpose(v6, 0, 1).mean().backward()
?w.grad.tolist()
w.grad = None
v6.unsqueeze(0).permute(2, 0, 1).mean().backward()
?w.grad.tolist()
""",
    "a retained gradient is a row-major copy, then a new tensor per backward (torch's hook)": """
w = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
y = w * 2
y.retain_grad()
z = (y * y).sum()
z.backward(retain_graph=True)
g = y.grad
z.backward()
?g
?y.grad
?g is y.grad
?y.grad._version
u = w.t() * 1
u.retain_grad()
(u + u + u.t()).sum().backward()
?u.grad
?u.grad.is_contiguous()
""",
    "a written view's history is remade when asked for: until then torch's checks see a leaf": """
v1 = torch.tensor([1.0, 2.0])
v2 = v1.view(1, -1)
v3 = v1[0]
v4 = v1[1]
v5 = v1.view(2)
v1.requires_grad_()
with torch.no_grad():
    v1.add_(1)
v2.grad
v2.retain_grad()
v2.grad
v3.requires_grad_(False)
v3.requires_grad = False
?v3.requires_grad
?v3.is_leaf
v3.grad
?v2.retains_grad
(v2 * 2).sum().backward()
?v2.grad
?v2.retains_grad
v4.retain_grad()
repr(v4)
v4.grad
v5.retain_grad()
?v5.retains_grad
opt = torch.optim.SGD([v1], lr=0.1)
opt.step()
torch.optim.SGD([v1, v5], lr=0.1).step()
""",
    "softmax's result and gradient: torch's size-1 strides of a contiguous tensor (6444, 4444)": """
v1 = torch.tensor([[2.7099344823028755], [2.0], [-2.0]], dtype=torch.float64, requires_grad=True)
v2 = torch.nn.Softmax(dim=0)(v1)
v3 = torch.t(v2)
v2 /= v3
u = torch.tensor([[0.5, -1.0, 2.0]], requires_grad=True)
w = torch.log_softmax(u.t(), 0)
w.mul_(w.t())
s = torch.softmax(u.t(), 0).detach()
s.sub_(s.t())
z = torch.zeros(1, 3, 1, dtype=torch.float32, requires_grad=True)
?torch.nn.LogSoftmax(dim=-3)(z) @ torch.tensor([[-1.0, 0.4223012924194336, 0.0]])
""",
    "an optimizer step refuses a gradient of the shape .data had before (thorough profile)": """
v1 = torch.nn.Parameter(torch.tensor(0.5))
v3 = torch.nn.Parameter(torch.tensor([0.0, 1.0, 2.0]))
v6 = v3[[0]] + v1
with torch.no_grad():
    v3.data = v1
v6.sum().backward()
sgd = torch.optim.SGD([v1, v3], lr=0.1, momentum=0.9)
sgd.step()
?v1
?len(sgd.state)
adam = torch.optim.Adam([v1, v3], lr=0.1)
adam.step()
?v1
?[str(s["step"]) for s in adam.state.values()]
""",
    "one bool mask beside ... or covering slices is torch's masked_fill_ (6452, 6472)": """
v1 = torch.tensor([3.0, -0.0], dtype=torch.float32, requires_grad=True)
v3 = v1.detach()
v6 = v3.expand(2, 2)
v6[[False, True], :5] = 3
v6[[True, False], 0:] = torch.tensor([2.0])
v6[[True, True], -5:] = v6[0, 0]
?v6
v2 = torch.tensor([[[-1.0, -1.0, 0.0], [1.25, -0.0, 0.5]]], requires_grad=True)
v4 = torch.nn.LeakyReLU()(v2)
v4[[True], ..., -1:-1] = torch.tensor([0], dtype=torch.int64)
?v4
v5 = v2 * 1
v5[[True], ...] = torch.tensor([7], dtype=torch.int64)
?v5
""",
    "a leaf's own backward: its first gradient is copied into the leaf's shape (seed 4464)": """
v1 = torch.tensor(0.49000000953674316, dtype=torch.float32, requires_grad=True)
v2 = torch.tensor([-1.2936366999838356e-07], dtype=torch.float32)
v2[0:2] = v1
v1.data = v2
v1.backward(gradient=torch.tensor([0.1465931236743927], dtype=torch.float32))
?v1.grad
?v1.grad._version
w = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
G = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
w.backward(G)
?w.grad is G
?w.grad._version
w.backward(G)
?w.grad._version
""",
    "mse_loss's backward reads its inputs as they are then (a write through .data, 4478)": """
v3 = torch.tensor([-0.0, 0.0, 2.0], dtype=torch.float32, requires_grad=True)
y = torch.tensor([2.0, -1.1179286241531372, -0.6899641752243042], requires_grad=True)
v5 = torch.nn.functional.mse_loss(v3, y, reduction='mean')
v3.data.mul_(0.5)
y.data.add_(1.0)
v5.mean().backward()
?v3.grad
?y.grad
""",
    "a backward that raises: a leaf given another dtype has a new accumulator (thorough)": """
v1 = torch.nn.Parameter(torch.tensor([[0.0, 0.0]], dtype=torch.float32))
v3 = torch.tensor([0.0], dtype=torch.float64)
v4 = v1.add(v3, alpha=float('inf'))
v7 = 0.0 ** v4
with torch.no_grad():
    v4.mul_(2)
with torch.no_grad():
    v1.data = v4
v10 = torch.nn.functional.mse_loss(v7, v1)
v10.backward(retain_graph=True)
?v1.grad
""",
    "SGD's momentum buffer scaled in its own dtype after a .data swap (seed 4509)": """
v1 = torch.tensor([[2.5, -2.125], [-3.0, float('-inf')]], dtype=torch.float32, requires_grad=True)
v2 = v1.double()
v1.data = torch.tensor([[2.2e-311, -1.0], [2.25e-303, -3.0]], dtype=torch.float64)
y = torch.tensor([[0.5, -1.875], [0.0, 1.5]], dtype=torch.float64)
v5 = torch.nn.functional.mse_loss(v2, y)
opt = torch.optim.SGD([v1], lr=0.1, momentum=0.9)
v5.backward()
opt.step()
opt.zero_grad(set_to_none=False)
opt.step()
?v1.tolist()
?opt.state[v1]['momentum_buffer'].tolist()
?opt.state[v1]['momentum_buffer']._version
?opt.state[torch.zeros(1)]
""",
    "clamp_ with tensor bounds checks self's overlap before the result type (seed 4534)": """
v2 = torch.tensor([[-0.0, 2.8387410640716553]], dtype=torch.float32, requires_grad=True)
v4 = torch.tensor(3, dtype=torch.int64)
v5 = v2.mean()
v6 = v4.expand(2)
v6.clamp_(min=v5, max=v4)
v6.clamp_(max=v5)
v6.clamp_(min=0.5)
w = torch.tensor([3, 4])
w.clamp_(min=v5)
""",
    "scatter_ checks dtypes and shapes before self's overlap, as its meta function": """
s = torch.tensor(3).expand(2)
s.scatter_(0, torch.tensor([0, 1]), torch.tensor([0.5, 1.5]))
s.scatter_(0, torch.tensor([0., 1.]), torch.tensor([0.5, 1.5]))
s.scatter_(0, torch.tensor([0, 1]), 1.5)
t = torch.tensor([1., 2.]).expand(2, 2)
t.scatter_(0, torch.tensor([[0, 1], [1, 0]]), torch.tensor([[0.5, 1.5], [2., 3.]]).double())
t.scatter_(5, torch.tensor([0, 1]), torch.tensor([0.5, 1.5]))
t.scatter_(0, torch.tensor([[0, 1], [1, 0]]), torch.tensor([[0.5, 1.5], [2., 3.]]))
""",
    "expand's backward sums to its input's shape; the old accumulator refuses it (seed 4540)": """
v2 = torch.tensor([[[1.05], [2.6875], [1.5]]], dtype=torch.float64, requires_grad=True)
v4 = v2.exp()
v2.data = torch.tensor([[-0.5], [1.0], [0.0]], dtype=torch.float64)
v7 = torch.nn.functional.mse_loss(v2, v4)
v7.backward(retain_graph=True)
?v2.grad
w = torch.tensor([[[1.05], [2.6875], [1.5]]], dtype=torch.float64, requires_grad=True)
u = w.exp()
w.data = torch.tensor([[-0.5], [1.0], [0.0]], dtype=torch.float64)
(w * torch.ones(1, 3, 1, dtype=torch.float64)).sum().backward()
?w.grad
w.expand(2, 3, 1).sum().backward()
?w.grad
""",
    "fill_ of a leaf requiring grad refuses the leaf before the value's dimensions": """
s = torch.tensor([3., 4.], requires_grad=True)
s.fill_(torch.tensor([0.5, 1.5]))
s.expand(2, 2).fill_(torch.tensor([0.5, 1.5]))
t = torch.tensor([3., 4.])
t.fill_(torch.tensor([0.5, 1.5], requires_grad=True))
""",
    "two ... past the end: torch reads the strides that follow the sizes (seed 6573)": """
v3 = torch.tensor([[[-3.5e-235, 0.45, -3.0], [-2.0, 0.5, -0.5], [-0.0, 1.0, -1.0]]]).double()
v5 = torch.unsqueeze(v3, 1)
v6 = v5[(slice(None), ..., ..., -3)]
v6 = v5[(..., ..., 2)]
v6 = v5[(..., 1, slice(0, 1), 20, ...)]
""",
    "a 0-d bool tensor index is a Python bool: unsqueeze, then index (seed 4650)": """
v1 = torch.nn.Parameter(torch.tensor(1.3903930187225342))
v4 = v1[v1 > 0]
?v4.grad_fn.next_functions[0][0].name()
?v4.grad_fn.next_functions[0][0].next_functions[0][0].name()
m = torch.tensor([[1., -2.], [3., 4.]], requires_grad=True)
r = m[0, torch.tensor(True)]
?r.grad_fn.next_functions[0][0].name()
r = m[torch.tensor(False), torch.tensor(True)]
?r.shape
?r.grad_fn.next_functions[0][0].name()
r = m[..., torch.tensor(True)]
?r.tolist()
r.sum().backward()
?m.grad
""",
    "a saved nn.Linear input given other dimensions by .data: torch's mm refusals": """
v1 = torch.nn.Parameter(torch.zeros(0, 0))
torch.manual_seed(0)
v6 = torch.nn.Linear(0, 1)(v1)
with torch.no_grad():
    v1.data = torch.tensor([0.0])
v6.sum().backward()
x = torch.ones(3, 2)
torch.manual_seed(0)
lin = torch.nn.Linear(2, 1)
y = lin(x)
x.data = torch.ones(2)
y.sum().backward()
y = lin(x.data.expand(3, 2))
x.data = torch.ones(1, 3, 2)
y.sum().backward()
x2 = torch.ones(3, 2, requires_grad=True)
y = lin(x2)
with torch.no_grad():
    x2.data = torch.ones(2, 3)
y.sum().backward()
x3 = torch.ones(3, 2)
y = lin(x3)
x3.data = torch.ones(4, 2)
y.sum().backward()
""",
}


def run(lib, program: str) -> list[str]:
    """Run ``program`` with ``torch`` bound to ``lib``; what a user sees, line by line."""
    env = {"torch": lib}
    seen = []
    for line in statements(program):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                if line.startswith("?"):
                    seen.append(repr(eval(line[1:], env)))
                else:
                    exec(line, env)
            except Exception as e:  # noqa: BLE001 - the class and message are compared
                seen.append(f"{type(e).__name__}: {e}")
        seen.extend(f"warning {w.category.__name__}: {w.message}" for w in caught)
    return seen


def statements(program: str) -> list[str]:
    """The program's statements: one per line, a block (``with ...:`` and its indented
    lines) as one."""
    out: list[str] = []
    for line in program.strip().splitlines():
        if line.startswith((" ", "\t")) and out:
            out[-1] += "\n" + line
        else:
            out.append(line)
    return out


def test_statements_keep_a_block_whole():
    program = "x = 1\nwith torch.no_grad():\n    y = x\n    z = y\n?z"
    assert statements(program) == ["x = 1", "with torch.no_grad():\n    y = x\n    z = y", "?z"]
    assert run(torch, program) == ["1"]


@pytest.mark.parametrize("name", PROGRAMS)
def test_program_behaves_as_in_torch(name):
    program = PROGRAMS[name]
    theirs, ours = run(torch, program), run(minigrad, program)
    broken = ("SyntaxError", "IndentationError", "NameError")
    assert not any(line.startswith(broken) for line in theirs), "every statement runs in torch"
    assert ours == theirs, "\n".join(
        f"{'  ' if a == b else '!!'} torch: {a}\n   minigrad: {b}" for a, b in zip(theirs, ours)
    )
