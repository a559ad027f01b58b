"""An optimizer step where a parameter, its gradient and its state buffers hold different
dtypes, as a ``.data =`` of another dtype leaves them (found by fuzz seed 4509): each of
torch's optimizer ops computes in the dtypes of its own tensors (``buf.mul_(momentum)`` in
the buffer's, ``param.add_(buf, alpha=-lr)`` in the pair's common dtype), so the
hyperparameters are not simply cast to the parameter's dtype.

Each drawn run of steps (assign a gradient in the parameter's dtype, keep the last one, or
give ``.data`` the other dtype; then ``step()``) is compared with torch after every step: the
parameter, every state buffer, or the exception's class and message. Adam takes torch's
square root (MKL's, not correctly rounded: see ``test_adam.py``)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import minigrad as mg
import minigrad.optim.adam as mg_adam
from tests.test_adam import _torch_sqrt, adam_options
from tests.test_optim import sgd_options

torch = pytest.importorskip("torch")

DTYPES = {"float32": np.float32, "float64": np.float64}
ACTIONS = st.sampled_from(["assign", "keep", "swap"])


def _run(lib, make_opt, p0, actions, grads):
    """The outcomes after each step: the parameter and state values, or the error."""
    p = lib.tensor(p0, requires_grad=True)
    opt = make_opt(lib, p)
    outcomes = []
    for action, g in zip(actions, grads):
        try:
            if action == "assign" or p.grad is None:
                p.grad = lib.tensor(g.astype(str(p.dtype).replace("torch.", "")))
            elif action == "swap":
                other = lib.float64 if p.dtype == lib.float32 else lib.float32
                p.data = p.data.to(other)
            opt.step()
        except Exception as e:  # noqa: BLE001 - the class and message are compared
            outcomes.append((type(e).__name__, str(e)))
            break
        state = opt.state[p]
        outcomes.append((
            str(p.dtype), p.detach().numpy().tolist(),
            {k: (str(v.dtype), v.numpy().tolist() if v.dim() else v.item())
             for k, v in sorted(state.items()) if v is not None},
        ))
    return outcomes


def _compare(make_opt, dtype, data, steps):
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=2, max_side=3), label="shape")
    elements = st.floats(-10, 10, allow_nan=False, width=32)
    p0 = data.draw(hnp.arrays(DTYPES[dtype], shape, elements=elements), label="parameter")
    actions = data.draw(st.lists(ACTIONS, min_size=steps, max_size=steps), label="actions")
    grads = [data.draw(hnp.arrays(np.float64, shape, elements=elements), label=f"grad {i}")
             for i in range(steps)]
    ours = _run(mg, make_opt, p0, actions, grads)
    theirs = _run(torch, make_opt, p0.copy(), actions, grads)
    assert repr(ours) == repr(theirs)  # (nan equal to nan, -0.0 told from 0.0)


@given(dtype=st.sampled_from(sorted(DTYPES)), options=sgd_options(), steps=st.integers(2, 5),
       data=st.data())
def test_sgd_when_data_takes_another_dtype(dtype, options, steps, data):
    _compare(lambda lib, p: lib.optim.SGD([p], **options), dtype, data, steps)


@given(dtype=st.sampled_from(sorted(DTYPES)), options=adam_options(), steps=st.integers(2, 5),
       data=st.data())
def test_adam_when_data_takes_another_dtype(dtype, options, steps, data):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(mg_adam, "_sqrt", _torch_sqrt)
        _compare(lambda lib, p: lib.optim.Adam([p], **options), dtype, data, steps)


def test_sgd_momentum_buffer_scaled_in_its_own_dtype():
    """Seed 4509's case: a float32 buffer of a parameter now float64 is scaled in float32
    (0.9f * -1.5f is a tie, rounded to even; in float64 then rounded: the other neighbour)."""
    for lib in (mg, torch):
        p = lib.tensor([-3.0], requires_grad=True)
        opt = lib.optim.SGD([p], lr=0.1, momentum=0.9)
        p.grad = lib.tensor([-1.5])
        p.data = lib.tensor([0.0], dtype=lib.float64)
        opt.step()
        opt.zero_grad(set_to_none=False)
        opt.step()
        assert opt.state[p]["momentum_buffer"].tolist() == [-1.3499999046325684], lib
        assert p.tolist() == [0.28499999046325686], lib
