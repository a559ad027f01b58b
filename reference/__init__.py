"""Everything that checks minigrad against PyTorch, epoch by epoch.

* ``scenarios`` — every training loop of the source documents (and the course's two
  companions) as data: dataset, model, loss, optimiser and hyper-parameters, epochs, dtype,
  starting parameters, what the page prints.
* ``loops`` — ``train(lib, scenario) -> Trace``: one loop source per family, written against
  the torch-shaped API, run with ``lib = torch`` or ``lib = minigrad``.
* ``manual`` — ``train_numpy(scenario) -> Trace``: the torch-free third witness, numpy with
  hand-derived gradients, rounding in torch's order (bit-identical to torch in float32).
* ``trace`` — ``Trace`` (per step: cost before the step, gradients, parameters after it) and
  ``compare(a, b)``: first divergence, max abs / rel / ulp differences, "both diverged".
* ``torchrng`` — ``nn.Linear`` init and ``DataLoader`` shuffle orders from torch's generator
  (through ``minigrad.random``), so no torch is needed to start a loop from the numbers torch
  would draw.
* ``course`` — the course's next chapters (logistic and softmax classification, training
  tips, XOR networks) as scenarios: their models, losses and a numpy witness with the
  sigmoid + BCE and softmax + cross-entropy gradients derived by hand; ``coursedata`` the
  chapters' CSV data sets, generated (seeded).
* ``golden`` — the pages' printed logs, verbatim.
* ``cli`` — the ``minigrad`` command (``python -m reference.cli``): ``verify`` (``make
  verify``), ``verify-script``, ``run``, ``list``, ``draw``, ``bench``.
* ``verify_script`` and ``script_runner`` — ``minigrad verify-script``: any torch script or
  notebook run with torch and with minigrad (each in a subprocess), compared step by step.

Nothing here imports torch at module level; ``loops.load_engine("torch")`` does, after
setting ``ATEN_CPU_CAPABILITY=default``.
"""
