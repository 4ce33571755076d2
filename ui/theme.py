"""Look and feel: a GOV.UK-like palette with readable contrast and visible keyboard focus.

System fonts only (nothing is fetched from a font CDN: the service runs offline), and
the same light colours in the browser's dark mode, so contrast is checked once.
"""

from __future__ import annotations

import gradio as gr

from ui.charts import BLUE, GREEN, GREY, TEXT

FONTS = ["Arial", "Helvetica", "sans-serif"]
MONO = ["Consolas", "Menlo", "Courier New", "monospace"]
FOCUS = "#ffdd00"

CSS = f"""
.gradio-container {{ max-width: 1240px !important; margin: 0 auto !important; }}
#masthead {{ background: {BLUE}; color: #fff; padding: 18px 24px; border-radius: 6px; }}
#masthead h1 {{ color: #fff; margin: 0 0 4px 0; font-size: 1.9rem; }}
#masthead p {{ color: #fff; margin: 0; font-size: 1.05rem; }}
#masthead a {{ color: #fff; text-decoration: underline; }}
.prose a, .md a {{ color: {BLUE}; text-decoration: underline; }}
*:focus-visible {{ outline: 3px solid {FOCUS} !important; outline-offset: 0;
  box-shadow: 0 0 0 5px {TEXT} !important; }}
#status {{ min-height: 1.6em; color: {TEXT}; font-size: 1rem; }}
#status .working::before {{ content: ""; display: inline-block; width: 0.8em; height: 0.8em;
  margin-right: 0.5em; border: 3px solid {GREY}; border-top-color: {BLUE}; border-radius: 50%;
  animation: ndl-spin 0.9s linear infinite; vertical-align: -0.1em; }}
@keyframes ndl-spin {{ to {{ transform: rotate(360deg); }} }}
@media (prefers-reduced-motion: reduce) {{ #status .working::before {{ animation: none; }} }}
#status .problem {{ color: #942514; font-weight: bold; }}
.options-label {{ font-weight: bold; }}
.collection {{ border-left: 5px solid {BLUE}; padding: 4px 16px 12px 16px !important;
  margin-bottom: 18px; }}
.collection h3 {{ margin-top: 8px; font-size: 1.35rem; }}
button.example-question {{ background: transparent !important; border: none !important;
  box-shadow: none !important; color: {BLUE} !important; text-decoration: underline;
  justify-content: flex-start !important; text-align: left !important; font-size: 1rem !important;
  font-weight: normal !important; padding: 2px 4px !important; width: auto !important;
  min-width: 0 !important; white-space: normal; }}
button.example-question:hover {{ color: #003078 !important; text-decoration-thickness: 3px; }}
#question textarea {{ background: #ffffff !important; border: 2px solid {TEXT} !important; }}
#question textarea::placeholder {{ color: {GREY}; opacity: 1; }}
#table, #table * {{ font-family: Arial, Helvetica, sans-serif !important; }}
.dataset-entry {{ margin-bottom: 12px; }}
.muted {{ color: {GREY}; }}
#placeholder {{ color: {GREY}; font-size: 1.05rem; padding: 24px 0; }}
footer {{ display: none !important; }}
"""


def build_theme() -> gr.themes.Base:
    theme = gr.themes.Base(font=FONTS, font_mono=MONO, radius_size="sm").set(
        body_text_color=TEXT,
        body_text_color_subdued=GREY,
        link_text_color=BLUE,
        link_text_color_hover="#003078",
        link_text_color_visited="#4c2c92",
        button_primary_background_fill=GREEN,
        button_primary_background_fill_hover="#005a30",
        button_primary_text_color="#ffffff",
        button_primary_border_color="#002d18",
        button_secondary_background_fill="#f3f2f1",
        button_secondary_background_fill_hover="#dbdad9",
        button_secondary_text_color=TEXT,
        button_secondary_border_color="#929191",
        input_border_color=TEXT,
        input_background_fill="#ffffff",
        input_border_color_focus=TEXT,
        block_label_text_color=TEXT,
        block_title_text_color=TEXT,
        border_color_primary="#b1b4b6",
        color_accent=BLUE,
    )
    for name in list(vars(theme)):
        if name.endswith("_dark") and hasattr(theme, name[:-5]):
            setattr(theme, name, getattr(theme, name[:-5]))
    return theme
