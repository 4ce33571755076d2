"""The optional LLM text-to-SQL backend.

question → retrieval → prompt (only the retrieved tables' schema, their catalogue docs and
the closest eval question→SQL examples) → chat model (LangChain) → the SAME guard and
read-only execution as the offline planner → a generic answer, or the offline answer as
a fallback. Nothing here runs SQL the guard has not checked.

Modules: `models` (chat model from settings), `examples` (the `ndl_examples` Chroma
collection), `prompt`, `sqlgen` (structured output and reply cleaning), `compose`
(answers from any result), `route` (`LLMRoute`, `should_use_llm`), `evaluate` (the eval
harness with the LLM, offline vs LLM side by side). See docs/llm.md.
"""
