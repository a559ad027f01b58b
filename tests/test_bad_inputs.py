"""The bad-input table: each case is source written once against ``lib`` and run on torch and
on minigrad; both must raise the same exception class with the same message, or both must
not raise (and then give the same ``out``, compared by ``repr``), with the same warnings.

Message normalisations (:func:`tests.fuzz.program.normalise`), and why:

* memory addresses (``0x7f...``) become ``0x…``: they differ from run to run;
* (torch's `` (Triggered internally at /__w/pytorch/.../File.h:123.)`` suffix on warnings is
  compared too: minigrad's warnings carry it, word for word);
* warnings torch emits once per process (``ONCE_PER_PROCESS``, e.g. ``x.T`` on a tensor that
  is not 2-D) are dropped on both sides: whether torch shows one depends on what ran before.

No other normalisation: torch's message is the reference, word for word.

``python tests/test_bad_inputs.py --report FILE`` writes the failing cases as markdown.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("ATEN_CPU_CAPABILITY", "default")

import minigrad  # noqa: E402
from tests.fuzz.program import Line, run_line  # noqa: E402

torch = pytest.importorskip("torch")

PRELUDE = """\
w = lib.tensor([1.0, 2.0], requires_grad=True)
a = lib.ones(2, 3)
ds = TensorDataset(lib.ones(4, 1), lib.ones(4, 1))
"""

# (id, source); the source may bind ``out`` to a value compared when nothing raises.
CASES: list[tuple[str, str]] = [
    # ------------------------------------------------ shape mismatches, binary ops
    ("add_shapes", "out = a + lib.ones(4)"),
    ("sub_shapes", "out = a - lib.ones(3, 2)"),
    ("mul_shapes", "out = a * lib.ones(2, 2)"),
    ("div_shapes", "out = a / lib.ones(4, 3)"),
    ("pow_shapes", "out = a ** lib.ones(2)"),
    ("lt_shapes", "out = a < lib.ones(4)"),
    ("eq_shapes", "out = a == lib.ones(4)"),
    ("add_alpha_shapes", "out = lib.ones(3).add(lib.ones(2), alpha=2)"),
    ("sub_method_shapes", "out = lib.ones(3).sub(lib.ones(2))"),
    ("grad_mul_shapes", "out = w * lib.ones(3)"),
    ("add_inplace_shapes", "a.add_(lib.ones(3, 3))"),
    ("mul_inplace_broadcast_grows", "x = lib.ones(3)\nx.mul_(lib.ones(2, 3))"),
    ("iadd_broadcast_grows", "x = lib.ones(1)\nx += lib.ones(3)"),
    ("sub_inplace_shapes", "a.sub_(lib.ones(4))"),
    ("copy_shapes", "lib.ones(2).copy_(lib.ones(3))"),
    ("setitem_shapes", "a[0] = lib.ones(4)"),
    # ------------------------------------------------ matmul, mm, linear
    ("matmul_inner", "out = a @ a"),
    ("matmul_vectors", "out = lib.ones(3) @ lib.ones(4)"),
    ("matmul_0d", "out = lib.ones(()) @ lib.ones(3)"),
    ("matmul_fn_inner", "out = lib.matmul(a, lib.ones(4, 2))"),
    ("matmul_batched", "out = lib.ones(2, 2, 3) @ lib.ones(2, 2)"),
    ("matmul_mixed_dtypes", "out = lib.ones(2, 2) @ lib.ones(2, 2, dtype=lib.float64)"),
    ("matmul_int", "out = lib.ones(2, 2, dtype=lib.int64) @ lib.ones(2, 2, dtype=lib.int64)"),
    ("mm_vector", "out = a.mm(lib.ones(3))"),
    ("mm_fn_vector", "out = lib.mm(lib.ones(3), lib.ones(3, 2))"),
    ("mm_inner", "out = a.mm(a)"),
    ("mm_mixed_dtypes", "out = a.mm(lib.ones(3, 2, dtype=lib.int64))"),
    ("linear_weight", "out = F.linear(a, lib.ones(4, 2))"),
    ("linear_bias", "out = F.linear(a, lib.ones(4, 3), lib.ones(3))"),
    ("linear_module_width", "lib.manual_seed(0)\nout = lib.nn.Linear(3, 1)(lib.ones(2, 4))"),
    ("linear_zero_features", "lib.manual_seed(0)\nout = lib.nn.Linear(0, 2)(lib.zeros(3, 0))"),
    ("linear_negative", "out = lib.nn.Linear(-1, 2)"),
    ("linear_module_dtype", "lib.manual_seed(0)\n"
                            "out = lib.nn.Linear(2, 3)(lib.ones(2, 2, dtype=lib.float64))"),
    ("linear_int_input", "out = F.linear(lib.ones(2, 2, dtype=lib.int64), lib.ones(3, 2))"),
    ("linear_0d_input", "out = F.linear(lib.ones(()), lib.ones(3, 2))"),
    # ------------------------------------------------ losses
    ("mse_shapes", "out = F.mse_loss(lib.ones(2), lib.ones(3))"),
    ("mse_broadcast_warns", "out = F.mse_loss(lib.ones(3, 1), lib.ones(3))"),
    ("l1_shapes", "out = F.l1_loss(lib.ones(2), lib.ones(3))"),
    ("mse_reduction", "out = F.mse_loss(lib.ones(2), lib.ones(2), reduction='avg')"),
    ("l1_reduction", "out = F.l1_loss(lib.ones(2), lib.ones(2), reduction='total')"),
    ("MSELoss_reduction", "out = lib.nn.MSELoss(reduction='bogus')(lib.ones(2), lib.ones(2))"),
    ("mse_int", "x = lib.ones(2, dtype=lib.int64)\nout = F.mse_loss(x, x)"),
    ("l1_int", "x = lib.ones(2, dtype=lib.int64)\nout = F.l1_loss(x, x)"),
    ("mse_mixed", "out = F.mse_loss(lib.ones(2), lib.ones(2, dtype=lib.float64))"),
    ("mse_bool", "x = lib.ones(2, dtype=lib.bool)\nout = F.mse_loss(x, x)"),
    ("mse_nan", "x = lib.tensor([float('nan'), 1.0], requires_grad=True)\n"
                "F.mse_loss(x, lib.ones(2)).backward()\nout = x.grad"),
    ("l1_inf", "x = lib.tensor([float('inf'), 1.0], requires_grad=True)\n"
               "F.l1_loss(x, lib.ones(2)).backward()\nout = x.grad"),
    ("mse_inf_target", "x = lib.tensor([0.0, 1.0], requires_grad=True)\n"
                       "out = F.mse_loss(x, lib.tensor([float('inf'), 0.0]))"),
    ("mse_empty", "out = F.mse_loss(lib.zeros(0), lib.zeros(0))"),
    ("l1_empty_backward", "x = lib.zeros(0, requires_grad=True)\n"
                          "F.l1_loss(x, lib.zeros(0)).backward()\nout = x.grad"),
    ("mse_empty_sum_backward", "x = lib.zeros(0, 2, requires_grad=True)\n"
                               "F.mse_loss(x, lib.zeros(0, 2), reduction='sum').backward()\n"
                               "out = x.grad"),
    ("mean_empty_backward", "x = lib.zeros(0, requires_grad=True)\nx.mean().backward()\n"
                            "out = x.grad"),
    ("sum_empty_backward", "x = lib.zeros(2, 0, requires_grad=True)\nx.sum().backward()\n"
                           "out = x.grad"),
    ("nan_backward", "x = lib.tensor([float('nan')], requires_grad=True)\n"
                     "(x * 2).sum().backward()\nout = x.grad"),
    ("inf_times_zero_backward", "x = lib.tensor([float('inf')], requires_grad=True)\n"
                                "(x * 0).sum().backward()\nout = (x.grad, x * 0)"),
    # ------------------------------------------------ cat and stack
    ("cat_shapes", "out = lib.cat([a, lib.ones(2, 4)])"),
    ("cat_dim1_ok", "out = lib.cat([a, lib.ones(2, 4)], dim=1)"),
    ("cat_ranks", "out = lib.cat([lib.ones(2), lib.ones(2, 2)])"),
    ("cat_empty_list", "out = lib.cat([])"),
    ("cat_bad_dim", "out = lib.cat([lib.ones(2)], dim=1)"),
    ("cat_zero_dim", "out = lib.cat([lib.ones(()), lib.ones(())])"),
    ("cat_tensor_not_list", "out = lib.cat(lib.ones(2))"),
    ("cat_mixed_dtypes", "out = lib.cat([lib.ones(2), lib.ones(2, dtype=lib.int64)])"),
    ("stack_shapes", "out = lib.stack([lib.ones(2), lib.ones(3)])"),
    ("stack_empty_list", "out = lib.stack([])"),
    ("stack_bad_dim", "out = lib.stack([lib.ones(2)], dim=2)"),
    ("stack_mixed_dtypes", "out = lib.stack([lib.ones(2), lib.ones(2, dtype=lib.float64)])"),
    # ------------------------------------------------ bad dims
    ("sum_dim_range", "out = a.sum(2)"),
    ("sum_negative_dim_range", "out = a.sum(-3)"),
    ("sum_repeated_dim", "out = a.sum((0, 0))"),
    ("sum_float_dim", "out = a.sum(1.5)"),
    ("mean_dim_range", "out = a.mean(5)"),
    ("mean_int", "out = lib.ones(2, dtype=lib.int64).mean()"),
    ("mean_bool", "out = lib.ones(2, dtype=lib.bool).mean()"),
    ("squeeze_dim_range", "out = a.squeeze(5)"),
    ("unsqueeze_dim_range", "out = a.unsqueeze(3)"),
    ("unsqueeze_negative_range", "out = a.unsqueeze(-4)"),
    ("transpose_dim_range", "out = a.transpose(0, 2)"),
    ("transpose_0d", "out = lib.ones(()).transpose(0, 0)"),
    ("transpose_0d_bad", "out = lib.ones(()).transpose(0, 1)"),
    ("t_3d", "out = lib.ones(2, 3, 4).t()"),
    ("permute_repeated", "out = a.permute(0, 0)"),
    ("permute_too_few", "out = a.permute(0)"),
    ("permute_too_many", "out = a.permute(0, 1, 2)"),
    ("expand_bad_size", "out = a.expand(3, 3)"),
    ("expand_fewer_dims", "out = lib.ones(2, 1).expand(3)"),
    ("expand_new_minus_one", "out = lib.ones(3).expand(-1, 3)"),
    ("argmax_dim_range", "out = a.argmax(dim=2)"),
    ("max_empty", "out = lib.ones(0).max()"),
    ("argmax_empty", "out = lib.ones(0).argmax()"),
    ("size_dim_range", "out = a.size(2)"),
    ("item_many", "out = a.item()"),
    ("iterate_0d", "out = list(lib.ones(()))"),
    ("len_0d", "out = len(lib.ones(()))"),
    # ------------------------------------------------ views and indexing
    ("view_transposed", "out = a.t().view(6)"),
    ("view_numel", "out = a.view(4)"),
    ("view_two_minus_one", "out = a.view(-1, -1)"),
    ("view_bad_minus_one", "out = a.view(4, -1)"),
    ("reshape_numel", "out = a.reshape(5)"),
    ("reshape_transposed_ok", "out = a.t().reshape(6)"),
    ("index_range", "out = a[2]"),
    ("index_second_axis_range", "out = a[0, 3]"),
    ("index_negative_step", "out = a[::-1]"),
    ("index_too_many", "out = a[0, 0, 0]"),
    ("index_0d", "out = lib.ones(())[0]"),
    ("index_float_tensor", "out = lib.ones(3)[lib.tensor([1.5])]"),
    ("index_float", "out = lib.ones(3)[1.0]"),
    ("index_mask_shape", "out = a[lib.tensor([True, False, True])]"),
    ("index_mask_after_slice", "out = a[:, 1:][:, lib.tensor([True, False, True])]"),
    ("index_mask_2d", "out = a[lib.tensor([[True, False, True]])]"),
    ("setitem_mask_shape", "a[:, lib.tensor([True])] = 1.0"),
    ("index_int_before_tensor", "out = lib.zeros(2, 0)[[0, 0], 1]"),
    ("index_0d_loss", "out = lib.nn.functional.mse_loss(a, a)[1]"),
    ("setitem_range", "a[5] = 1.0"),
    # ------------------------------------------------ in-place conflicts
    ("leaf_add_", "w.add_(1)"),
    ("leaf_setitem", "w[0] = 5.0"),
    ("leaf_zero_", "w.zero_()"),
    ("leaf_iadd", "w += 1"),
    ("leaf_view_mul_", "w[0:1].mul_(2)"),
    ("leaf_no_grad_ok", "with lib.no_grad():\n    w.mul_(2)\nout = w"),
    ("leaf_data_ok", "w.data.mul_(2)\nout = w"),
    ("expanded_add_", "out = lib.ones(1).expand(3).add_(1)"),
    ("expanded_mul_", "out = lib.ones(2, 1).expand(2, 3).mul_(2)"),
    ("expanded_copy_", "out = lib.ones(1).expand(3).copy_(lib.ones(3))"),
    ("saved_output_modified", "y = w * 2\nz = y * y\ny.add_(1)\nz.sum().backward()"),
    ("saved_input_modified", "x = lib.ones(2)\ny = w * x\nx.mul_(2)\ny.sum().backward()"),
    ("saved_exp_modified", "y = w.exp()\ny.add_(1)\ny.sum().backward()"),
    ("saved_sigmoid_setitem", "y = w.sigmoid()\ny[0] = 0.0\ny.sum().backward()"),
    ("saved_through_view", "c = lib.ones(2)\ny = w * c\nc[0:1].mul_(10)\ny.sum().backward()"),
    ("saved_through_detach", "c = lib.ones(2)\ny = w * c\nc.detach().zero_()\n"
                             "y.sum().backward()"),
    ("saved_through_data_ok", "c = lib.ones(2)\ny = w * c\nc.data.zero_()\n"
                              "y.sum().backward()\nout = w.grad"),
    ("inplace_non_leaf_ok", "y = w * 2\ny.add_(1)\ny.sum().backward()\nout = (y, w.grad)"),
    ("inplace_grad_into_plain", "x = lib.zeros(2)\nx.add_(w)\nx.sum().backward()\n"
                                "out = (x, w.grad)"),
    ("int_add_float_", "lib.ones(2, dtype=lib.int64).add_(0.5)"),
    ("int_mul_float_tensor_", "lib.ones(2, dtype=lib.int64).mul_(lib.ones(2))"),
    ("int_div_", "lib.ones(2, dtype=lib.int64).div_(2)"),
    ("bool_add_", "lib.ones(2, dtype=lib.bool).add_(1)"),
    ("int_copy_float_ok", "x = lib.zeros(2, dtype=lib.int64)\nx.copy_(lib.tensor([1.7, -2.2]))\n"
                          "out = x"),
    ("int_fill_float", "x = lib.zeros(2, dtype=lib.int64)\nx.fill_(2.5)\nout = x"),
    # ------------------------------------------------ dtypes and autograd flags
    ("requires_grad_int_ctor", "out = lib.ones(2, dtype=lib.int64, requires_grad=True)"),
    ("requires_grad_int_tensor", "out = lib.tensor([1, 2], requires_grad=True)"),
    ("requires_grad_int_method", "out = lib.ones(2, dtype=lib.int64).requires_grad_()"),
    ("requires_grad_int_attr", "x = lib.ones(2, dtype=lib.int64)\nx.requires_grad = True"),
    ("requires_grad_bool", "out = lib.tensor([True], requires_grad=True)"),
    ("requires_grad_non_leaf", "y = w * 2\ny.requires_grad = False"),
    ("bool_sub", "out = lib.tensor([True]) - lib.tensor([False])"),
    ("bool_neg", "out = -lib.tensor([True])"),
    ("int_negative_power", "out = lib.tensor([1, 2]) ** -1"),
    ("int_sqrt_ok", "out = lib.tensor([1, 4]).sqrt()"),
    ("bool_sigmoid_ok", "out = lib.tensor([True, False]).sigmoid()"),
    ("numpy_requires_grad", "out = w.numpy()"),
    ("cast_int_leaves_graph", "out = w.to(lib.int64) * 2"),
    ("cuda", "out = lib.ones(2).to('cuda')"),
    ("bad_dtype_string", "out = lib.ones(2, dtype='float32')"),
    # ------------------------------------------------ backward
    ("backward_non_scalar", "(w * 2).backward()"),
    ("backward_twice", "y = (w * w).sum()\ny.backward()\ny.backward()"),
    ("backward_twice_nothing_saved", "y = (w + 1).sum()\ny.backward()\ny.backward()\n"
                                     "out = w.grad"),
    ("backward_twice_retain", "y = (w * w).sum()\ny.backward(retain_graph=True)\ny.backward()\n"
                              "out = w.grad"),
    ("backward_no_grad", "lib.ones(2).sum().backward()"),
    ("backward_leaf_scalar", "x = lib.tensor(2.0, requires_grad=True)\nx.backward()\nout = x.grad"),
    ("backward_int_gradient", "(w * 2).backward(gradient=lib.ones(2, dtype=lib.int64))\n"
                              "out = w.grad"),
    ("backward_gradient_shape", "(w * 2).backward(gradient=lib.ones(3))"),
    ("backward_gradient_dtype", "(w * 2).backward(gradient=lib.ones(2, dtype=lib.float64))\n"
                                "out = w.grad"),
    ("backward_under_no_grad", "with lib.no_grad():\n    y = (w * 2).sum()\ny.backward()"),
    ("non_leaf_grad_warns", "y = w * 2\nout = y.grad"),
    ("retain_grad_no_grad", "lib.ones(2).retain_grad()"),
    ("grad_wrong_shape", "w.grad = lib.ones(3)"),
    # ------------------------------------------------ optimizer
    ("sgd_negative_lr", "lib.optim.SGD([w], lr=-0.1)"),
    ("sgd_negative_momentum", "lib.optim.SGD([w], lr=0.1, momentum=-0.5)"),
    ("sgd_nesterov_no_momentum", "lib.optim.SGD([w], lr=0.1, nesterov=True)"),
    ("sgd_nesterov_dampening", "lib.optim.SGD([w], lr=0.1, momentum=0.9, dampening=0.1, "
                               "nesterov=True)"),
    ("sgd_empty", "lib.optim.SGD([], lr=0.1)"),
    ("sgd_negative_weight_decay", "lib.optim.SGD([w], lr=0.1, weight_decay=-1)"),
    ("sgd_tensor_not_list", "lib.optim.SGD(w, lr=0.1)"),
    ("sgd_non_leaf", "lib.optim.SGD([w * 2], lr=0.1)"),
    ("sgd_duplicate", "lib.optim.SGD([w, w], lr=0.1)"),
    ("sgd_default_lr", "opt = lib.optim.SGD([w])\nout = opt.param_groups[0]['lr']"),
    ("sgd_step_without_grad", "opt = lib.optim.SGD([w], lr=0.1, momentum=0.9)\nopt.step()\n"
                              "out = w"),
    ("sgd_string_lr", "lib.optim.SGD([w], lr='0.1')"),
    ("sgd_int_param", "lib.optim.SGD([lib.ones(2, dtype=lib.int64)], lr=0.1)"),
    ("grad_none_zero_", "w.grad.zero_()"),
    # ------------------------------------------------ data
    ("dataset_size_mismatch", "TensorDataset(lib.ones(3, 1), lib.ones(4, 1))"),
    ("dataset_index_range", "out = ds[5]"),
    ("loader_batch_zero", "DataLoader(ds, batch_size=0)"),
    ("loader_batch_negative", "DataLoader(ds, batch_size=-1)"),
    ("loader_batch_float", "DataLoader(ds, batch_size=1.5)"),
    ("loader_shuffle_empty", "out = list(DataLoader(TensorDataset(lib.ones(0, 1)), shuffle=True))"),
    ("loader_drop_last_len", "out = len(DataLoader(ds, batch_size=3, drop_last=True))"),
    ("loader_not_a_dataset", "out = list(DataLoader(5, batch_size=2))"),
    ("dataset_not_tensors", "out = TensorDataset([1, 2], [3, 4])"),
    ("dataset_0d", "out = TensorDataset(lib.ones(()))"),
    ("loader_shuffle_string", "out = list(DataLoader(ds, shuffle='yes'))"),
    # ------------------------------------------------ constructors
    ("FloatTensor_float", "out = lib.FloatTensor(2.5)"),
    ("FloatTensor_ragged", "out = lib.FloatTensor([[1], [2, 3]])"),
    ("tensor_ragged", "out = lib.tensor([[1], [2, 3]])"),
    ("tensor_string", "out = lib.tensor('abc')"),
    ("LongTensor_float", "out = lib.LongTensor([1.5])"),
    ("Tensor_float", "out = lib.Tensor(2.5)"),
    ("zeros_negative", "out = lib.zeros(-1)"),
    ("full_string", "out = lib.full((2,), 'a')"),
    ("arange_zero_step", "out = lib.arange(0, 5, 0)"),
    ("arange_wrong_sign", "out = lib.arange(5, 0)"),
    ("randperm_negative", "out = lib.randperm(-1)"),
    ("rand_negative", "out = lib.rand(-1)"),
    ("DoubleTensor_exact", "out = lib.DoubleTensor([0.1]).item()"),
]


def _namespace(lib: Any) -> dict[str, Any]:
    data = importlib.import_module(lib.__name__ + ".utils.data")
    return {"lib": lib, "F": lib.nn.functional, "TensorDataset": data.TensorDataset,
            "DataLoader": data.DataLoader, "__builtins__": __builtins__}


def outcome(lib: Any, src: str) -> dict[str, Any]:
    """Run the prelude and the case on ``lib``: its exception, warnings and ``out``."""
    ns = _namespace(lib)
    run_line(Line("prelude", PRELUDE), ns)
    result = run_line(Line("case", src), ns)
    out = ns.get("out", "<unset>")
    try:
        shown = repr(out)
    except Exception as e:  # noqa: BLE001 - a repr that raises is an outcome
        shown = f"<repr raised {type(e).__name__}: {e}>"
    return {"exception": result.error, "warnings": result.warnings,
            "out": shown if result.error is None else "-"}


def differences(src: str) -> list[tuple[str, Any, Any]]:
    """(field, torch, minigrad) for each field that differs."""
    want, got = outcome(torch, src), outcome(minigrad, src)
    fields = ["exception", "warnings"]
    if want["exception"] is None and got["exception"] is None:
        fields.append("out")  # a result exists on both sides only then
    return [(k, want[k], got[k]) for k in fields if want[k] != got[k]]


def test_table_has_at_least_100_cases() -> None:
    assert len(CASES) >= 100
    assert len({name for name, _ in CASES}) == len(CASES)


@pytest.mark.parametrize(("name", "src"), CASES, ids=[name for name, _ in CASES])
def test_bad_input_as_torch(name: str, src: str) -> None:
    """Raised or not, exception class and message, warnings and result as torch."""
    diffs = differences(src)
    assert not diffs, f"{name}:\n{src}\n" + "\n".join(
        f"  {field}:\n    torch:    {t}\n    minigrad: {m}" for field, t, m in diffs
    )


def report(path: Path) -> int:
    """Write the failing cases as markdown; return their number."""
    failing = [(name, src, differences(src)) for name, src in CASES]
    failing = [f for f in failing if f[2]]
    lines = ["# Bad-input table: cases where minigrad differs from torch", "",
             f"{len(failing)} of {len(CASES)} cases differ "
             "(`python tests/test_bad_inputs.py --report FILE`).", ""]
    for name, src, diffs in failing:
        lines += [f"## {name}", "", "```python", src, "```"]
        for field, t, m in diffs:
            lines.append(f"- {field}: torch `{_one(t)}` / minigrad `{_one(m)}`")
        lines.append("")
    path.write_text("\n".join(lines))
    return len(failing)


def _one(x: Any, limit: int = 240) -> str:
    text = " ".join(str(x).split()).replace("`", "'")
    return text if len(text) <= limit else text[:limit] + "..."


if __name__ == "__main__":
    torch.set_num_threads(1)
    n = report(Path(sys.argv[sys.argv.index("--report") + 1]))
    print(f"{n} of {len(CASES)} cases differ")
