"""A differential fuzzer: random straight-line programs run on torch and on minigrad.

A program is a list of :class:`~tests.fuzz.program.Line` s of Python source written against
``lib`` (``import torch as lib`` or ``import minigrad as lib``) and ``F``
(``lib.nn.functional``). The same text runs on both libraries; after every line the two
namespaces are compared variable by variable (:mod:`.compare`).

Modules:

* :mod:`.tolerance` - which comparisons may differ in the last bits, and by how much
  (the bounds documented in ``tests/op_table.py``).
* :mod:`.values` - drawing leaves, literals, numbers, dims, shapes and indices.
* :mod:`.kinds` - the table of statement kinds (one row per op).
* :mod:`.params` - how the rows draw their arguments.
* :mod:`.generate` - the hypothesis strategy of programs (torch is the shape oracle).
* :mod:`.program` - programs as source, and running them on one library.
* :mod:`.compare` - snapshots of variables and the field-by-field comparison.
* :mod:`.differential` - runs a program on both libraries, returns its outcome.
* :mod:`.shrink` - a greedy line-deleting minimiser (for the command-line runner).
* :mod:`.run` - ``python -m tests.fuzz.run --programs N --seed S --report FILE``.
"""
