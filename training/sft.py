"""Fine-tuning on a published mix: TRL's SFTTrainer with a PEFT LoRA adapter (or every weight).

The run trains on exactly the published version (`load_mix` checks the manifest hash), is recorded
in the catalog before the first step (so a crash stays visible as `failed`), and leaves its adapter,
tokenizer and a model card naming the mix version and hash in `output_dir`.

torch, transformers, trl and peft (the `train` extra) are imported inside the functions, so the
`jisr` CLI starts fast and works without them for everything but training.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from jisr.catalog import CATALOG_FILE, Catalog, default_home, load_mix
from jisr.catalog.mixes import resolve
from jisr.catalog.training_runs import record_losses, training_run
from jisr.errors import InputError
from jisr.progress import Progress
from jisr.training.card import model_card
from jisr.training.config import TrainConfig
from jisr.training.template import prepare_chat_template


@dataclass(frozen=True)
class TrainResult:
    run_id: str
    mix: str                      # NAME@VERSION actually trained on
    manifest_hash: str
    base_model: str
    method: str
    output_dir: Path
    languages: list[str]
    steps: int
    final_loss: float | None      # the last logged training loss
    eval_loss: float | None       # the last validation loss, when the mix has a validation split
    losses: list[dict[str, Any]]  # trainer.state.log_history


def _setup_training_libraries() -> None:
    """Fail in one line without the `train` extra; quiet the tqdm bars that would cut through TrainingProgress."""
    try:
        import datasets
        import peft  # noqa: F401
        import torch  # noqa: F401
        import trl  # noqa: F401
        from transformers.utils import logging as transformers_logging
    except ImportError as exc:
        raise InputError(f"training needs the `train` extra ({exc.name} is missing): "
                         "pip install -e '.[train]'") from exc
    datasets.disable_progress_bars()
    transformers_logging.disable_progress_bar()


def on_cpu() -> bool:
    """Train on the CPU unless a CUDA GPU is there (MPS and others are not tried)."""
    import torch

    return not torch.cuda.is_available()


def uses_bf16(cpu: bool) -> bool:
    """bf16 mixed precision on a GPU that has it; float32 elsewhere (recorded with the run)."""
    import torch

    return not cpu and torch.cuda.is_bf16_supported()


def load_base(base_model: str, cpu: bool):
    """(model, tokenizer) from a hub id or a local folder; a failure is one line naming the model."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    try:
        tokenizer = AutoTokenizer.from_pretrained(base_model)
        # On a CPU the weights must be float32: there is no bf16 autocast there and bf16 weights would
        # make the optimizer round away small updates. On a GPU the checkpoint's own dtype is kept.
        model = AutoModelForCausalLM.from_pretrained(base_model, dtype=torch.float32 if cpu else "auto")
    except (OSError, ValueError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"cannot load base model '{base_model}': {reason}") from exc
    return model, tokenizer


def build_trainer(model, tokenizer, train_set, eval_set, config: TrainConfig, output_dir: Path, cpu: bool,
                  callbacks: list | None = None):
    """An SFTTrainer on `messages` with the loss on assistant tokens only; the datasets are tokenized here."""
    import torch
    from peft import LoraConfig
    from transformers.trainer_callback import PrinterCallback
    from trl import SFTConfig, SFTTrainer

    args = SFTConfig(
        output_dir=str(output_dir),
        num_train_epochs=config.epochs,
        max_steps=config.max_steps or -1,
        learning_rate=config.learning_rate,
        lr_scheduler_type="cosine_with_min_lr",
        lr_scheduler_kwargs={"min_lr_rate": config.min_lr_ratio},
        per_device_train_batch_size=config.batch_size,
        per_device_eval_batch_size=config.batch_size,
        gradient_accumulation_steps=config.grad_accum,
        max_length=config.max_length,
        packing=config.packing,
        assistant_only_loss=True,
        seed=config.seed,
        logging_steps=config.logging_steps,
        eval_strategy="epoch" if eval_set is not None else "no",
        save_strategy="no",  # the final model is saved once, with its card; no resumable checkpoints
        report_to="none",
        disable_tqdm=True,  # TrainingProgress reports instead
        # SFTConfig defaults to bf16 and gradient checkpointing, which suit a (recent) GPU only.
        use_cpu=cpu,
        bf16=uses_bf16(cpu),
        activation_checkpointing=not cpu,  # transformers >= 5.23's name for gradient checkpointing
    )
    peft_config = None
    if config.method == "lora":
        peft_config = LoraConfig(r=config.lora_r, lora_alpha=config.lora_alpha, lora_dropout=config.lora_dropout,
                                 target_modules=config.target_modules, task_type="CAUSAL_LM")
    trainer = SFTTrainer(model=model, args=args, train_dataset=train_set, eval_dataset=eval_set,
                         processing_class=tokenizer, peft_config=peft_config, callbacks=callbacks)
    trainer.remove_callback(PrinterCallback)
    return trainer


def mix_splits(mix: str, home: Path):
    """The train split and the validation split (None when empty), reduced to the `messages` column.

    Only `messages` goes to TRL: a `prompt` column beside it would make TRL treat the rows as
    prompt/completion pairs.
    """
    train_set = load_mix(mix, "train", home)
    if train_set.num_rows == 0:
        raise InputError(f"{mix}: the train split is empty")
    eval_set = load_mix(mix, "validation", home)
    languages = sorted(set(train_set["language"]))
    return (train_set.select_columns(["messages"]),
            eval_set.select_columns(["messages"]) if eval_set.num_rows else None, languages)


def _last(losses: list[dict[str, Any]], key: str) -> float | None:
    return next((entry[key] for entry in reversed(losses) if key in entry), None)


def _check_output_dir(output_dir: Path) -> None:
    if output_dir.exists() and any(output_dir.iterdir()):
        raise InputError(f"{output_dir}: already holds files; pass another output folder or remove it")


def train(mix_ref: str, base_model: str, output_dir: str | Path, config: TrainConfig | None = None,
          home: str | Path | None = None, progress: Progress | None = None) -> TrainResult:
    """Fine-tune `base_model` (hub id or folder) on the mix `mix_ref` (NAME@VERSION, or NAME for the latest).

    Saves the adapter (or full model), tokenizer and a model card to `output_dir`, and records the
    run (hyperparameters, loss history, status) in the catalog under `home`. `progress` shows the steps
    (jisr/progress.py); the loss at each logging step also goes to the `jisr.training` logger.
    """
    config = config or TrainConfig()
    home, output_dir = Path(home or default_home()), Path(output_dir).absolute()
    if Path(base_model).is_dir():  # record (and point the adapter at) the folder itself, not a relative path
        base_model = str(Path(base_model).resolve())
    catalog_path = home / CATALOG_FILE
    _setup_training_libraries()
    _check_output_dir(output_dir)
    with Catalog.open(catalog_path, read_only=True) as catalog:
        name, version, manifest, _ = resolve(catalog, mix_ref)
    mix = f"{name}@{version}"  # pinned: a version published meanwhile does not change what this run uses
    train_set, eval_set, languages = mix_splits(mix, home)
    cpu = on_cpu()
    model, tokenizer = load_base(base_model, cpu)
    template = prepare_chat_template(tokenizer, base_model)
    hyperparameters = {**asdict(config), "device": "cpu" if cpu else "cuda",
                       "precision": "bf16" if uses_bf16(cpu) else "fp32"}

    from jisr.training.progress import TrainingProgress

    with training_run(catalog_path, mix, base_model, config.method, hyperparameters, str(output_dir)) as run:
        trainer = None
        try:
            trainer = build_trainer(model, tokenizer, train_set, eval_set, config, output_dir, cpu,
                                    [TrainingProgress(progress)])
            trainer.train()
            trainer.save_model(str(output_dir))
            losses = trainer.state.log_history
            result = TrainResult(run.run_id, mix, manifest, base_model, config.method, output_dir, languages,
                                 trainer.state.global_step, _last(losses, "loss"), _last(losses, "eval_loss"), losses)
            (output_dir / "README.md").write_text(model_card(result, hyperparameters, template), encoding="utf-8")
        except BaseException as exc:  # KeyboardInterrupt too: failed, with the losses logged so far
            record_losses(run, trainer.state.log_history if trainer else [], error=exc)
            raise
        record_losses(run, losses)
    return result
