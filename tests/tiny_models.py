"""The tiny randomly initialised Llama the training, generation and evaluation tests run on the CPU, with
nothing downloaded: `jisr tiny-model` ships the builder (jisr/training/tiny.py), and the tests use it too."""

from jisr.training.tiny import tiny_llama  # noqa: F401
