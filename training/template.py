"""Making a base model's chat template usable for loss on the assistant's tokens only.

TRL masks the loss to what the chat template renders between `{% generation %}` and
`{% endgeneration %}` (transformers' `return_assistant_tokens_mask`). Three cases:

- the template already has the markers: used as it is;
- it has none but TRL ships a marked training twin of it (Llama 3, Qwen 2.5/3, Gemma, Phi-3, ...):
  TRL tokenizes with the twin and the tokenizer keeps its own template for inference;
- the tokenizer has no template at all (most base checkpoints): it gets `PLAIN_TEMPLATE`, which is
  saved with the trained model so inference formats prompts exactly as training did.

Any other template cannot be masked, and we refuse rather than silently train on the prompts too.
"""

from __future__ import annotations

from jisr.errors import InputError

# Role headers are plain text, not new special tokens, so the embedding matrix never needs resizing.
# The end-of-sequence token closes each assistant turn inside the generation span: the model is
# trained to emit it, which is what stops generation at inference.
PLAIN_TEMPLATE = (
    "{%- if bos_token %}{{ bos_token }}{% endif -%}"
    "{%- for message in messages -%}"
    "{%- if message['role'] == 'assistant' -%}"
    "{{ '<|assistant|>\n' }}{% generation %}{{ message['content'] + eos_token }}{% endgeneration %}{{ '\n' }}"
    "{%- else -%}"
    "{{ '<|' + message['role'] + '|>\n' + message['content'] + '\n' }}"
    "{%- endif -%}"
    "{%- endfor -%}"
    "{%- if add_generation_prompt %}{{ '<|assistant|>\n' }}{% endif -%}"
)


def prepare_chat_template(tokenizer, base_model: str) -> str:
    """Give `tokenizer` a template TRL can mask; returns which case applied (for the run record)."""
    from trl.chat_template_utils import get_training_chat_template, has_generation_markers

    template = tokenizer.chat_template
    if not template:
        if tokenizer.eos_token is None:
            raise InputError(f"base model '{base_model}': its tokenizer has neither a chat template nor an "
                             "end-of-sequence token, so turns cannot be marked")
        tokenizer.chat_template = PLAIN_TEMPLATE
        return "jisr plain template (the base tokenizer had none)"
    if has_generation_markers(template):
        return "the base model's own template"
    try:
        get_training_chat_template(tokenizer)
    except ValueError as exc:
        raise InputError(f"base model '{base_model}': its chat template has no {{% generation %}} markers and TRL "
                         "knows no training version of it, so the loss cannot be limited to the answers") from exc
    return "TRL's training version of the base model's template"
