"""The table of statement kinds: one row per way of calling the API the README claims.

A row is written once as Python source against ``lib`` / ``F``; the same text runs on torch
and on minigrad. Placeholders: ``{a}`` is a live tensor variable picked for the row (rows of
arity 0 pick none), ``{t}`` the variable the line assigns, and every other ``{name}`` is
filled by the row's ``params(ctx, a)``, which draws source text (a second operand, a dim, a
shape, ...). ``value`` / ``grad`` are the documented bounds (:mod:`.tolerance`); ``params``
may override them with ``_value`` / ``_grad`` (``x ** 3`` is LIBM, ``x ** 2`` exact).

Adding an op is one row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .params import (
    alpha,
    at_least,
    bounds,
    cat_args,
    class_target,
    data_list,
    dims,
    dtype_param,
    element,
    expand,
    exponent,
    gather_index,
    grad_target,
    index,
    linear_args,
    linear_shape,
    list_index,
    loader,
    loss_args,
    matmul_operand,
    nd,
    needs_grad,
    new_shape,
    new_shape_args,
    number,
    one_dim,
    one_hot,
    operand,
    pair,
    perm,
    plain_leaf,
    probabilities,
    randint_args,
    scatter_number,
    seed_shape,
    seeded,
    shape_ctor,
    tensor_bounds,
    two_dims,
    unsqueeze_dim,
)
from .tolerance import EXACT, LIBM, LIBM_RED, MM, SATURATING, Tol
from .values import Ctx

Params = Callable[[Ctx, Any], dict[str, Any]]


@dataclass(frozen=True)
class Kind:
    """One statement kind (see the module docstring)."""

    name: str
    template: str
    params: Params | None = None
    arity: int = 1
    pick: Callable[[Any], bool] | None = None  # preferred first argument (torch tensor)
    value: Tol = EXACT
    grad: Tol = EXACT
    assign: bool = True  # ``{t} = template`` (unless the template places ``{t}`` itself)


# ------------------------------------------------------------------ the table
ARITHMETIC: list[Kind] = [
    # arithmetic with a tensor, a literal or a number (operand decides), and reflected forms
    Kind("add", "{a} + {b}", operand),
    Kind("sub", "{a} - {b}", operand),
    Kind("mul", "{a} * {b}", operand),
    Kind("div", "{a} / {b}", operand),
    Kind("radd", "{n} + {a}", number),
    Kind("rsub", "{n} - {a}", number),
    Kind("rmul", "{n} * {a}", number),
    Kind("rdiv", "{n} / {a}", number),
    Kind("rpow", "{n} ** {a}", number, value=LIBM, grad=LIBM_RED),
    Kind("add_alpha", "{a}.add({b}, alpha={alpha})", alpha),
    Kind("torch.add_alpha", "lib.add({a}, {b}, alpha={alpha})", alpha),
    Kind("sub_alpha", "{a}.sub({b}, alpha={alpha})", alpha),
    Kind("torch.sub", "lib.sub({a}, {b})", operand),
    Kind("mul_method", "{a}.mul({b})", operand),
    Kind("torch.div", "lib.div({a}, {b})", operand),
    Kind("pow", "{a} ** {e}", exponent),
    Kind("pow_method", "{a}.pow({e})", exponent),
    Kind("torch.pow", "lib.pow({a}, {e})", exponent),
]
MATMUL: list[Kind] = [
    # matmul
    # op_table's MM bound: torch hands dot, matrix-vector products, products with a
    # transposed operand (the gradients) and larger products to MKL
    Kind("matmul", "{a} @ {b}", matmul_operand, pick=at_least(1), value=MM, grad=MM),
    Kind("matmul_method", "{a}.matmul({b})", matmul_operand, pick=at_least(1), value=MM,
         grad=MM),
    Kind("torch.matmul", "lib.matmul({a}, {b})", matmul_operand, pick=at_least(1), value=MM,
         grad=MM),
    Kind("mm", "{a}.mm({b})", matmul_operand, pick=nd(2), value=MM, grad=MM),
    Kind("torch.mm", "lib.mm({a}, {b})", matmul_operand, pick=nd(2), value=MM, grad=MM),
]
UNARY: list[Kind] = [
    # unary math
    Kind("abs", "{a}.abs()"),
    Kind("builtin_abs", "abs({a})"),
    Kind("torch.abs", "lib.abs({a})"),
    Kind("sign", "{a}.sign()"),
    Kind("torch.sign", "lib.sign({a})"),
    Kind("exp", "{a}.exp()", value=LIBM, grad=LIBM_RED),
    Kind("torch.exp", "lib.exp({a})", value=LIBM, grad=LIBM_RED),
    Kind("log", "{a}.log()", value=LIBM),
    Kind("torch.log", "lib.log({a})", value=LIBM),
    Kind("sqrt", "{a}.sqrt()", value=LIBM, grad=LIBM_RED),
    Kind("torch.sqrt", "lib.sqrt({a})", value=LIBM, grad=LIBM_RED),
    Kind("relu", "{a}.relu()"),
    Kind("F.relu", "F.relu({a})"),
    Kind("sigmoid", "{a}.sigmoid()", value=LIBM, grad=SATURATING),
    Kind("torch.sigmoid", "lib.sigmoid({a})", value=LIBM, grad=SATURATING),
    Kind("F.sigmoid", "F.sigmoid({a})", value=LIBM, grad=SATURATING),
    Kind("tanh", "{a}.tanh()", value=LIBM, grad=SATURATING),
    Kind("F.tanh", "F.tanh({a})", value=LIBM, grad=SATURATING),
    Kind("torch.tanh", "lib.tanh({a})", value=LIBM, grad=SATURATING),
    Kind("torch.relu", "lib.relu({a})"),
    Kind("neg", "-{a}"),
    Kind("neg_method", "{a}.neg()"),
    Kind("torch.neg", "lib.neg({a})"),
    Kind("reciprocal", "{a}.reciprocal()"),
]
REDUCTIONS: list[Kind] = [
    # reductions
    Kind("sum", "{a}.sum()"),
    Kind("torch.sum", "lib.sum({a})"),
    Kind("sum_dim", "{a}.sum({d})", dims),
    Kind("sum_keepdim", "{a}.sum(dim={d}, keepdim={k})", dims),
    Kind("mean", "{a}.mean()"),
    Kind("mean_keepdim", "{a}.mean(dim={d}, keepdim={k})", dims),
    Kind("torch.mean_dim", "lib.mean({a}, {d}, {k})", dims),
    Kind("max", "{a}.max()"),
    Kind("min", "{a}.min()"),
    Kind("argmax", "{a}.argmax()"),
    Kind("argmax_dim", "{a}.argmax(dim={d})", one_dim),
]
VIEWS: list[Kind] = [
    # views and copies
    Kind("view", "{a}.view({s})", new_shape),
    Kind("reshape", "{a}.reshape({s})", new_shape),
    Kind("view_args", "{a}.view({s})", new_shape_args),
    Kind("reshape_args", "{a}.reshape({s})", new_shape_args),
    Kind("torch.reshape", "lib.reshape({a}, {s})", new_shape),
    Kind("index", "{a}[{i}]", index, pick=at_least(1)),
    Kind("element", "{a}[{i}]", element, pick=at_least(1)),
    Kind("mask_index", "{a}[{a} > 0]", pick=at_least(1)),
    Kind("tensor_index", "{a}[lib.tensor([0, -1])]", pick=at_least(1)),
    Kind("list_index", "{a}[[{i}]]", list_index, pick=at_least(1)),  # read as a tuple
    Kind("t", "{a}.t()"),
    Kind("torch.t", "lib.t({a})"),
    Kind("T", "{a}.T", pick=nd(2)),
    Kind("transpose", "{a}.transpose({d0}, {d1})", two_dims),
    Kind("torch.transpose", "lib.transpose({a}, {d0}, {d1})", two_dims),
    Kind("permute", "{a}.permute({p})", perm),
    Kind("squeeze", "{a}.squeeze()"),
    Kind("squeeze_dim", "{a}.squeeze({d})", one_dim),
    Kind("torch.squeeze", "lib.squeeze({a}, {d})", one_dim),
    Kind("unsqueeze", "{a}.unsqueeze({d})", unsqueeze_dim),
    Kind("torch.unsqueeze", "lib.unsqueeze({a}, {d})", unsqueeze_dim),
    Kind("expand", "{a}.expand({s})", expand),
    Kind("detach", "{a}.detach()"),
    Kind("data", "{a}.data"),
    Kind("flatten", "{a}.flatten()"),
    Kind("contiguous", "{a}.contiguous()"),
    Kind("clone", "{a}.clone()"),
]
CASTS: list[Kind] = [
    # casts
    Kind("to_dtype", "{a}.to(lib.{dt})", dtype_param),
    Kind("type_dtype", "{a}.type(lib.{dt})", dtype_param),
    Kind("to_cpu", "{a}.to('cpu')"),
    Kind("to_dtype_kw", "{a}.to(dtype=lib.{dt})", dtype_param),
    Kind("to_cpu_dtype", "{a}.to('cpu', lib.{dt})", dtype_param),
    Kind("cpu", "{a}.cpu()"),
    Kind("float", "{a}.float()"),
    Kind("double", "{a}.double()"),
    Kind("long", "{a}.long()"),
]
JOINING: list[Kind] = [
    # joining
    Kind("cat", "lib.cat([{a}, {b}], dim={d})", cat_args),
    Kind("cat3", "lib.cat([{a}, {b}, {a}])", cat_args, pick=at_least(1)),
    Kind("stack", "lib.stack([{a}, {b}], dim={d})", pair),
]
LOSSES: list[Kind] = [
    # losses
    Kind("mse_loss", "F.mse_loss({a}, {b}, reduction={r})", loss_args),
    Kind("l1_loss", "F.l1_loss({a}, {b}, reduction={r})", loss_args),
    Kind("MSELoss", "lib.nn.MSELoss()({a}, {b})", loss_args),
    Kind("L1Loss", "lib.nn.L1Loss(reduction={r})({a}, {b})", loss_args),
]
COMPARISONS: list[Kind] = [
    # comparisons
    Kind("lt", "{a} < {b}", operand),
    Kind("ge", "{a} >= {b}", operand),
    Kind("eq", "{a} == {b}", operand),
    Kind("ne", "{a} != {b}", operand),
]
CONSTRUCTORS: list[Kind] = [
    # constructors
    Kind("zeros", "lib.zeros({s}, dtype=lib.{dt})", shape_ctor, arity=0),
    Kind("ones", "lib.ones({s})", shape_ctor, arity=0),
    Kind("full", "lib.full({shape}, {n})", shape_ctor, arity=0),
    Kind("zeros_like", "lib.zeros_like({a})"),
    Kind("ones_like", "lib.ones_like({a})"),
    Kind("arange", "lib.arange({n})", data_list, arity=0),
    Kind("tensor_infer", "lib.tensor({l})", data_list, arity=0),
    Kind("FloatTensor", "lib.FloatTensor({l})", data_list, arity=0),
    Kind("DoubleTensor", "lib.DoubleTensor({l})", data_list, arity=0),
    Kind("LongTensor", "lib.LongTensor({l})", data_list, arity=0),
    Kind("Tensor_data", "lib.Tensor({l})", data_list, arity=0),
    Kind("Tensor_shape", "lib.Tensor({n}, 2).zero_()", data_list, arity=0),
    Kind("Tensor_of", "lib.Tensor({a})"),  # an alias of any dtype
    Kind("FloatTensor_of", "lib.FloatTensor({a})"),  # an alias, or a TypeError
    Kind("LongTensor_of", "lib.LongTensor({a})"),
]
OBSERVATIONS: list[Kind] = [
    # observations: Python values compared by repr
    Kind("item", "{a}.item()"),
    Kind("tolist", "{a}.tolist()"),
    Kind("numpy", "{a}.numpy()"),
    Kind("detach_numpy", "{a}.detach().numpy()"),
    Kind("shape", "{a}.shape"),
    Kind("size", "{a}.size()"),
    Kind("size_dim", "{a}.size({d})", one_dim),
    Kind("dtype", "{a}.dtype"),
    Kind("type_str", "{a}.type()"),
    Kind("device", "{a}.device"),
    Kind("str_device", "str({a}.device)"),
    Kind("is_tensor", "lib.is_tensor({a})"),
    Kind("ndim", "{a}.ndim"),
    Kind("is_floating_point", "{a}.is_floating_point()"),
    Kind("dim", "{a}.dim()"),
    Kind("numel", "{a}.numel()"),
    Kind("str", "str({a})"),
    Kind("grad_attr", "{a}.grad"),
    Kind("grad_fn", "{a}.grad_fn"),
    Kind("next_functions", "{a}.grad_fn.next_functions", pick=lambda t: t.grad_fn is not None),
    Kind("is_contiguous", "{a}.is_contiguous()"),
    # memory identity (issue 8: views share storage; compared as booleans, never addresses)
    Kind("same_data_ptr", "{a}.data_ptr() == {b}.data_ptr()", lambda c, a: {"b": c.pick()}),
    Kind("base_is", "{a}._base is {b}", lambda c, a: {"b": c.pick()}),
    Kind("base_is_none", "{a}._base is None"),
]
FLAGS: list[Kind] = [
    # autograd flags
    Kind("requires_grad_", "{a}.requires_grad_()", assign=False),
    Kind("retain_grad", "{a}.retain_grad()", assign=False),
    Kind("no_grad_mul", "with lib.no_grad():\n    {t} = {a} * {b}", operand),
    # a backward in the middle: gradients accumulate, later in-place ops meet freed graphs
    Kind("sum_backward", "{a}.sum().backward()", pick=lambda t: t.requires_grad,
         assign=False),
    Kind("sum_backward_retain", "{a}.sum().backward(retain_graph=True)",
         pick=lambda t: t.requires_grad, assign=False),
]
INPLACE: list[Kind] = [
    # in place, directly
    Kind("add_", "{a}.add_({b})", operand, pick=plain_leaf, assign=False),
    Kind("add_alpha_", "{a}.add_({b}, alpha={alpha})", alpha, pick=plain_leaf, assign=False),
    Kind("sub_", "{a}.sub_({b})", operand, pick=plain_leaf, assign=False),
    Kind("mul_", "{a}.mul_({b})", operand, pick=plain_leaf, assign=False),
    Kind("div_", "{a}.div_({b})", operand, pick=plain_leaf, assign=False),
    Kind("zero_", "{a}.zero_()", pick=plain_leaf, assign=False),
    Kind("fill_", "{a}.fill_({n})", number, pick=plain_leaf, assign=False),
    Kind("copy_", "{a}.copy_({b})", operand, pick=plain_leaf, assign=False),
    Kind("setitem_number", "{a}[{i}] = {n}", lambda c, a: {**index(c, a), **number(c, a)},
         pick=at_least(1), assign=False),
    Kind("setitem_tensor", "{a}[{i}] = {b}", lambda c, a: {**index(c, a), **operand(c, a)},
         pick=at_least(1), assign=False),
    Kind("iadd", "{a} += {b}", operand, pick=plain_leaf, assign=False),
    Kind("isub", "{a} -= {b}", operand, pick=plain_leaf, assign=False),
    Kind("imul", "{a} *= {b}", operand, pick=plain_leaf, assign=False),
    Kind("idiv", "{a} /= {b}", operand, pick=plain_leaf, assign=False),
]
INPLACE_VIEWS: list[Kind] = [
    # in place through a view or an alias
    Kind("index_mul_", "{a}[{i}].mul_({n})", lambda c, a: {**index(c, a), **number(c, a)},
         pick=at_least(1), assign=False),
    Kind("element_zero_", "{a}[{i}].zero_()", element, pick=at_least(1), assign=False),
    Kind("t_add_", "{a}.t().add_({n})", number, pick=lambda t: 1 <= t.dim() <= 2,
         assign=False),
    Kind("view_fill_", "{a}.view(-1).fill_({n})", number, assign=False),
    Kind("detach_zero_", "{a}.detach().zero_()", assign=False),
    Kind("detach_add_", "{a}.detach().add_({n})", number, assign=False),
    Kind("data_mul_", "{a}.data.mul_({n})", number, assign=False),
    Kind("no_grad_add_", "with lib.no_grad():\n    {a}.add_({b})", operand, assign=False),
    Kind("no_grad_setitem", "with lib.no_grad():\n    {a}[{i}] = {n}",
         lambda c, a: {**index(c, a), **number(c, a)}, pick=at_least(1), assign=False),
]

LAYERS: list[Kind] = [
    # torch adds the bias inside its GEMM for some layouts: op_table's MM bound
    Kind("F.linear", "F.linear({a}, {w}, {bias})", linear_args, value=MM, grad=MM),
    Kind("nn.Linear", "lib.manual_seed(0)\n{t} = lib.nn.Linear({k}, {m})({a})", linear_args,
         pick=lambda t: t.dim() in (1, 2), value=MM, grad=MM),
]
DATA = "lib.utils.data"
RANDOM: list[Kind] = [
    # nn.Linear's initialisation (kaiming uniform from the seeded generator) as Parameters
    Kind("Linear.weight", "lib.manual_seed({seed})\n{t} = lib.nn.Linear({k}, {m}).weight",
         linear_shape, arity=0),
    Kind("Linear.bias", "lib.manual_seed({seed})\n{t} = lib.nn.Linear({k}, {m}).bias",
         linear_shape, arity=0),
    # nn.Module's own surface, compared by repr: the module, its parameters, its state_dict
    Kind("Linear", "lib.manual_seed({seed})\n{t} = lib.nn.Linear({k}, {m})", linear_shape,
         arity=0),
    Kind("Linear.parameters", "lib.manual_seed({seed})\n"
         "{t} = list(lib.nn.Linear({k}, {m}).named_parameters())", linear_shape, arity=0),
    Kind("Linear.state_dict", "lib.manual_seed({seed})\n"
         "{t} = lib.nn.Linear({k}, {m}, bias=False).state_dict()", linear_shape, arity=0),
    Kind("TensorDataset2", "lib.manual_seed({seed})\n{t} = [(x, y) for x, y in " + DATA
         + ".DataLoader(" + DATA + ".TensorDataset({a}, {a} * 2), batch_size={bs}, "
         "shuffle={shuffle})]", loader, pick=at_least(1)),
    # the batches a DataLoader yields (shuffled from the seeded generator), as a list
    Kind("DataLoader", "lib.manual_seed({seed})\n{t} = [b for b, in " + DATA + ".DataLoader("
         + DATA + ".TensorDataset({a}), batch_size={bs}, shuffle={shuffle}, drop_last={drop})]",
         loader, pick=at_least(1)),
    Kind("rand", "lib.manual_seed({seed})\n{t} = lib.rand({s})", seed_shape, arity=0),
    Kind("randn", "lib.manual_seed({seed})\n{t} = lib.randn({s})", seed_shape, arity=0),
    Kind("randperm", "lib.manual_seed({seed})\n{t} = lib.randperm({n})", seed_shape, arity=0),
    Kind("uniform_", "lib.manual_seed({seed})\n{a}.uniform_(-1, 1)", seeded, pick=plain_leaf,
         assign=False),
    Kind("normal_", "lib.manual_seed({seed})\n{a}.normal_()", seeded, pick=plain_leaf,
         assign=False),
    # nn.init writes under no_grad: allowed on leaves that require grad
    Kind("init.zeros_", "lib.nn.init.zeros_({a})", assign=False),
    Kind("init.ones_", "lib.nn.init.ones_({a})", assign=False),
    Kind("init.constant_", "lib.nn.init.constant_({a}, {n})", number, assign=False),
    Kind("init.uniform_", "lib.manual_seed({seed})\nlib.nn.init.uniform_({a}, -2, 2)", seeded,
         assign=False),
    Kind("init.normal_", "lib.manual_seed({seed})\nlib.nn.init.normal_({a}, 0.5, 2)", seeded,
         assign=False),
    Kind("init.kaiming_uniform_", "lib.manual_seed({seed})\nlib.nn.init.kaiming_uniform_({a})",
         seeded, pick=at_least(2), assign=False),
]
MORE: list[Kind] = [
    Kind("float_builtin", "float({a})"),
    Kind("int_builtin", "int({a})"),
    Kind("bool_builtin", "bool({a})"),
    Kind("format", "format({a}, '.3f')"),
    Kind("list", "list({a})"),
    Kind("len", "len({a})"),
    Kind("equal", "{a}.equal({b})", operand),
    Kind("allclose", "lib.allclose({a}, {b})", operand),
    Kind("torch.equal", "lib.equal({a}, {b})", operand),
    Kind("shape_eq", "{a}.shape == {s}", new_shape),
    Kind("view_as", "{a}.view_as({b})", operand),
    Kind("sum_dtype", "{a}.sum(dtype=lib.float64)"),
    Kind("grad_zero_", "{a}.grad.zero_()", assign=False),
    Kind("grad_none", "{a}.grad = None", assign=False),
    Kind("detach_", "{a}.detach_()", assign=False),
    Kind("requires_grad_false", "{a}.requires_grad_(False)", assign=False),
    Kind("requires_grad_attr", "{a}.requires_grad = True", assign=False),
    Kind("set_grad_enabled", "with lib.set_grad_enabled(False):\n    {t} = {a} * 2"),
    Kind("enable_grad", "with lib.no_grad():\n    with lib.enable_grad():\n"
         "        {t} = {a} * 2"),
    Kind("data_assign", "{a}.data = {b}", operand, assign=False),
]

# the course's chapters (logistic, softmax, tips, XOR): tolerances as op_table's COURSE_OPS
COURSE: list[Kind] = [
    Kind("softmax", "{a}.softmax({d})", one_dim),
    Kind("F.softmax", "F.softmax({a}, dim={d})", one_dim),
    Kind("F.log_softmax", "F.log_softmax({a}, dim={d})", one_dim),
    Kind("cross_entropy", "F.cross_entropy({a}, {y})", class_target,
         pick=lambda t: t.dim() in (1, 2) and t.is_floating_point()),
    Kind("nll_loss", "F.nll_loss({a}, {y})", class_target,
         pick=lambda t: t.dim() in (1, 2) and t.is_floating_point()),
    Kind("CrossEntropyLoss", "lib.nn.CrossEntropyLoss()({a}, {y})", class_target,
         pick=lambda t: t.dim() in (1, 2) and t.is_floating_point()),
    Kind("binary_cross_entropy", "F.binary_cross_entropy({a}, {p})", probabilities),
    # through a sigmoid: a transcendental, then a product or a sum (LIBM_RED)
    Kind("bce_of_sigmoid", "F.binary_cross_entropy(lib.sigmoid({a}), {p})", probabilities,
         value=LIBM_RED, grad=LIBM_RED),
    Kind("BCELoss", "lib.nn.BCELoss()({a}.sigmoid(), {p})", probabilities, value=LIBM_RED,
         grad=LIBM_RED),
    Kind("nn.Sigmoid", "lib.nn.Sigmoid()({a})", value=LIBM, grad=SATURATING),
    Kind("log1p", "{a}.log1p()"),
    Kind("expm1", "{a}.expm1()"),
    Kind("clamp", "{a}.clamp(min={lo}, max={hi})", bounds),
    Kind("torch.clamp_min", "lib.clamp({a}, min={lo})", bounds),
    Kind("clamp_max", "{a}.clamp_max({hi})", bounds),
    Kind("clamp_", "{a}.clamp_({lo}, {hi})", bounds, pick=plain_leaf, assign=False),
    Kind("clamp_tensors", "{a}.clamp({lo}, {hi})", tensor_bounds),
    Kind("torch.clamp_tensors", "lib.clamp({a}, min={lo}, max={hi})", tensor_bounds),
    Kind("clamp_tensors_", "{a}.clamp_(min={lo}, max={hi})", tensor_bounds, pick=plain_leaf,
         assign=False),
    Kind("where", "lib.where({a} > 0, {a}, {b})", operand),
    Kind("max_dim", "{a}.max({d})[0]", one_dim),
    Kind("max_dim_indices", "{a}.max(dim={d}, keepdim=True).indices", one_dim),
    Kind("min_dim", "lib.min({a}, {d})[0]", one_dim),
    Kind("maximum", "lib.maximum({a}, {b})", operand),
    Kind("minimum", "lib.minimum({a}, {b})", operand),
    Kind("std", "{a}.std()"),
    Kind("var_dim", "{a}.var({d}, keepdim={k})", dims),
    Kind("std_dim", "lib.std({a}, {d})", one_dim),
    Kind("norm", "lib.norm({a})"),
    Kind("norm_dim", "{a}.norm(dim={d}, keepdim={k})", dims),
    Kind("one_hot_scatter_", "{t} = lib.zeros({n}, {k})\n{t}.scatter_(1, {idx}, 1)", one_hot,
         arity=0),
]

# the rest of the surface minigrad offers: index ops, aliases, small modules, casts to the
# narrower integer types
SURFACE: list[Kind] = [
    Kind("argmin", "{a}.argmin()"),
    Kind("torch.argmin_dim", "lib.argmin({a}, dim={d})", one_dim),
    Kind("clip", "{a}.clip({lo}, {hi})", bounds),
    Kind("torch.clip_min", "lib.clip({a}, min={lo})", bounds),
    Kind("expand_as", "{a}.expand_as({b})", operand),
    Kind("reshape_as", "{a}.reshape_as({b})", operand),
    Kind("swapaxes", "{a}.swapaxes({d0}, {d1})", two_dims),
    Kind("unbind", "{a}.unbind({d})", one_dim),
    Kind("byte", "{a}.byte()"),
    Kind("short", "{a}.short()"),
    Kind("eye", "lib.eye({n})", data_list, arity=0),
    Kind("randint", "lib.manual_seed({seed})\n{t} = lib.randint(0, {hi}, {size})",
         randint_args, arity=0),
    Kind("leaky_relu", "F.leaky_relu({a}, 0.2)"),
    Kind("nn.LeakyReLU", "lib.nn.LeakyReLU()({a})"),
    Kind("nn.ReLU", "lib.nn.ReLU()({a})"),
    Kind("nn.Tanh", "lib.nn.Tanh()({a})", value=LIBM, grad=SATURATING),
    Kind("nn.Softmax", "lib.nn.Softmax(dim={d})({a})", one_dim),
    Kind("nn.LogSoftmax", "lib.nn.LogSoftmax(dim={d})({a})", one_dim),
    Kind("dropout_eval", "F.dropout({a}, 0.5, training=False)"),
    Kind("nn.Dropout_eval", "lib.nn.Dropout(0.3).eval()({a})"),
    Kind("NLLLoss", "lib.nn.NLLLoss()({a}, {y})", class_target,
         pick=lambda t: t.dim() in (1, 2) and t.is_floating_point()),
    Kind("is_leaf", "{a}.is_leaf"),
    Kind("retains_grad", "{a}.retains_grad"),
    Kind("gather", "{a}.gather({d}, {idx})", gather_index),
    Kind("torch.gather", "lib.gather({a}, {d}, {idx})", gather_index),
    Kind("scatter", "{a}.scatter({d}, {idx}, {n})", scatter_number),
    Kind("scatter_src", "{a}.scatter({d}, {idx}, {a})", gather_index),
    Kind("Sequential", "lib.manual_seed(0)\n{t} = lib.nn.Sequential(lib.nn.Linear({k}, {m}), "
         "lib.nn.ReLU())({a})", linear_args, pick=lambda t: t.dim() in (1, 2), value=MM,
         grad=MM),
]

# families: the fuzz test runs each on its own (so one failure does not hide the others)
FAMILIES: dict[str, list[Kind]] = {
    "arithmetic": ARITHMETIC + MATMUL + UNARY + COMPARISONS,
    "reductions_losses": REDUCTIONS + LOSSES,
    "views": VIEWS,
    "inplace": INPLACE + INPLACE_VIEWS + FLAGS + VIEWS,
    "casts_constructors": CASTS + JOINING + CONSTRUCTORS + OBSERVATIONS,
    "layers_random_misc": LAYERS + RANDOM + MORE + ARITHMETIC,
    "course": COURSE + UNARY + REDUCTIONS,
    "surface": SURFACE + VIEWS + INPLACE,
}
BODY: list[Kind] = [k for family in FAMILIES.values() for k in family if k not in VIEWS]
BODY += VIEWS

# the end of a program: a reduction to a scalar, then backward or an SGD step
REDUCE: list[Kind] = [
    Kind("final_sum", "{a}.sum()", pick=needs_grad),
    Kind("final_mean", "{a}.mean()", pick=needs_grad),
    Kind("final_mse", "F.mse_loss({a}, {b})", loss_args, pick=needs_grad),
    Kind("final_abs_sum", "{a}.abs().sum()", pick=needs_grad),
]
BACKWARD = Kind("backward", "{a}.backward()", assign=False)
BACKWARD_RETAIN = Kind("backward_retain", "{a}.backward(retain_graph=True)", assign=False)
BACKWARD_GRADIENT = Kind("backward_gradient", "{a}.backward(gradient={g})", grad_target,
                         assign=False)
ZERO_GRAD = Kind("zero_grad", "{a}.zero_grad()", assign=False)
ZERO_GRAD_KEEP = Kind("zero_grad_keep", "{a}.zero_grad(set_to_none=False)", assign=False)
STEP = Kind("step", "{a}.step()", assign=False)
# Adam's one kernel not reproduced is torch's (MKL's) float32 sqrt (tests/test_adam.py): the
# parameters it writes get LIBM_RED (a transcendental, then a product and a sum)
ADAM_STEP = Kind("adam_step", "{a}.step()", value=LIBM_RED, assign=False)
# what a step left in the optimizer's state for a parameter (SGD's momentum buffer, Adam's
# first moment; the parameter itself when there is none): the buffers are computed in their
# own dtype, which a `.data` of another dtype sets apart from the parameter's (seed 4509)
OPT_STATE = Kind("opt_state", "opt.state[{a}].get('momentum_buffer', opt.state[{a}].get("
                 "'exp_avg', {a}.detach()))")
# Adam's first moment reads a gradient computed from parameters a step wrote (a second epoch,
# a parameter listed twice): torch's sqrt in them, hence Adam's bound (seed 4535; with
# torch's sqrt swapped in, bit for bit)
ADAM_STATE = Kind("adam_state", OPT_STATE.template, value=LIBM_RED)
MANUAL_STEP = Kind("manual_step", "with lib.no_grad():\n    {a} -= 0.1 * {a}.grad",
                   assign=False)
DATA_STEP = Kind("data_step", "{a}.data -= 0.1 * {a}.grad.data", assign=False)
