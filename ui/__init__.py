"""The Gradio chat: a thin view over the pipeline."""
