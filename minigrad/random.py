"""Random numbers that equal PyTorch's CPU generator bit for bit (torch 2.13, CPU).

The generator is the 32-bit Mersenne Twister (mt19937) that torch's ``CPUGeneratorImpl``
wraps; numpy's ``MT19937`` bit generator runs the same recurrence, so only the seeding and
the transformations from raw 32-bit words to values live here. Every transformation below
was measured against torch 2.13.0 (see ``tests/test_random.py``).

Seeding. ``manual_seed(s)`` accepts ``-2**63 <= s < 2**64`` (negative seeds wrap modulo
2**64, like torch); ``initial_seed()`` returns the full 64-bit value, but the twister is
initialised with ``init_genrand(s & 0xffffffff)``: seeds that agree in their low 32 bits give
the same stream. ``Generator()`` starts from torch's default seed 67280421310721 (like
``torch.Generator()``); the module's ``default_generator`` is seeded nondeterministically at
import, as torch's is.

Draws (``w`` is a raw 32-bit word; a 64-bit draw is two words, the *first is the high half*):

* ``rand`` float32: ``(w & 0xFFFFFF) * 2**-24``; float64: ``(w64 & (2**53 - 1)) * 2**-53``.
* ``uniform(low, high)``: ``low``/``high`` cast to the dtype, ``span = high - low`` in the
  dtype, value ``u * span + low``; a value that rounded up to ``high`` is replaced by
  ``low`` (torch keeps ``[low, high)``). minigrad rounds ``u * span + low`` twice (plain
  IEEE arithmetic, what numpy does), which is what torch does under
  ``ATEN_CPU_CAPABILITY=default``. torch's AVX2/AVX-512 kernels (its default on such
  machines) fuse it into one rounding; ``set_fused_multiply_add(True)`` emulates that
  (float32 through float64 with round-to-odd, float64 through an error-free fma emulation),
  after which every draw here matches native AVX-512 torch except float32 ``normal`` with
  16 or more elements. Measured: on ``[-10, 10)`` about 40 % of float32 values differ by
  one ulp between the two modes.
* ``normal`` with fewer than 16 elements: Box-Muller in double from two 53-bit uniforms,
  ``r = sqrt(-2 log1p(-u2))``, ``theta = 2 pi u1``; returns ``r cos(theta)`` and caches
  ``r sin(theta)`` for the next scalar-path normal (any dtype; reseeding clears the cache).
* ``normal`` with 16 or more elements: torch's ``normal_fill``: uniforms in the dtype, then
  blocks of 16 (``u1 = 1 - d[j]``, ``u2 = d[j + 8]`` for ``j < 8``); a ragged tail draws 16
  fresh uniforms into the last 16 slots. ``mean`` and ``std`` are applied as
  ``fma(r * cos(theta), std, mean)``, one rounding, even under the default capability
  (measured; two roundings mismatch about 3 % of float64 values). float64 uses the C
  library's ``log``/``cos``/``sin`` through :mod:`math`: exact. float32 calls the C
  library's ``logf``/``cosf``/``sinf`` through :mod:`ctypes` (what torch's default-capability
  kernel calls): exact on glibc. Without a loadable C math library it falls back to numpy
  float64 math rounded to float32, which differs from glibc in about 1.5 % of values (by
  1 to 3 ulp). torch's AVX2/AVX-512 float32 kernel uses its own vectorised log/sin/cos,
  which minigrad does not emulate (measured on AVX-512: ~38 % of standard normals differ,
  by up to 2.1e-6 absolute); its float64 path is the same as the default one (exact).
* ``randperm(n)``: ``r = arange(n)``; for ``i < n - 1``: ``z = w % (n - i)``, swap
  ``r[i]`` and ``r[i + z]`` (n - 1 words).
* ``random64()``: ``(first << 32) | second``; ``random_int64()`` is that modulo 2**63, the
  value of ``torch.empty((), dtype=torch.int64).random_()`` (DataLoader and sampler seeds).
* ``DataLoader(shuffle=True)``: ``iter()`` draws a base seed (``random_int64``, shuffled or
  not); the first ``next()`` draws the sampler's seed ``random_int64()`` and yields
  ``Generator(seed).randperm(n)`` (the twister sees the seed's low 32 bits); with
  ``generator=g`` the permutation comes from ``g`` itself, and an exhausted epoch draws one
  more (discarded) ``randperm(n)`` from ``g``. See :func:`shuffle_permutation_for_epoch`.
"""

from __future__ import annotations

import ctypes
import math
import os
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from . import _checks

__all__ = [
    "DEFAULT_SEED",
    "Generator",
    "GeneratorState",
    "dataloader_base_seed",
    "default_generator",
    "fused_multiply_add",
    "get_rng_state",
    "initial_seed",
    "kaiming_uniform_bounds",
    "manual_seed",
    "sampler_exhausted",
    "sampler_permutation",
    "seed",
    "set_fused_multiply_add",
    "set_rng_state",
    "shuffle_permutation_for_epoch",
]

DEFAULT_SEED = 67280421310721
_MASK32 = 0xFFFFFFFF
_MASK64 = (1 << 64) - 1
_FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))
_DTYPE_NAMES = {
    np.dtype(np.float32): ("float", "Float"),
    np.dtype(np.float64): ("double", "Double"),
}
# torch's randperm switches to a 64-bit-draw algorithm from this size on (not implemented).
_RANDPERM_LIMIT = _MASK32 // 20

_fused = False


def set_fused_multiply_add(enabled: bool) -> None:
    """Choose how ``uniform`` rounds ``u * (high - low) + low``.

    ``False`` (the default): two roundings, like torch under ``ATEN_CPU_CAPABILITY=default``.
    ``True``: one rounding (a fused multiply-add), like torch's AVX2/AVX-512 kernels.
    """
    global _fused
    _fused = bool(enabled)


def fused_multiply_add() -> bool:
    """Return whether ``uniform`` currently emulates the fused multiply-add."""
    return _fused


# --------------------------------------------------------------------------- seeding


def _check_seed(seed: Any) -> int:
    """Convert a seed the way torch does: ``int(seed)``, range ``[-2**63, 2**64)``, mod 2**64."""
    value = int(seed)
    if not -(1 << 63) <= value <= _MASK64:
        raise ValueError("Overflow when unpacking long long")
    return value & _MASK64


def _init_genrand(seed32: int) -> np.ndarray:
    """mt19937's ``init_genrand``: the 624-word key for a 32-bit seed."""
    key = [0] * 624
    key[0] = seed32 & _MASK32
    for i in range(1, 624):
        prev = key[i - 1]
        key[i] = (1812433253 * (prev ^ (prev >> 30)) + i) & _MASK32
    return np.array(key, dtype=np.uint32)


def _nondeterministic_seed() -> int:
    return int.from_bytes(os.urandom(8), "little")


@dataclass(frozen=True)
class GeneratorState:
    """An opaque snapshot of a :class:`Generator` (twister key and position, seed, cache)."""

    key: bytes
    pos: int
    seed: int
    next_normal: float | None


# --------------------------------------------------------------------------- C math


class _LibmFloat:
    """The C library's ``logf``/``cosf``/``sinf`` (what torch's default-capability kernel
    calls), loaded lazily; ``available`` is False when no C math library can be found."""

    def __init__(self) -> None:
        self._loaded = False
        self.available = False

    def _load(self) -> None:
        self._loaded = True
        for name in ("libm.so.6", "libm.dylib", "ucrtbase.dll", "msvcrt.dll", None):
            if name is None:  # last resort: ask the platform (runs a subprocess on Linux)
                from ctypes import util as ctypes_util

                name = ctypes_util.find_library("m")
                if name is None:
                    return
            try:
                lib = ctypes.CDLL(name)
                fns = [getattr(lib, f) for f in ("logf", "cosf", "sinf")]
            except (OSError, AttributeError):
                continue
            for fn in fns:
                fn.restype = ctypes.c_float
                fn.argtypes = [ctypes.c_float]
            self.logf, self.cosf, self.sinf = fns
            self.available = True
            return

    def ready(self) -> bool:
        """Load on first use; return whether the C functions are available."""
        if not self._loaded:
            self._load()
        return self.available


_libm = _LibmFloat()


def _map(fn: Any, values: np.ndarray, dtype: Any) -> np.ndarray:
    """Apply a scalar C-library function to every element (one call per element)."""
    return np.fromiter(map(fn, values.tolist()), dtype=dtype, count=values.size)


def _box_muller_blocks_f32(u1: np.ndarray, u2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """float32 ``normal_fill_16`` on flat arrays of u1 = 1 - d[j], u2 = d[j + 8].

    ``theta = 2.0f * pi<double> * u2`` is computed in double and stored as float; the
    radius is ``sqrtf(-2 * logf(u1))``; ``r * cosf(theta)`` and ``r * sinf(theta)`` in float.
    """
    theta = (np.float64(2.0 * math.pi) * u2.astype(np.float64)).astype(np.float32)
    if _libm.ready():
        log_u1 = _map(_libm.logf, u1, np.float32)
        cos_t = _map(_libm.cosf, theta, np.float32)
        sin_t = _map(_libm.sinf, theta, np.float32)
    else:
        log_u1 = np.log(u1.astype(np.float64)).astype(np.float32)
        cos_t = np.cos(theta.astype(np.float64)).astype(np.float32)
        sin_t = np.sin(theta.astype(np.float64)).astype(np.float32)
    radius = np.sqrt(np.float32(-2.0) * log_u1)
    return radius * cos_t, radius * sin_t


def _box_muller_blocks_f64(u1: np.ndarray, u2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """float64 ``normal_fill_16``; :mod:`math` calls the C library's log/cos/sin like torch
    (numpy's own float64 log differs from glibc's in ~0.3 % of values, measured)."""
    radius = np.sqrt(-2.0 * _map(math.log, u1, np.float64))
    theta = (2.0 * math.pi) * u2
    return radius * _map(math.cos, theta, np.float64), radius * _map(math.sin, theta, np.float64)


# --------------------------------------------------------------------------- fused arithmetic


def _two_sum(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """s + e == a + b exactly, s = fl(a + b) (Knuth)."""
    s = a + b
    bb = s - a
    e = (a - (s - bb)) + (b - bb)
    return s, e


def _round_to_odd(s: np.ndarray, e: np.ndarray) -> np.ndarray:
    """Round the exact value s + e (s = fl(s + e)) to odd in s's precision."""
    inexact = e != 0
    bits = s.view(np.int64) if s.dtype == np.float64 else s.view(np.int32)
    even = (bits & 1) == 0
    fix = inexact & even
    if not fix.any():
        return s
    out = s.copy()
    direction = np.where(e > 0, np.inf, -np.inf).astype(s.dtype)
    out[fix] = np.nextafter(s[fix], direction[fix])
    return out


def _split(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Veltkamp split of float64 values into two 26-bit halves."""
    c = a * 134217729.0  # 2**27 + 1
    hi = c - (c - a)
    return hi, a - hi


def _two_product(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """p + e == a * b exactly, p = fl(a * b) (Dekker), barring overflow/underflow."""
    p = a * b
    ah, al = _split(a)
    bh, bl = _split(b)
    e = ((ah * bh - p) + ah * bl + al * bh) + al * bl
    return p, e


def _fma(x: np.ndarray, y: Any, z: Any) -> np.ndarray:
    """Correctly rounded ``x * y + z`` in x's dtype (float32 or float64); y, z broadcast."""
    dt = x.dtype
    x, y, z = np.broadcast_arrays(x, np.asarray(y, dtype=dt), np.asarray(z, dtype=dt))
    if dt == np.float32:
        p = x.astype(np.float64) * y.astype(np.float64)  # exact: 24 + 24 bits
        s, e = _two_sum(p, z.astype(np.float64))
        with np.errstate(over="ignore"):  # beyond float32's range: inf, as IEEE fma gives
            return _round_to_odd(s, e).astype(np.float32)
    # Boldo & Melquiond, "Emulation of FMA and correctly rounded sums: proved algorithms
    # using rounding to odd" (IEEE TC 2008), Algorithm 5: exact product, exact sum of the
    # high parts, the low parts rounded to odd, one final rounding.
    with np.errstate(all="ignore"):
        uh, ul = _two_product(x, y)
        th, tl = _two_sum(z, uh)
        v, ve = _two_sum(tl, ul)
        out = th + _round_to_odd(v, ve)
    # Outside the range where the error-free transformations are exact (huge or tiny
    # magnitudes), fall back to exact rational arithmetic element by element.
    finite = np.isfinite(x) & np.isfinite(y) & np.isfinite(z)
    big, tiny = 2.0**995, 2.0**-960
    risky = finite & (
        (np.abs(x) > big)
        | (np.abs(y) > big)
        | (np.abs(z) > big)
        | ~np.isfinite(out)
        | ((uh != 0) & (np.abs(uh) < tiny))
    )
    if risky.any():
        out = np.array(out)
        for i in zip(*np.nonzero(risky), strict=True):
            out[i] = _exact_fma(float(x[i]), float(y[i]), float(z[i]))
    plain = ~finite
    if plain.any():
        out = np.where(plain, x * y + z, out)
    return out


def _exact_fma(x: float, y: float, z: float) -> float:
    """``x * y + z`` rounded once, through :class:`fractions.Fraction` (slow, exact)."""
    exact = Fraction(x) * Fraction(y) + Fraction(z)
    if exact == 0:
        return x * y + z  # the sign of an exact zero follows IEEE addition
    try:
        return float(exact)
    except OverflowError:
        return math.inf if exact > 0 else -math.inf


# --------------------------------------------------------------------------- generator


def _shape_size(shape: Any) -> tuple[tuple[int, ...], int]:
    if isinstance(shape, (int, np.integer)):
        shape = (shape,)
    shape = tuple(int(s) for s in shape)
    for s in shape:
        if s < 0:
            dims = ", ".join(str(d) for d in shape)
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: [{dims}]")
    return shape, math.prod(shape)


def drawn_in_memory_order(data: np.ndarray, draw: Any) -> np.ndarray:
    """Values for ``data``'s elements, drawn in the order torch's kernels write them: the
    memory order (dimensions by decreasing stride). ``draw(shape, contiguous)`` draws."""
    if data.flags.c_contiguous or data.ndim < 2:
        return draw(data.shape, bool(data.flags.c_contiguous))
    perm = sorted(range(data.ndim), key=lambda d: -abs(data.strides[d]))
    values = draw(tuple(data.shape[d] for d in perm), False)
    return np.transpose(values, np.argsort(perm))


def _shaped(a: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Give a fresh 1-D array its shape in place (no view: the result owns its data)."""
    if not a.flags.owndata:
        a = a.copy()
    a.shape = shape
    return a


_UNIFORM = "check_uniform_bounds"  # torch's kernel that refuses non-floating dtypes


def _float_dtype(dtype: Any, kernel: str) -> np.dtype:
    """The numpy dtype of a draw; torch's NotImplementedError (naming ``kernel``) for a
    bool or integer dtype."""
    dt = np.dtype(dtype)
    _checks.check_floating(dt, kernel)
    if dt not in _FLOAT_DTYPES:
        raise TypeError(f"only float32 and float64 are supported, got {dt}")
    return dt


def _fmt(x: float) -> str:
    """Format a number like C++'s ostream (6 significant digits)."""
    return f"{x:g}"


class Generator:
    """A torch-exact CPU generator: mt19937 plus torch's transformations and normal cache."""

    __slots__ = ("_bitgen", "_seed", "_next_normal")

    def __init__(self, seed: int = DEFAULT_SEED) -> None:
        self._bitgen = np.random.MT19937(0)
        self.manual_seed(seed)

    # ----- seeding and state

    def manual_seed(self, seed: int) -> Generator:
        """Reseed with ``init_genrand(seed & 0xffffffff)``; clear the normal cache."""
        value = _check_seed(seed)
        self._bitgen.state = {
            "bit_generator": "MT19937",
            "state": {"key": _init_genrand(value & _MASK32), "pos": 624},
        }
        self._seed = value
        self._next_normal: float | None = None
        return self

    def initial_seed(self) -> int:
        """The 64-bit seed last given to :meth:`manual_seed` (or :meth:`seed`)."""
        return self._seed

    def seed(self) -> int:
        """Reseed from ``os.urandom`` (64 bits, like torch) and return the new seed."""
        value = _nondeterministic_seed()
        self.manual_seed(value)
        return value

    def get_state(self) -> GeneratorState:
        """Snapshot everything that determines future draws."""
        st = self._bitgen.state["state"]
        return GeneratorState(
            key=np.asarray(st["key"], dtype=np.uint32).tobytes(),
            pos=int(st["pos"]),
            seed=self._seed,
            next_normal=self._next_normal,
        )

    def set_state(self, state: GeneratorState) -> Generator:
        """Restore a snapshot taken by :meth:`get_state`."""
        if not isinstance(state, GeneratorState):
            raise TypeError(f"expected a GeneratorState, got {type(state).__name__}")
        key = np.frombuffer(state.key, dtype=np.uint32).copy()
        self._bitgen.state = {"bit_generator": "MT19937", "state": {"key": key, "pos": state.pos}}
        self._seed = state.seed
        self._next_normal = state.next_normal
        return self

    # ----- raw words

    def random_words(self, n: int) -> np.ndarray:
        """The next ``n`` raw 32-bit mt19937 outputs, as uint32."""
        if n < 0:
            raise ValueError(f"n must be non-negative, got {n}")
        return self._bitgen.random_raw(n).astype(np.uint32)

    def _words64(self, n: int) -> np.ndarray:
        w = self._bitgen.random_raw(2 * n)  # uint64 holding 32-bit values
        return (w[0::2] << np.uint64(32)) | w[1::2]

    def random64(self) -> int:
        """torch's ``random64()``: two words, the first is the high half."""
        hi, lo = self._bitgen.random_raw(2).tolist()
        return (hi << 32) | lo

    def random_int64(self) -> int:
        """``torch.empty((), dtype=torch.int64).random_()``: ``random64() % 2**63``."""
        return self.random64() & ((1 << 63) - 1)

    # ----- uniform

    def _unit(self, n: int, dt: np.dtype) -> np.ndarray:
        if dt == np.float32:
            w24 = self._bitgen.random_raw(n) & np.uint64(0xFFFFFF)
            return w24.astype(np.float32) * np.float32(2.0**-24)
        w53 = self._words64(n) & np.uint64((1 << 53) - 1)
        return w53.astype(np.float64) * 2.0**-53

    def rand(self, shape: Any, dtype: Any = np.float32) -> np.ndarray:
        """``torch.rand(shape, dtype=dtype)``: uniform on [0, 1), row-major draw order."""
        shape, n = _shape_size(shape)
        return _shaped(self._unit(n, _float_dtype(dtype, _UNIFORM)), shape)

    def uniform(self, shape: Any, low: float, high: float, dtype: Any = np.float32) -> np.ndarray:
        """``tensor.uniform_(low, high)`` / ``nn.init.uniform_``: see the module docstring."""
        shape, n = _shape_size(shape)
        dt = _float_dtype(dtype, _UNIFORM)
        low, high = float(low), float(high)
        name, cap = _DTYPE_NAMES[dt]
        info = np.finfo(dt)
        for value, what in ((low, "from"), (high, "to")):
            if not float(info.min) <= value <= float(info.max):
                raise RuntimeError(f"{what} is out of bounds for {name}")
        if not low <= high:
            raise RuntimeError(
                f"uniform_ expects to return a [from, to) range, but found "
                f"from={_fmt(low)} > to={_fmt(high)}"
            )
        if not high - low <= float(info.max):
            raise RuntimeError(
                f"uniform_ expects to-from <= std::numeric_limits<{cap}>::max(), but found "
                f"to={_fmt(high)} and from={_fmt(low)} which result in to-from to exceed the limit"
            )
        lo, hi = dt.type(low), dt.type(high)
        span = hi - lo
        u = self._unit(n, dt)
        out = _fma(u, span, lo) if _fused else u * span + lo
        # torch keeps the range half-open: a value that rounded up to ``high`` becomes ``low``
        # (measured; e.g. uniform_(65536, 65537) in float32 hits it for ~0.4 % of draws).
        out[out >= hi] = lo
        return _shaped(out, shape)

    # ----- normal

    def _scalar_normal(self, mean: float, std: float) -> float:
        """``at::normal_distribution<double>``: Box-Muller with the cached second value."""
        cached = self._next_normal
        if cached is not None:
            self._next_normal = None
            return cached * std + mean
        u1, u2 = (self._words64(2) & np.uint64((1 << 53) - 1)).tolist()
        u1 *= 2.0**-53
        u2 *= 2.0**-53
        r = math.sqrt(-2.0 * math.log1p(-u2))
        theta = 2.0 * math.pi * u1
        self._next_normal = r * math.sin(theta)
        return r * math.cos(theta) * std + mean

    def normal(
        self, shape: Any, mean: float = 0.0, std: float = 1.0, dtype: Any = np.float32,
        contiguous: bool = True,
    ) -> np.ndarray:
        """``torch.randn`` / ``tensor.normal_(mean, std)`` (both of torch's CPU paths: a
        non-contiguous tensor is filled one draw at a time, as a short one)."""
        shape, n = _shape_size(shape)
        if n == 0 and np.dtype(dtype).kind in "biu":  # torch draws nothing, checks nothing
            return np.zeros(shape, dtype=np.dtype(dtype))
        dt = _float_dtype(dtype, "normal_kernel_cpu")
        mean, std = float(mean), float(std)
        if not std >= 0.0:
            raise RuntimeError(f"normal expects std >= 0.0, but found std {_fmt(std)}")
        if n < 16 or not contiguous:
            values = [self._scalar_normal(mean, std) for _ in range(n)]
            return _shaped(np.array(values, dtype=np.float64).astype(dt), shape)
        d = self._unit(n, dt)
        nblocks = n // 16
        if n % 16:
            tail = self._unit(16, dt)
        blocks = d[: nblocks * 16].reshape(nblocks, 16)
        if n % 16:
            blocks = np.concatenate([blocks, tail.reshape(1, 16)])
        one = dt.type(1.0)
        u1 = (one - blocks[:, :8]).ravel()
        u2 = blocks[:, 8:].ravel()
        transform = _box_muller_blocks_f32 if dt == np.float32 else _box_muller_blocks_f64
        first, second = transform(u1, u2)
        sd, mu = dt.type(std), dt.type(mean)
        # torch applies std and mean with a true fused multiply-add even in its
        # default-capability kernel (measured): one rounding of x * std + mean.
        blocks = np.concatenate(
            [_fma(first, sd, mu).reshape(-1, 8), _fma(second, sd, mu).reshape(-1, 8)], axis=1
        )
        d[: nblocks * 16] = blocks[:nblocks].ravel()
        if n % 16:
            d[n - 16 :] = blocks[nblocks]
        return _shaped(d, shape)

    # ----- permutations

    def randperm(self, n: int) -> np.ndarray:
        """``torch.randperm(n)`` (int64), drawing ``n - 1`` words."""
        n = int(n)
        if n < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {n}: [{n}]")
        if n >= _RANDPERM_LIMIT:
            raise NotImplementedError(f"randperm is implemented for n < {_RANDPERM_LIMIT}")
        if n < 2:
            return np.arange(n, dtype=np.int64)
        words = self._bitgen.random_raw(n - 1)
        z = (words % np.arange(n, 1, -1, dtype=np.uint64)).tolist()
        r = list(range(n))
        for i, zi in enumerate(z):
            j = i + zi
            r[i], r[j] = r[j], r[i]
        return np.array(r, dtype=np.int64)

    def __repr__(self) -> str:
        # what torch prints for its generator (notebooks show it after manual_seed)
        return f"<torch._C.Generator object at {hex(id(self))}>"


# --------------------------------------------------------------------------- module level

default_generator = Generator(_nondeterministic_seed())


def manual_seed(seed: int) -> Generator:
    """Seed the default generator (``torch.manual_seed``) and return it."""
    return default_generator.manual_seed(seed)


def initial_seed() -> int:
    """The default generator's initial seed (``torch.initial_seed``)."""
    return default_generator.initial_seed()


def seed() -> int:
    """Reseed the default generator nondeterministically and return the seed."""
    return default_generator.seed()


def get_rng_state() -> GeneratorState:
    """Snapshot of the default generator (``torch.get_rng_state``, opaque here)."""
    return default_generator.get_state()


def set_rng_state(state: GeneratorState) -> None:
    """Restore the default generator from :func:`get_rng_state`."""
    default_generator.set_state(state)


def kaiming_uniform_bounds(fan_in: int) -> tuple[float, float]:
    """``nn.Linear``'s init bounds, computed in double exactly as torch does.

    weight: ``kaiming_uniform_(w, a=sqrt(5))``: gain ``sqrt(2 / (1 + a**2))``, bound
    ``sqrt(3) * (gain / sqrt(fan_in))``; bias: ``1 / sqrt(fan_in)``. Both are 0 for
    ``fan_in == 0`` (torch skips the zero-element weight and uses bound 0 for the bias).
    The draws are then ``uniform(shape, -bound, bound)``: weight first, then bias.
    """
    if fan_in <= 0:
        return 0.0, 0.0
    a = math.sqrt(5)
    gain = math.sqrt(2.0 / (1 + a**2))
    std = gain / math.sqrt(fan_in)
    weight_bound = math.sqrt(3.0) * std
    bias_bound = 1 / math.sqrt(fan_in)
    return weight_bound, bias_bound


# --------------------------------------------------------------------------- DataLoader


def _generator(generator: Generator | None) -> Generator:
    return default_generator if generator is None else generator


def dataloader_base_seed(generator: Generator | None = None) -> int:
    """What ``iter(DataLoader)`` draws at once: ``_base_seed`` (2 words of ``generator``,
    the DataLoader's ``generator=`` argument, or the default generator)."""
    return _generator(generator).random_int64()


def sampler_permutation(n: int, generator: Generator | None = None) -> np.ndarray:
    """What ``RandomSampler`` draws at the first ``next()`` of an epoch.

    Without a generator: a seed ``random_int64()`` from the default generator, then
    ``randperm(n)`` from a fresh generator seeded with it (the twister sees the seed's low
    32 bits). With a generator: ``randperm(n)`` drawn from it directly.
    """
    if generator is None:
        fresh = Generator(default_generator.random_int64())
        return fresh.randperm(n)
    return generator.randperm(n)


def sampler_exhausted(n: int, generator: Generator | None = None) -> None:
    """What ``RandomSampler`` draws when it runs out: one more, empty-sliced
    ``randperm(n)``. It only touches a generator the user passed to the DataLoader."""
    if generator is not None:
        generator.randperm(n)


def shuffle_permutation_for_epoch(n: int, generator: Generator | None = None) -> np.ndarray:
    """One fully consumed epoch of ``DataLoader(dataset, shuffle=True, generator=generator)``
    over ``n`` samples: base seed at ``iter()``, the permutation at the first ``next()``,
    the sampler's trailing draw at the end. Returns the permutation the epoch yields."""
    dataloader_base_seed(generator)
    perm = sampler_permutation(n, generator)
    sampler_exhausted(n, generator)
    return perm
